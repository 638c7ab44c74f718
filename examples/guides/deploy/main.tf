terraform {
  # Ephemeral resources need Terraform v1.10 or later.
  required_version = ">= 1.10"

  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

# Credentials and region come from HW_ACCESS_KEY, HW_SECRET_KEY and HW_REGION_NAME.
provider "scm" {}

variable "certificate_id" {
  description = "Id of a purchased multi-domain DV certificate for two domains, in status PAID."
  type        = string
}

variable "server" {
  description = "A web server that serves www.example.com itself, reached over SSH."
  type = object({
    host             = string
    user             = string
    private_key_file = string
  })
}

# 1. Apply. auto_dns_auth lets the service publish the validation records in Huawei
#    Cloud DNS itself; with another DNS provider, see the guide on DNS validation.
resource "scm_certificate_application" "site" {
  certificate_id           = var.certificate_id
  domain                   = "www.example.com"
  sans                     = ["api.example.com"]
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
  auto_dns_auth            = true
}

# 2. Validate: wait until the certificate is issued.
resource "scm_certificate_validation" "site" {
  certificate_id = scm_certificate_application.site.certificate_id
}

# 3. Fetch what is public: the certificate and its chain, in the state like any data.
data "scm_certificate" "site" {
  certificate_id = scm_certificate_validation.site.id
}

output "certificate" {
  value = data.scm_certificate.site.certificate
}

# 4. Use. Where the key must travel, the ephemeral resource carries it for this run
#    only; it never enters the plan or the state.
ephemeral "scm_certificate" "site" {
  certificate_id = scm_certificate_validation.site.id
}

resource "terraform_data" "installed_on_server" {
  # Installs again whenever the certificate is renewed.
  triggers_replace = [scm_certificate_validation.site.not_after]

  connection {
    type        = "ssh"
    host        = var.server.host
    user        = var.server.user
    private_key = file(var.server.private_key_file)
  }

  provisioner "file" {
    content     = ephemeral.scm_certificate.site.private_key
    destination = "/etc/ssl/private/www.example.com.key"
  }

  provisioner "file" {
    content     = "${ephemeral.scm_certificate.site.certificate}${ephemeral.scm_certificate.site.certificate_chain}"
    destination = "/etc/ssl/certs/www.example.com.pem"
  }

  provisioner "remote-exec" {
    inline = ["sudo systemctl reload nginx"]
  }
}
