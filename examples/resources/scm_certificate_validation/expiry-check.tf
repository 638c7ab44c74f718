# Warns in every plan once the certificate expires within 30 days: expires_at is RFC 3339,
# so Terraform's time functions compare it with the time of the plan.
check "www_certificate_is_not_expiring" {
  assert {
    condition     = timecmp(scm_certificate_validation.www.expires_at, timeadd(plantimestamp(), "720h")) > 0
    error_message = "Certificate ${scm_certificate_validation.www.certificate_id} expires at ${scm_certificate_validation.www.expires_at}, within 30 days: renew it (guide \"Renewing a certificate without downtime\")."
  }
}
