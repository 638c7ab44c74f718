# An organisation-validated (OV) certificate needs the company's details.
resource "scm_certificate_application" "corporate" {
  certificate_id           = "scs1554192131151"
  domain                   = "www.example.com"
  company_name             = "Example Ltd"
  company_unit             = "IT Department"
  company_province         = "Sichuan"
  company_city             = "Chengdu"
  country                  = "CN"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  contact_name             = "Jacky"
  contact_phone            = "13512345678"
  contact_email            = "jacky@example.com"
  key_algorithm            = "RSA_3072"
  agree_privacy_protection = true

  # Wait, up to the create timeout, until the certificate is issued.
  wait_for_issued = true
  timeouts = {
    create = "2h"
  }
}
