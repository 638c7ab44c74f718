# Against the local SCM emulator (make emulator prints its URL).
provider "scm" {
  endpoint   = "http://127.0.0.1:8080"
  access_key = "DEMOACCESSKEY0000001"
  secret_key = "demo-secret-key"
}
