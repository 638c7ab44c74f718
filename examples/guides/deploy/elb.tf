# The vendor's load balancer takes the certificate by its SCM id: the private key goes
# from SCM to the load balancer inside the cloud and never passes through Terraform.
terraform {
  required_providers {
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
  }
}

resource "huaweicloud_elb_certificate" "site" {
  name               = "www-example-com"
  type               = "server"
  scm_certificate_id = scm_certificate_validation.site.id
  # Public, and asked for by the provider's schema.
  certificate = data.scm_certificate.site.certificate
}

output "elb_certificate_id" {
  description = "Give this to the listener (default_tls_container_ref of huaweicloud_elb_listener)."
  value       = huaweicloud_elb_certificate.site.id
}
