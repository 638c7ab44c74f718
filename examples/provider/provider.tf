# Credentials come from the environment (HW_ACCESS_KEY, HW_SECRET_KEY and, for
# temporary credentials, HW_SECURITY_TOKEN), so that no secret is written in HCL.
provider "scm" {
  region = "ap-southeast-1"
}
