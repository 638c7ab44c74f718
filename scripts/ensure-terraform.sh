#!/usr/bin/env bash
# Finds the Terraform and OpenTofu CLIs the tests run on, and prints their paths:
#   oldest  the oldest Terraform the provider supports, v1.5.7, built from source when
#           it is not found (release binaries cannot always be downloaded; v1.5.7 is the
#           last MPL release, the newest `go install` builds; about 4 minutes cold);
#   newest  (the default) TF_ACC_TERRAFORM_PATH when it is set (your choice: another
#           version, or OpenTofu), else the newest Terraform found, else the oldest;
#   matrix  one line per CLI to test on, "terraform|tofu <version> <path>": the oldest
#           Terraform, every other Terraform version found, and every OpenTofu found
#           (each version once), and TF_ACC_TERRAFORM_PATH when it is set.
#
# CLIs are found on PATH, in Go's bin directory and in this project's cache. With
# SCM_CLI_DIR set to a directory of xz-compressed CLIs (terraform-<version>.xz,
# tofu-<version>.xz) and a SHA256SUMS file of the unpacked ones, each is unpacked into
# the cache once and its sum verified first; a CLI whose sum does not match is refused.
# Nothing needs SCM_CLI_DIR: without it, what is found is used.
set -euo pipefail

oldest=1.5.7
cache=${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-scm
built=$cache/terraform-$oldest

version_of() { "$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p'; }
# kind_of reads the whole output: `version | grep -q` under pipefail fails when grep leaves
# before the CLI has written its last line, and OpenTofu was then taken for Terraform.
kind_of() { if grep -q '^OpenTofu' <<<"$("$1" version 2>/dev/null)"; then echo tofu; else echo terraform; fi; }

# unpack_archives puts every CLI of SCM_CLI_DIR into the cache, as
# $cache/<name>-<version>/<name>, once and only with a matching sum.
unpack_archives() {
  local dir=${SCM_CLI_DIR:-} archive file name target sum want
  [ -n "$dir" ] || return 0
  if [ ! -d "$dir" ]; then
    echo "SCM_CLI_DIR=$dir is not a directory; using the CLIs found elsewhere" >&2
    return 0
  fi
  for archive in "$dir"/terraform-*.xz "$dir"/tofu-*.xz; do
    [ -f "$archive" ] || continue
    file=$(basename "$archive" .xz)
    name=${file%%-*}
    target=$cache/$file/$name
    [ -x "$target" ] && continue
    want=$(awk -v f="$file" '$2 == f || $2 == "*" f { print $1 }' "$dir/SHA256SUMS" 2>/dev/null)
    if [ -z "$want" ]; then
      echo "$dir/SHA256SUMS has no sum for $file; not using it" >&2
      continue
    fi
    mkdir -p "$cache/$file"
    xz -dc "$archive" >"$target.part"
    sum=$(sha256sum "$target.part" | cut -d' ' -f1)
    if [ "$sum" != "$want" ]; then
      rm -f "$target.part"
      echo "$file: SHA-256 $sum does not match $want in $dir/SHA256SUMS; not using it" >&2
      continue
    fi
    chmod +x "$target.part"
    mv "$target.part" "$target"
    echo "unpacked $file into $cache/$file (SHA-256 verified)" >&2
  done
}

# candidates prints "<name> <version> <path>" for every CLI found, name terraform or
# tofu.
candidates() {
  { which -a terraform tofu 2>/dev/null || true
    echo "$(go env GOPATH)/bin/terraform"
    echo "$built/terraform"
    ls -d "$cache"/terraform-*/terraform "$cache"/tofu-*/tofu 2>/dev/null || true; } | while read -r path; do
    if [ -x "$path" ] && version=$(version_of "$path") && [ -n "$version" ]; then
      echo "$(kind_of "$path") $version $path"
    fi
  done
}

find_oldest() {
  local found
  found=$(candidates | awk -v want="$oldest" '$1 == "terraform" && $2 == want { print $3; exit }')
  if [ -z "$found" ]; then
    echo "Terraform $oldest not found; building it from source into $built (a few minutes)..." >&2
    mkdir -p "$built"
    GOFLAGS= GOBIN="$built" go install "github.com/hashicorp/terraform@v$oldest" >&2
    found=$built/terraform
  fi
  echo "$found"
}

# newest_terraform is the path of the newest Terraform found, else the oldest.
newest_terraform() {
  local newest
  newest=$(candidates | awk '$1 == "terraform"' | sort -V -k2,2 | tail -n 1 | cut -d' ' -f3-)
  if [ -z "$newest" ]; then newest=$(find_oldest); fi
  echo "$newest"
}

unpack_archives
case "${1:-newest}" in
oldest) find_oldest ;;
newest)
  if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
    echo "$TF_ACC_TERRAFORM_PATH"
  else
    newest_terraform
  fi
  ;;
newest-terraform) newest_terraform ;;
matrix)
  first=$(find_oldest)
  {
    echo "terraform $oldest $first"
    candidates | sort -V -k2,2 | awk -v oldest="$oldest" '!($1 == "terraform" && $2 == oldest)'
    if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
      path=$TF_ACC_TERRAFORM_PATH
      echo "$(kind_of "$path") $(version_of "$path") $path"
    fi
  } | awk '!seen[$1 " " $2]++'
  ;;
*) echo "usage: $0 [oldest|newest|newest-terraform|matrix]" >&2; exit 2 ;;
esac
