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
  description = "Id of the certificate in use, in status PAID when first applied for. To renew, buy its successor and set its id here."
  type        = string
}

# The application. create_before_destroy: a new certificate_id applies for the successor
# first; the old application leaves the state only once everything that depends on it
# has moved to the successor. An issued certificate is never withdrawn.
resource "scm_certificate_application" "www" {
  certificate_id           = var.certificate_id
  domain                   = "www.example.com"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true

  lifecycle {
    create_before_destroy = true
  }
}

# The DNS validation records, keyed by domain: the successor's records replace the old
# ones in the same apply. Published with your DNS provider in dns.tf.
locals {
  validation_records = { for record in scm_certificate_application.www.dns_validation_records : record.domain => record }
}

# Waits until the certificate in use is issued: the successor, at a renewal.
resource "scm_certificate_validation" "www" {
  certificate_id = scm_certificate_application.www.certificate_id
  depends_on     = [terraform_data.dns_records_published]

  lifecycle {
    create_before_destroy = true
  }
}

# 30 days before the end, every plan warns (renewal_warning_days); this check says so
# in the plan too.
check "www_certificate_is_not_expiring" {
  assert {
    condition     = timecmp(scm_certificate_validation.www.expires_at, timeadd(plantimestamp(), "720h")) > 0
    error_message = "Certificate ${scm_certificate_validation.www.certificate_id} expires at ${scm_certificate_validation.www.expires_at}: buy its successor and set certificate_id to it."
  }
}
