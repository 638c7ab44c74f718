# OpenTofu (1.8 or later reads .tofutest.hcl files, in place of records.tftest.hcl). Its
# overrides apply from the plan on, so for_each sees the mocked records without more.
mock_provider "scm" {}

variables {
  certificate_id = "scs1554192131150"
  domain         = "www.example.com"
}

run "one_record_set_per_record" {
  override_resource {
    target = scm_certificate_application.this
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
