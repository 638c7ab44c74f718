# The key and the certificate signing request, with HashiCorp's tls provider. This file
# is all that depends on it.
terraform {
  required_providers {
    tls = {
      source = "hashicorp/tls"
    }
  }
}

# The only copy of the key that matches the issued certificate: keep the state in an
# encrypted backend. A new key comes only with a new certificate (main.tf).
resource "tls_private_key" "www" {
  algorithm = "RSA"
  rsa_bits  = 2048

  lifecycle {
    replace_triggered_by = [terraform_data.certificate]
  }
}

resource "tls_cert_request" "www" {
  private_key_pem = tls_private_key.www.private_key_pem
  dns_names       = ["www.example.com"]

  subject {
    common_name = "www.example.com"
  }
}

locals {
  csr_pem = tls_cert_request.www.cert_request_pem
}

# The key, for the service that serves the certificate (a load balancer takes the
# certificate and this key).
output "private_key_pem" {
  value     = tls_private_key.www.private_key_pem
  sensitive = true
}
