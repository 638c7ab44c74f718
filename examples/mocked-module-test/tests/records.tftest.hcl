# Terraform 1.11 or later. The scm provider is mocked: dns_validation_records is a list
# of objects, given in full. Terraform's mocks fill computed values at apply unless
# override_during = plan, and for_each needs the records in the plan (the real provider
# plans them); the run only plans, since the values a mock makes up for the other
# computed attributes at plan would change at apply. OpenTofu reads
# records.tofutest.hcl instead.
mock_provider "scm" {}

variables {
  certificate_id = "scs1554192131150"
  domain         = "www.example.com"
}

run "one_record_set_per_record" {
  command = plan

  override_resource {
    target          = scm_certificate_application.this
    override_during = plan
    values = {
      dns_validation_records = [{
        domain       = "www.example.com"
        record_name  = "_dnsauth.www.example.com"
        record_type  = "TXT"
        record_value = "06bc70ceeb4c76eda1c1c76115bcff4a"
      }]
    }
  }

  assert {
    condition     = terraform_data.record["www.example.com"].input == "_dnsauth.www.example.com TXT 06bc70ceeb4c76eda1c1c76115bcff4a"
    error_message = "The record set does not carry the mocked record."
  }

  assert {
    condition     = output.record_names["www.example.com"] == "_dnsauth.www.example.com"
    error_message = "The output does not name the mocked record."
  }
}
