#!/usr/bin/env bash
# Runs examples/emulator-module-test/test.sh as a user would, with the provider and the
# emulator built from this tree (dev_overrides, no registry), on the Terraform given as
# the first argument (default: the newest found).
set -euo pipefail
cd "$(dirname "$0")/.."
terraform_bin=${1:-$(scripts/ensure-terraform.sh)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/terraform-provider-scm" .
go build -o "$work/bin/scm-emulator" ./internal/cmd/scm-emulator
TF_CLI_CONFIG_FILE=$(scripts/dev-overrides.sh "$work/bin") CHECKPOINT_DISABLE=1 PATH="$work/bin:$PATH" TERRAFORM=$terraform_bin SKIP_INIT=1 \
  examples/emulator-module-test/test.sh
