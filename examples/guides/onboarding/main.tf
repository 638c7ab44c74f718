terraform {
  # terraform query and list blocks need Terraform v1.14 or later.
  required_version = ">= 1.14"

  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

# Credentials and region come from HW_ACCESS_KEY, HW_SECRET_KEY and HW_REGION_NAME.
provider "scm" {}
