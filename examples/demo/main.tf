# The demo: a DV certificate from application to issuance in one apply, against the
# local emulator that scripts/demo.sh starts with DNS validation on. The provider reads
# its endpoint and credentials from HW_SCM_ENDPOINT, HW_ACCESS_KEY and HW_SECRET_KEY.
terraform {
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

provider "scm" {}

# 1. Apply for the certificate: www.example.com and shop.example.com.
resource "scm_certificate_application" "demo" {
  certificate_id           = "scs1554192131152"
  domain                   = "www.example.com"
  sans                     = ["shop.example.com"]
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}

# 2. Publish each validation record. A real configuration uses a DNS provider here;
#    the demo publishes to the emulator with its publish command (on PATH).
resource "terraform_data" "dns_record" {
  for_each = { for record in scm_certificate_application.demo.dns_validation_records : record.domain => record }

  input = "${each.value.record_name} TXT ${each.value.record_value}"

  provisioner "local-exec" {
    command = "scm-emulator publish '${each.value.record_name}' '${each.value.record_value}'"
  }
}

# 3. Wait until the certificate is issued.
resource "scm_certificate_validation" "demo" {
  certificate_id = scm_certificate_application.demo.certificate_id
  depends_on     = [terraform_data.dns_record]
}

output "dns_validation_records" {
  value = { for record in scm_certificate_application.demo.dns_validation_records : record.domain => "${record.record_name} TXT ${record.record_value}" }
}

output "status" {
  value = scm_certificate_validation.demo.status
}

output "valid_until" {
  value = scm_certificate_validation.demo.not_after
}
