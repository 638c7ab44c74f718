import {
  to = scm_uploaded_certificate.www
  identity = {
    certificate_id = "scs1600313391074"
  }
}
