# Every issued certificate of the account that covers www.example.com.
data "scm_certificates" "www" {
  status = "ISSUED"
  domain = "www.example.com"
}

output "certificates_for_www" {
  value = { for certificate in data.scm_certificates.www.certificates : certificate.id => certificate.expire_time }
}

# Found once, then pinned: an application must not follow a lookup of PAID certificates,
# because its own certificate stops being PAID once applied for.
data "scm_certificates" "purchased" {
  status = "PAID"
}

resource "scm_certificate_application" "shop" {
  certificate_id           = data.scm_certificates.purchased.certificates[0].id
  domain                   = "shop.example.com"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true

  lifecycle {
    ignore_changes = [certificate_id]
  }
}
