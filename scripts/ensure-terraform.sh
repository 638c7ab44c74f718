#!/usr/bin/env bash
# Prints the path of a Terraform CLI, installing one from source when none is found.
# Release binaries cannot be downloaded here; v1.5.7 is the last MPL release and the
# newest that `go install` builds (about 4 minutes on a cold cache).
set -euo pipefail

version=v1.5.7
gobin=$(go env GOPATH)/bin

for candidate in "${TF_ACC_TERRAFORM_PATH:-}" "$(command -v terraform || true)" "$gobin/terraform"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done

echo "Terraform CLI not found; building $version from source (a few minutes)..." >&2
GOFLAGS= go install "github.com/hashicorp/terraform@$version" >&2
echo "$gobin/terraform"
