import {
  to = scm_certificate_application.www
  identity = {
    certificate_id = "scs1554192131150"
  }
}
