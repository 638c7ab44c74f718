package scm

import (
	"net/http"
	"testing"
)

// FuzzDecode feeds arbitrary answers to the decoder: it must return a value or an
// error, never panic, and never report success for an error status.
func FuzzDecode(f *testing.F) {
	f.Add(200, "application/json", `{"id":"scs1554192131150","status":"PAID","authentification":[{"domain":"a"}]}`)
	f.Add(400, "application/json", `{"error_code":"SCM.0005","error_msg":"bad"}`)
	f.Add(502, "text/html", "<html><body>Bad Gateway</body></html>")
	f.Add(200, "application/json", `{"id": 1}`)
	f.Add(404, "", "")
	f.Fuzz(func(t *testing.T, status int, contentType, body string) {
		if status < 100 || status > 999 {
			return
		}
		var cert Certificate
		resp := &answer{StatusCode: status, Header: http.Header{"Content-Type": {contentType}}, Body: []byte(body)}
		err := decode("https://scm.test", "GET", "/v3/scm/certificates/x", resp, &cert)
		if status >= 300 && err == nil {
			t.Fatalf("HTTP %d decoded as a success", status)
		}
	})
}
