# Waits until the certificate is issued. The records of the application are published
# with a DNS provider (see the guide "A DV certificate validated by DNS, end to end");
# auto_dns_auth lets the service publish them in Huawei Cloud DNS itself.
resource "scm_certificate_application" "www" {
  certificate_id           = "scs1554192131150"
  domain                   = "www.example.com"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
  auto_dns_auth            = true
}

resource "scm_certificate_validation" "www" {
  certificate_id = scm_certificate_application.www.certificate_id

  timeouts = {
    create = "2h"
  }
}

# Known only once the certificate is issued: whatever references it waits until then.
output "valid_until" {
  value = scm_certificate_validation.www.not_after
}
