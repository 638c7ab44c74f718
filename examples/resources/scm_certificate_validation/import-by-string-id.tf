import {
  to = scm_certificate_validation.www
  id = "scs1554192131150"
}
