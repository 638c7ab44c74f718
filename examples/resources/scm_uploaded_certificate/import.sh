# An uploaded certificate is imported by its id. The key cannot be read back: with the
# configuration that uploaded it, the plan after the import is empty.
terraform import scm_uploaded_certificate.www scs1600313391074
