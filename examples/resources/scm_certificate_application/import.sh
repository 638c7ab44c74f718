# An application that already exists is imported by its certificate id.
terraform import scm_certificate_application.www scs1554192131150
