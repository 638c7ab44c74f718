#!/usr/bin/env bash
# Prints the path of a Terraform CLI:
#   oldest  the oldest version the provider supports, v1.5.7, built from source when it
#           is not found (release binaries cannot be downloaded here; v1.5.7 is the last
#           MPL release, the newest `go install` builds; about 4 minutes on a cold cache);
#   newest  (the default) TF_ACC_TERRAFORM_PATH when it is set (your choice: another
#           version, or OpenTofu), else the newest version among every `terraform` on
#           PATH and in Go's bin directory, else the oldest.
set -euo pipefail

oldest=1.5.7
built=${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-scm/terraform-$oldest

version_of() { "$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p'; }

candidates() {
  { which -a terraform 2>/dev/null
    echo "$(go env GOPATH)/bin/terraform"
    echo "$built/terraform"; } | while read -r path; do
    if [ -x "$path" ] && version=$(version_of "$path") && [ -n "$version" ]; then
      echo "$version $path"
    fi
  done
}

find_oldest() {
  local found
  found=$(candidates | awk -v want="$oldest" '$1 == want { print $2; exit }')
  if [ -z "$found" ]; then
    echo "Terraform $oldest not found; building it from source into $built (a few minutes)..." >&2
    mkdir -p "$built"
    GOFLAGS= GOBIN="$built" go install "github.com/hashicorp/terraform@v$oldest" >&2
    found=$built/terraform
  fi
  echo "$found"
}

case "${1:-newest}" in
oldest) find_oldest ;;
newest)
  if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
    echo "$TF_ACC_TERRAFORM_PATH"
    exit 0
  fi
  newest=$(candidates | sort -V -k1,1 | tail -n 1 | cut -d' ' -f2-)
  if [ -z "$newest" ]; then newest=$(find_oldest); fi
  echo "$newest"
  ;;
*) echo "usage: $0 [oldest|newest]" >&2; exit 2 ;;
esac
