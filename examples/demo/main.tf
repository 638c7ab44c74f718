# The demo: one DV application against the local emulator, which scripts/demo.sh
# starts. The provider reads its endpoint and credentials from HW_SCM_ENDPOINT,
# HW_ACCESS_KEY and HW_SECRET_KEY.
terraform {
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

provider "scm" {}

resource "scm_certificate_application" "demo" {
  certificate_id           = "scs1554192131150"
  domain                   = "www.example.com"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}

output "status" {
  value = scm_certificate_application.demo.status
}

output "dns_validation_records" {
  value = scm_certificate_application.demo.dns_validation_records
}
