# The load balancer takes the certificate by its SCM id, through the validation: it moves
# to the successor only once that is issued. The vendor's provider; this file is all that
# depends on it.
terraform {
  required_providers {
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
  }
}

resource "huaweicloud_elb_certificate" "www" {
  name               = "www-example-com"
  type               = "server"
  scm_certificate_id = scm_certificate_validation.www.id

  lifecycle {
    create_before_destroy = true
  }
}

variable "zone_id" {
  description = "Id of the public DNS zone of example.com in Huawei Cloud DNS."
  type        = string
}

resource "huaweicloud_dns_recordset" "validation" {
  for_each = local.validation_records

  zone_id = var.zone_id
  name    = "${each.value.record_name}."
  type    = "TXT"
  records = ["\"${each.value.record_value}\""]
  ttl     = 300
}

resource "terraform_data" "dns_records_published" {
  input = [for record_set in huaweicloud_dns_recordset.validation : record_set.id]
}
