# The configuration test.sh applies against the emulator. The provider reads the
# emulator's URL and the credentials from HW_SCM_ENDPOINT, HW_ACCESS_KEY and
# HW_SECRET_KEY, so the same configuration runs against the real cloud unchanged.
terraform {
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

provider "scm" {}

locals {
  applicant = {
    name  = "Tom"
    phone = "+86 10 1234 5678"
    email = "tom@example.com"
  }
}

module "www" {
  source         = "./modules/certificate"
  certificate_id = "scs0000000000www"
  domains        = ["www.example.com"]
  applicant      = local.applicant
}

module "shop" {
  source         = "./modules/certificate"
  certificate_id = "scs000000000shop"
  domains        = ["shop.example.com", "cart.example.com"]
  applicant      = local.applicant
}

output "www_status" {
  value = module.www.status
}

output "shop_status" {
  value = module.shop.status
}

output "shop_records" {
  value = module.shop.records
}
