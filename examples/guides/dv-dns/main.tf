terraform {
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
  }
}

# Credentials and region come from HW_ACCESS_KEY, HW_SECRET_KEY and HW_REGION_NAME.
provider "scm" {}

variable "certificate_ids" {
  description = "Ids of three purchased DV certificates, in status PAID: a multi-domain one for three domains, a wildcard one, and a multi-domain one for two domains, one of them a wildcard."
  type = object({
    shop     = string
    wildcard = string
    apex     = string
  })
}

locals {
  applicant = {
    name  = "Tom"
    phone = "13212345678"
    email = "tom@example.com"
  }
}

# 1. Apply for the certificates. The plan already knows one validation record per
#    domain, keyed by the domain, so the DNS records below can be planned in this apply.
resource "scm_certificate_application" "shop" {
  certificate_id           = var.certificate_ids.shop
  domain                   = "www.example.com"
  sans                     = ["shop.example.com", "api.example.com"]
  applicant_name           = local.applicant.name
  applicant_phone          = local.applicant.phone
  applicant_email          = local.applicant.email
  agree_privacy_protection = true
}

resource "scm_certificate_application" "wildcard" {
  certificate_id           = var.certificate_ids.wildcard
  domain                   = "*.static.example.com"
  applicant_name           = local.applicant.name
  applicant_phone          = local.applicant.phone
  applicant_email          = local.applicant.email
  agree_privacy_protection = true
}

# A domain and its own wildcard validate under one record name, with one value each.
resource "scm_certificate_application" "apex" {
  certificate_id           = var.certificate_ids.apex
  domain                   = "example.com"
  sans                     = ["*.example.com"]
  applicant_name           = local.applicant.name
  applicant_phone          = local.applicant.phone
  applicant_email          = local.applicant.email
  agree_privacy_protection = true
}

locals {
  applications = {
    shop     = scm_certificate_application.shop
    wildcard = scm_certificate_application.wildcard
    apex     = scm_certificate_application.apex
  }

  # One DNS record set per name, holding every TXT value of that name: DNS providers
  # take one record set per name and type. A wildcard and its base domain share their
  # record name, so the sets are keyed by the domain without its "*.", which is known
  # when the plan is made (the record names and values are not, yet).
  validation_record_sets = {
    for record in flatten([for application in values(local.applications) : application.dns_validation_records]) :
    trimprefix(record.domain, "*.") => record...
  }
}

# 2. The DNS records are published in dns.tf, with your DNS provider.

# 3. Wait until each certificate is issued. Anything that needs an issued certificate
#    (a load balancer listener, an ephemeral scm_certificate) references these.
resource "scm_certificate_validation" "this" {
  for_each       = local.applications
  certificate_id = each.value.certificate_id
  depends_on     = [terraform_data.dns_records_published]
}

output "issued" {
  value = { for name, validation in scm_certificate_validation.this : name => validation.not_after }
}
