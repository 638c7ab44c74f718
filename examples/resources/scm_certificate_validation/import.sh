# An issued certificate is imported by its id.
terraform import scm_certificate_validation.www scs1554192131150
