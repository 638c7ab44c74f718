#!/usr/bin/env bash
# Checks the examples: terraform fmt, and terraform validate of every example directory
# with the provider built from this tree (dev_overrides, so no registry is needed).
# Directories that need other providers (the guides) cannot be initialised offline and
# are only format-checked.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
terraform_bin=${TF_ACC_TERRAFORM_PATH:-$(scripts/ensure-terraform.sh)}
export CHECKPOINT_DISABLE=1

"$terraform_bin" fmt -check -recursive -diff examples/

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/terraform-provider-scm" .
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/scmteam/scm" = "$work"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE=$work/terraformrc

for dir in $(find examples -name '*.tf' -exec dirname {} \; | sort -u); do
  if grep -hq 'source *= *"' "$dir"/*.tf && grep -h 'source *= *"' "$dir"/*.tf | grep -vq '"scmteam/scm"'; then
    echo "skip (needs other providers): $dir"
    continue
  fi
  copy=$work/$(echo "$dir" | tr / _)
  cp -r "$root/$dir" "$copy"
  if ! grep -q required_providers "$copy"/*.tf; then
    # The docs show examples without a terraform block; validation needs the source.
    printf 'terraform {\n  required_providers {\n    scm = { source = "scmteam/scm" }\n  }\n}\n' >"$copy/_required_providers.tf"
  fi
  if ! out=$("$terraform_bin" -chdir="$copy" validate -json -no-color 2>&1) || ! grep -q '"valid": true' <<<"$out"; then
    echo "$out" >&2
    echo "invalid example: $dir" >&2
    exit 1
  fi
  echo "valid: $dir"
done
