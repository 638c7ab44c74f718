package scm

import (
	"net/http"
	"strings"
	"testing"
)

func BenchmarkSign(b *testing.B) {
	body := []byte(`{"domain":"www.example.com","applicant_name":"Tom","applicant_phone":"13212345678","applicant_email":"tom@example.com","agree_privacy_protection":true}`)
	creds := Credentials{AccessKey: "AK", SecretKey: "SK"}
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodPost, "https://scm.example.com/v3/scm/certificates/scs1554192131150/apply", strings.NewReader(string(body)))
		if err := sign(req, map[string]string{"X-Sdk-Date": "20250101T000000Z", "Host": req.URL.Host}, body, creds); err != nil {
			b.Fatal(err)
		}
	}
}
