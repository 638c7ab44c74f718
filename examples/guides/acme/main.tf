terraform {
  required_version = ">= 1.11" # private_key_wo is write-only
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

# Credentials and region come from HW_ACCESS_KEY, HW_SECRET_KEY and HW_REGION_NAME.
provider "scm" {}

# The certificate from the ACME CA (acme.tf), uploaded to SCM so that Huawei Cloud services
# take it by its id. The key is write-only: it is not in this resource's plan or state.
# When the ACME provider renews the certificate, a new one is uploaded before the old one
# is deleted (create_before_destroy), under a name derived from the certificate.
resource "scm_uploaded_certificate" "www" {
  name              = "www-example-com-${substr(sha1(local.certificate_pem), 0, 12)}"
  certificate       = local.certificate_pem
  certificate_chain = local.issuer_pem
  private_key_wo    = local.private_key_pem

  lifecycle {
    create_before_destroy = true
  }
}

output "certificate_id" {
  value = scm_uploaded_certificate.www.id
}

output "expires_at" {
  value = scm_uploaded_certificate.www.expires_at
}
