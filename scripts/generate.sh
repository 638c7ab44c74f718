#!/usr/bin/env bash
# go generate with the newest Terraform found first on PATH: `terraform fmt` formats the
# examples and tfplugindocs reads the provider's schema with it, and an older CLI would
# leave out what it does not know (ephemeral resources need v1.10, list resources v1.14).
# Always Terraform, never OpenTofu, whatever TF_ACC_TERRAFORM_PATH says.
set -euo pipefail
cd "$(dirname "$0")/.."
terraform_bin=$(scripts/ensure-terraform.sh newest-terraform)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$terraform_bin" "$bin/terraform"
export PATH="$bin:$PATH" CHECKPOINT_DISABLE=1
echo "go generate with $("$terraform_bin" version | sed -n 1p)" >&2
go generate ./...
