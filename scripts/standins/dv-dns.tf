# Stands in for examples/guides/dv-dns/dns.tf where there is no DNS provider (CI, the
# acceptance tests): each record set is published to the local SCM emulator with its
# publish command, which must be on PATH and find the emulator in SCM_EMULATOR_URL.
resource "terraform_data" "dns_records_published" {
  for_each = local.validation_record_sets

  input = [for record in each.value : "${record.record_name} ${record.record_value}"]

  provisioner "local-exec" {
    command = join(" && ", [for record in each.value : "scm-emulator publish '${record.record_name}' '${record.record_value}'"])
  }
}
