# Every certificate of the account that has an application, with what an import reads.
list "scm_certificate_application" "all" {
  provider         = scm
  include_resource = true
  limit            = 1000
}

# Or narrower: only the issued ones.
list "scm_certificate_application" "issued" {
  provider         = scm
  include_resource = true

  config {
    status = "ISSUED"
  }
}
