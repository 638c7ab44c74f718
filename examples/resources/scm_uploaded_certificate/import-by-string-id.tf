import {
  to = scm_uploaded_certificate.www
  id = "scs1600313391074"
}
