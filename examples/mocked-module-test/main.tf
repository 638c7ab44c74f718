# A module that applies for a certificate and publishes its DNS validation records, one
# record set per record; here terraform_data stands for the DNS resource of your DNS
# provider. tests/ holds terraform test files that mock the scm provider, so that the
# module's logic is tested without the service or the emulator.

variable "certificate_id" {
  type = string
}

variable "domain" {
  type = string
}

resource "scm_certificate_application" "this" {
  certificate_id           = var.certificate_id
  domain                   = var.domain
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}

resource "terraform_data" "record" {
  for_each = { for r in scm_certificate_application.this.dns_validation_records : r.domain => r }
  input    = "${each.value.record_name} ${each.value.record_type} ${each.value.record_value}"
}

output "record_names" {
  value = { for r in scm_certificate_application.this.dns_validation_records : r.domain => r.record_name }
}
