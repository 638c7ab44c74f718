# Stands in for examples/guides/renewal/elb.tf where the vendor's provider cannot be
# installed (CI, the acceptance tests): the records are published to the local SCM
# emulator with its publish command (on PATH, finding the emulator in SCM_EMULATOR_URL),
# and a terraform_data takes the certificate id as the load balancer would.
resource "terraform_data" "dns_records_published" {
  for_each = local.validation_records

  # A provisioner runs when its resource is created: a new record value (the successor's)
  # creates it anew, as a DNS provider would update the record set.
  triggers_replace = each.value.record_value
  input            = "${each.value.record_name} ${each.value.record_value}"

  provisioner "local-exec" {
    command = "scm-emulator publish '${each.value.record_name}' '${each.value.record_value}'"
  }
}

resource "terraform_data" "load_balancer" {
  input = scm_certificate_validation.www.id

  lifecycle {
    create_before_destroy = true
  }
}
