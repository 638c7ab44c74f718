# The certificate from Let's Encrypt, with the DNS challenge in Huawei Cloud DNS, and the
# load balancer that serves it. This file is all that depends on the acme and huaweicloud
# providers.
terraform {
  required_providers {
    acme = {
      source = "vancluever/acme"
    }
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
  }
}

provider "acme" {
  server_url = "https://acme-v02.api.letsencrypt.org/directory"
}

resource "tls_private_key" "account" {
  algorithm = "ECDSA"
}

resource "acme_registration" "account" {
  account_key_pem = tls_private_key.account.private_key_pem
  email_address   = "tom@example.com"
}

# Renewed at plan time once fewer than 30 days remain.
resource "acme_certificate" "www" {
  account_key_pem    = acme_registration.account.account_key_pem
  common_name        = "www.example.com"
  min_days_remaining = 30

  dns_challenge {
    provider = "huaweicloud"
  }
}

locals {
  certificate_pem = acme_certificate.www.certificate_pem
  issuer_pem      = acme_certificate.www.issuer_pem
  private_key_pem = acme_certificate.www.private_key_pem
}

variable "listener_id" {
  description = "Id of the HTTPS listener of the load balancer."
  type        = string
}

resource "huaweicloud_elb_certificate" "www" {
  name               = scm_uploaded_certificate.www.name
  type               = "server"
  scm_certificate_id = scm_uploaded_certificate.www.id

  lifecycle {
    create_before_destroy = true
  }
}
