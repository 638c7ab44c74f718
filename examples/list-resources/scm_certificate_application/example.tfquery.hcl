# terraform query (Terraform v1.14 and later) with this file beside the provider's
# configuration; -generate-config-out=certificates.tf writes their resource and import
# blocks.
list "scm_certificate_application" "issued" {
  provider         = scm
  include_resource = true

  config {
    status = "ISSUED"
  }
}
