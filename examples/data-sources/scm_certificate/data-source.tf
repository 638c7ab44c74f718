# Check, in a later stage of a pipeline, whether a certificate was issued.
data "scm_certificate" "www" {
  certificate_id = "scs1554192131150"
}

output "issued" {
  value = data.scm_certificate.www.status == "ISSUED"
}

output "valid_until" {
  value = data.scm_certificate.www.not_after
}
