#!/usr/bin/env bash
# Checks the examples: terraform fmt, terraform validate of every example directory, and
# terraform test of the test files an example holds, with the provider built from this
# tree (dev_overrides, so no registry is needed).
#
# Files that need another provider (a guide's DNS or load balancer file) cannot be
# initialised offline: they are left out, and scripts/standins/<directory name>.tf,
# when it exists, stands in for them, so the rest of the directory is validated
# unchanged. Directories that need a newer Terraform than the one given (ephemeral
# blocks: v1.10) are skipped, and the script says so.
set -euo pipefail
shopt -s nullglob # a directory may hold only a .tfquery.hcl; greps read /dev/null then
cd "$(dirname "$0")/.."
root=$PWD
terraform_bin=${TF_ACC_TERRAFORM_PATH:-$(scripts/ensure-terraform.sh)}
export CHECKPOINT_DISABLE=1

"$terraform_bin" fmt -check -recursive -diff examples/

version=$("$terraform_bin" version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p')
at_least() { [ "$(printf '%s\n%s\n' "$1" "$version" | sort -V | sed -n 1p)" = "$1" ]; }
opentofu=false
# The output is read whole: `version | grep -q` under pipefail fails when grep leaves
# before the CLI has written its last line (about one run in twenty for OpenTofu).
if grep -q '^OpenTofu' <<<"$("$terraform_bin" version 2>/dev/null)"; then opentofu=true; fi

# keep_runnable_tests removes from an example's copy the test files this CLI cannot run,
# saying so: Terraform runs *.tftest.hcl, whose mocks need 1.11 here (override_during);
# OpenTofu runs *.tofutest.hcl in place of the .tftest.hcl of the same name.
keep_runnable_tests() {
  local dir=$1 copy=$2 file
  for file in "$copy"/tests/*.tftest.hcl "$copy"/tests/*.tofutest.hcl; do
    [ -f "$file" ] || continue
    if $opentofu && [ -f "${file%.tftest.hcl}.tofutest.hcl" ]; then
      rm "$file" # OpenTofu reads the .tofutest.hcl instead
    elif ! $opentofu && [[ $file == *.tofutest.hcl ]]; then
      rm "$file"
    elif ! $opentofu && grep -q override_during "$file" && ! at_least 1.11; then
      echo "  skip (override_during needs Terraform 1.11 or later, this is $version): $dir/tests/$(basename "$file")"
      rm "$file"
    fi
  done
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/terraform-provider-scm" .
TF_CLI_CONFIG_FILE=$(scripts/dev-overrides.sh "$work")
export TF_CLI_CONFIG_FILE

# needs_other_provider reports whether a file's required_providers name a provider
# other than scm (module sources do not count).
needs_other_provider() {
  awk '/required_providers *\{/ { inside = 1; depth = 0 }
       inside { depth += gsub(/\{/, "{"); depth -= gsub(/\}/, "}")
                if ($0 ~ /source *= *"/ && $0 !~ /"scmteam\/scm"/) found = 1
                if (depth == 0) inside = 0 }
       END { exit !found }' "$1"
}

for dir in $(find examples \( -name '*.tf' -o -name '*.tfquery.hcl' \) -exec dirname {} \; | sort -u); do
  if grep -Eq '^ephemeral "|ephemeral\.' /dev/null "$dir"/*.tf && ! at_least 1.10; then
    echo "skip (ephemeral resources need Terraform 1.10 or later, this is $version): $dir"
    continue
  fi
  if grep -Eq '_wo +=' /dev/null "$dir"/*.tf && ! at_least 1.11; then
    echo "skip (write-only attributes need Terraform 1.11 or later, this is $version): $dir"
    continue
  fi
  copy=$work/$(echo "$dir" | tr / _)
  cp -r "$dir" "$copy"
  for file in "$dir"/*.tf; do
    if needs_other_provider "$file"; then
      echo "  left out (needs another provider): $file"
      rm "$copy/$(basename "$file")"
    fi
  done
  standin=scripts/standins/$(basename "$dir").tf
  if [ -f "$standin" ]; then
    cp "$standin" "$copy/_standin.tf"
    echo "  stands in: $standin"
  fi
  if ! grep -q required_providers /dev/null "$copy"/*.tf; then
    # The docs show examples without a terraform block; validation needs the source.
    printf 'terraform {\n  required_providers {\n    scm = { source = "scmteam/scm" }\n  }\n}\n' >"$copy/_required_providers.tf"
  fi
  if grep -q '^module "' /dev/null "$copy"/*.tf; then
    "$terraform_bin" -chdir="$copy" get >/dev/null # local modules only: no registry
  fi
  keep_runnable_tests "$dir" "$copy"
  # An import by identity (v1.12 and later) and one by id cannot stand together: each
  # CLI validates the one it has, so that the matrix validates both.
  if [ -f "$copy/import-by-identity.tf" ]; then
    if at_least 1.12; then rm -f "$copy/import-by-string-id.tf"; else rm "$copy/import-by-identity.tf"; fi
  fi
  validate=(validate -json -no-color)
  queries=("$copy"/*.tfquery.hcl)
  if [ ${#queries[@]} -gt 0 ]; then
    if $opentofu; then
      echo "skip (OpenTofu has no terraform query): $dir"
      continue
    elif ! at_least 1.14; then
      echo "skip (terraform query needs Terraform 1.14 or later, this is $version): $dir"
      continue
    fi
    validate+=(-query)
  fi
  if ! out=$("$terraform_bin" -chdir="$copy" "${validate[@]}" 2>&1) || ! grep -q '"valid": true' <<<"$out"; then
    echo "$out" >&2
    echo "invalid example: $dir" >&2
    exit 1
  fi
  echo "valid: $dir"
  tests=("$copy"/tests/*test.hcl)
  if [ ${#tests[@]} -gt 0 ]; then
    if ! out=$("$terraform_bin" -chdir="$copy" test -no-color 2>&1); then
      echo "$out" >&2
      echo "terraform test failed: $dir" >&2
      exit 1
    fi
    echo "  tests passed: $(grep -E '^(Success|Failure)' <<<"$out")"
  fi
done
