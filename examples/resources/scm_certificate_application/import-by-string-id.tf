import {
  to = scm_certificate_application.www
  id = "scs1554192131150"
}
