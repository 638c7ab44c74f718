# Terraform v1.10 and later. The certificate, its chain and its private key exist for
# this run only: none of them is written to the plan or the state.
resource "scm_certificate_validation" "www" {
  certificate_id = "scs1554192131150"
}

# Referencing the validation makes Terraform open the ephemeral resource only once the
# certificate is issued, in the same apply.
ephemeral "scm_certificate" "www" {
  certificate_id = scm_certificate_validation.www.id
}

variable "server" {
  description = "The web server to install the certificate on, reached over SSH."
  type = object({
    host             = string
    user             = string
    private_key_file = string
  })
}

# A provisioner copies the key to the server; it runs again when the certificate is
# renewed (a new not_after).
resource "terraform_data" "installed_on_server" {
  triggers_replace = [scm_certificate_validation.www.not_after]

  connection {
    type        = "ssh"
    host        = var.server.host
    user        = var.server.user
    private_key = file(var.server.private_key_file)
  }

  provisioner "file" {
    content     = ephemeral.scm_certificate.www.private_key
    destination = "/etc/ssl/private/www.example.com.key"
  }

  provisioner "file" {
    content     = "${ephemeral.scm_certificate.www.certificate}${ephemeral.scm_certificate.www.certificate_chain}"
    destination = "/etc/ssl/certs/www.example.com.pem"
  }
}
