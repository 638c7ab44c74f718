# A domain-validated (DV) certificate, validated by DNS.
resource "scm_certificate_application" "www" {
  certificate_id           = "scs1554192131150"
  domain                   = "www.example.com"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}

# Create these records with your DNS provider to prove ownership of the domain.
output "dns_validation_records" {
  value = scm_certificate_application.www.dns_validation_records
}
