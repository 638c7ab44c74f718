# A multi-domain certificate: the primary domain plus additional ones, within the
# certificate's domain quota, with a CSR that names all of them.
resource "scm_certificate_application" "shop" {
  certificate_id           = "scs1554192131152"
  domain                   = "www.example.com"
  sans                     = ["shop.example.com", "api.example.com"]
  csr                      = file("${path.module}/shop.csr")
  applicant_name           = "Tom"
  applicant_phone          = "+8613212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}
