#!/usr/bin/env bash
# Writes a CLI configuration that runs the scm provider built into DIR instead of one
# from a registry (dev_overrides, so that no terraform init is needed, which would ask
# the registry and fail offline), and prints its path:
#
#   export TF_CLI_CONFIG_FILE=$(scripts/dev-overrides.sh DIR)
#
# The source "scmteam/scm" means registry.terraform.io/scmteam/scm to Terraform and
# registry.opentofu.org/scmteam/scm to OpenTofu; both are overridden, so the same
# configuration serves either CLI.
set -euo pipefail
dir=$1
cat >"$dir/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/scmteam/scm"  = "$dir"
    "registry.opentofu.org/scmteam/scm" = "$dir"
  }
  direct {}
}
RC
echo "$dir/terraformrc"
