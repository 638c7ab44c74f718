# The module under test: one certificate application, with its validation records
# keyed by domain. Any module that uses the scm provider is tested the same way.
terraform {
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

variable "certificate_id" {
  description = "Id of a purchased certificate, in status PAID."
  type        = string
}

variable "domains" {
  description = "The domains to cover, the primary one first."
  type        = list(string)
}

variable "applicant" {
  description = "Who applies."
  type = object({
    name  = string
    phone = string
    email = string
  })
}

resource "scm_certificate_application" "this" {
  certificate_id           = var.certificate_id
  domain                   = var.domains[0]
  sans                     = slice(var.domains, 1, length(var.domains))
  applicant_name           = var.applicant.name
  applicant_phone          = var.applicant.phone
  applicant_email          = var.applicant.email
  agree_privacy_protection = true
}

output "status" {
  value = scm_certificate_application.this.status
}

output "records" {
  value = { for record in scm_certificate_application.this.dns_validation_records : record.domain => record.record_name }
}
