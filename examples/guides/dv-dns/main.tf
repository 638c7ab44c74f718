terraform {
  required_providers {
    scm = {
      source = "scmteam/scm"
    }
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
  }
}

variable "certificate_id" {
  description = "Id of the purchased DV certificate, in status PAID."
  type        = string
}

variable "zone_id" {
  description = "Id of the public DNS zone of example.com in Huawei Cloud DNS."
  type        = string
}

# 1. Apply for the certificate. Create returns at once with the DNS records to create.
resource "scm_certificate_application" "www" {
  certificate_id           = var.certificate_id
  domain                   = "www.example.com"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}

# 2. Publish the validation records with the vendor's DNS resource (any DNS provider works).
resource "huaweicloud_dns_recordset" "validation" {
  for_each = {
    for record in scm_certificate_application.www.dns_validation_records : record.domain => record
  }

  zone_id = var.zone_id
  name    = "${each.value.record_name}."
  type    = each.value.record_type
  records = ["\"${each.value.record_value}\""]
  ttl     = 300
}

# 3. Wait for issuance in a later stage, or another workspace, with the data source.
data "scm_certificate" "www" {
  certificate_id = scm_certificate_application.www.certificate_id
  depends_on     = [huaweicloud_dns_recordset.validation]
}

output "status" {
  value = data.scm_certificate.www.status
}
