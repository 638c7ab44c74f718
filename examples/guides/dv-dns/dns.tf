# The validation records, published with Huawei Cloud DNS; any DNS provider works the
# same way. This file is all that depends on the DNS provider.
terraform {
  required_providers {
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
  }
}

variable "zone_id" {
  description = "Id of the public DNS zone of example.com in Huawei Cloud DNS."
  type        = string
}

resource "huaweicloud_dns_recordset" "validation" {
  for_each = local.validation_record_sets

  zone_id = var.zone_id
  name    = "${each.value[0].record_name}."
  type    = "TXT"
  records = [for record in each.value : "\"${record.record_value}\""]
  ttl     = 300
}

# What waits for the records depends on this.
resource "terraform_data" "dns_records_published" {
  input = [for record_set in huaweicloud_dns_recordset.validation : record_set.id]
}
