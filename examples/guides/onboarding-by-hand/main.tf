terraform {
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

provider "scm" {}

# Terraform v1.5 and later, and OpenTofu: an import block by the certificate id. (From
# Terraform v1.12 and OpenTofu v1.12 on, `identity = { certificate_id = "..." }` in
# place of `id` does the same.)
import {
  to = scm_certificate_application.www
  id = "scs1554192131150"
}

# The resource as the certificate was applied for: the values the service holds, the
# applicant's phone and e-mail as they were sent.
resource "scm_certificate_application" "www" {
  certificate_id           = "scs1554192131150"
  domain                   = "www.example.com"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}
