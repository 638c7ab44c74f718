# Stands in for examples/guides/own-key/tls.tf where the tls provider cannot be installed
# (CI, the acceptance tests): the key is a terraform_data, replaced as tls_private_key is
# (when its size or the certificate changes), and each key size has a CSR for
# www.example.com that the test made beforehand.
variable "standin_rsa_bits" {
  type    = number
  default = 2048
}

variable "standin_csr_pem" {
  description = "A CSR for www.example.com for each key size, by size."
  type        = map(string)
  default     = {}
}

resource "terraform_data" "private_key" {
  input = var.standin_rsa_bits

  lifecycle {
    replace_triggered_by = [terraform_data.certificate]
  }
}

locals {
  csr_pem = var.standin_csr_pem[tostring(terraform_data.private_key.output)]
}
