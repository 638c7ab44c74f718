import {
  to = scm_certificate_validation.www
  identity = {
    certificate_id = "scs1554192131150"
  }
}
