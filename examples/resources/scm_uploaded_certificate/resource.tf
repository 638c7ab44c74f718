variable "certificate_pem" {
  description = "The certificate, PEM, such as the content of www.example.com.crt."
  type        = string
}

variable "intermediate_pem" {
  description = "Its intermediate certificates, PEM."
  type        = string
}

variable "private_key_pem" {
  description = "Its private key, PEM, without a passphrase."
  type        = string
  sensitive   = true
}

# A certificate issued elsewhere, with its chain; the key is write-only (Terraform 1.11
# and later), so it is not in the plan or the state.
resource "scm_uploaded_certificate" "www" {
  name              = "www-example-com-2026"
  certificate       = var.certificate_pem
  certificate_chain = var.intermediate_pem
  private_key_wo    = var.private_key_pem
}

# A load balancer takes it by its SCM id, as huaweicloud_elb_certificate.scm_certificate_id.
output "scm_certificate_id" {
  value = scm_uploaded_certificate.www.id
}
