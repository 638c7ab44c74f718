terraform {
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

# Credentials and region come from HW_ACCESS_KEY, HW_SECRET_KEY and HW_REGION_NAME.
provider "scm" {}

variable "certificate_id" {
  description = "Id of a purchased DV certificate for www.example.com, in status PAID. To rotate the key or change the domains, buy a new certificate and set its id here."
  type        = string
}

# The certificate in use. The key in tls.tf is replaced when it changes, and only then:
# a key matches exactly one issued certificate.
resource "terraform_data" "certificate" {
  input = var.certificate_id
}

resource "scm_certificate_application" "www" {
  certificate_id           = var.certificate_id
  domain                   = "www.example.com"
  csr                      = local.csr_pem # from tls.tf: the key never reaches SCM
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}
