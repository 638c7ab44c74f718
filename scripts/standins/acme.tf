# Stands in for examples/guides/acme/acme.tf where the acme and huaweicloud providers
# cannot be installed (CI, the acceptance tests): the certificate comes from variables,
# which the test fills with certificates it makes with a local CA in Go, and a
# terraform_data takes the certificate id as the load balancer would.
variable "standin_certificate_pem" {
  type = string
}

variable "standin_issuer_pem" {
  type = string
}

variable "standin_private_key_pem" {
  type      = string
  sensitive = true
}

locals {
  certificate_pem = var.standin_certificate_pem
  issuer_pem      = var.standin_issuer_pem
  private_key_pem = var.standin_private_key_pem
}

resource "terraform_data" "load_balancer" {
  input = scm_uploaded_certificate.www.id

  lifecycle {
    create_before_destroy = true
  }
}
