package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// control sends a control call, unsigned as they are, and decodes a JSON answer.
func (h *harness) control(method, path, body string) (int, any) {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.url+path, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	var out any
	if json.Unmarshal(data, &out) != nil {
		out = string(data)
	}
	return resp.StatusCode, out
}

func (h *harness) controlOK(method, path, body string, want int) any {
	h.t.Helper()
	code, out := h.control(method, path, body)
	if code != want {
		h.t.Fatalf("%s %s: HTTP %d %v, want %d", method, path, code, out, want)
	}
	return out
}

// TestControlAPI drives the emulator over HTTP only, as a shell script would: every
// control a Go test has.
func TestControlAPI(t *testing.T) {
	h := newHarness(t, Options{FrozenClock: true, WithdrawalTime: time.Minute})

	// Certificates: add (an array or one), read one, list all.
	h.controlOK("POST", "/_emulator/certificates", `[{"id":"scs1554192131150"},{"id":"scs1554192131151","type":"OV_SSL_CERT","refuse":true}]`, 204)
	h.controlOK("POST", "/_emulator/certificates", `{"id":"scs1554192131152","domain_type":"MULTI_DOMAIN","domain_count":3,"wildcard_count":1}`, 204)
	if all := h.controlOK("GET", "/_emulator/certificates", "", 200).([]any); len(all) != 3 {
		t.Errorf("%d certificates listed, want 3", len(all))
	}
	one := h.controlOK("GET", "/_emulator/certificates/scs1554192131152", "", 200).(map[string]any)
	if one["status"] != "PAID" || one["domain_count"] != float64(3) {
		t.Errorf("certificate = %v", one)
	}

	// Reviews: issue and refuse end an application under review.
	h.apply("scs1554192131150", application(nil))
	h.apply("scs1554192131152", application(nil))
	h.controlOK("POST", "/_emulator/certificates/scs1554192131150/issue", "", 204)
	h.controlOK("POST", "/_emulator/certificates/scs1554192131152/refuse", "", 204)
	if h.status("scs1554192131150") != "ISSUED" || h.status("scs1554192131152") != "UNPASSED" {
		t.Error("issue or refuse did not end the review")
	}
	h.controlOK("GET", "/_emulator/ca", "", 200)

	// Withdraw out of band, edit as the console would, delete.
	h.apply("scs1554192131152", application(nil))
	h.controlOK("POST", "/_emulator/certificates/scs1554192131152/withdraw", "", 204)
	if h.status("scs1554192131152") != "PAID" {
		t.Error("withdraw did not return the certificate to PAID")
	}
	h.apply("scs1554192131152", application(nil))
	h.controlOK("PATCH", "/_emulator/certificates/scs1554192131152", `{"application_info":{"applicant_name":"Mallory"},"status":"CHECKING_ORG"}`, 204)
	edited := h.controlOK("GET", "/_emulator/certificates/scs1554192131152", "", 200).(map[string]any)
	if edited["status"] != "CHECKING_ORG" || edited["application_info"].(map[string]any)["applicant_name"] != "Mallory" ||
		edited["application_info"].(map[string]any)["applicant_email"] != "tom@example.com" {
		t.Errorf("after the patch: %v", edited)
	}
	h.controlOK("DELETE", "/_emulator/certificates/scs1554192131151", "", 204)
	if code, _ := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131151", nil, testSK); code != 404 {
		t.Errorf("a deleted certificate: HTTP %d, want 404", code)
	}

	// Settings, clock, DNS records, events.
	h.controlOK("PATCH", "/_emulator/settings", `{"dns_validation":true,"review_time":"1h"}`, 204)
	settings := h.controlOK("GET", "/_emulator/settings", "", 200).(map[string]any)
	if settings["dns_validation"] != true || settings["review_time"] != "1h0m0s" || settings["withdrawal_time"] != "1m0s" {
		t.Errorf("settings = %v: a patch keeps the fields it leaves out", settings)
	}
	before := h.controlOK("GET", "/_emulator/clock", "", 200).(map[string]any)["now"]
	h.controlOK("POST", "/_emulator/clock/advance", `{"by":"90m"}`, 204)
	after := h.controlOK("GET", "/_emulator/clock", "", 200).(map[string]any)["now"]
	if before == after {
		t.Error("the clock did not move")
	}
	h.controlOK("POST", "/_emulator/dns-records", `{"name":"_dnsauth.example.com","value":"abc"}`, 204)
	h.controlOK("POST", "/_emulator/dns-records", `[{"name":"_dnsauth.example.com.","value":"\"def\""}]`, 204)
	if records := h.controlOK("GET", "/_emulator/dns-records", "", 200).([]any); len(records) != 2 {
		t.Errorf("records = %v", records)
	}
	if events := h.controlOK("GET", "/_emulator/events", "", 200).([]any); len(events) < 8 {
		t.Errorf("only %d events", len(events))
	}

	// Faults, scripts and counters.
	h.controlOK("PUT", "/_emulator/faults", `{"throttle_rate":0.5,"delay":"2s","rate_limit":10}`, 204)
	faults := h.controlOK("GET", "/_emulator/faults", "", 200).(map[string]any)
	if faults["throttle_rate"] != 0.5 || faults["delay"] != "2s" || faults["rate_limit"] != float64(10) {
		t.Errorf("faults = %v", faults)
	}
	h.controlOK("PUT", "/_emulator/faults", `{}`, 204)
	h.controlOK("POST", "/_emulator/script", `{"operation":"show","faults":["server_error"]}`, 204)
	if code, _ := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK); code != 500 {
		t.Errorf("scripted server error: HTTP %d", code)
	}
	counts := h.controlOK("GET", "/_emulator/counts", "", 200).(map[string]any)
	if counts["server_errors"] != float64(1) || counts["applications"] != float64(4) {
		t.Errorf("counts = %v", counts)
	}
	h.controlOK("POST", "/_emulator/counts/reset", "", 204)
	if counts := h.controlOK("GET", "/_emulator/counts", "", 200).(map[string]any); counts["requests"] != float64(0) {
		t.Errorf("counts after a reset = %v", counts)
	}
}

// TestControlMistakesAreRefused: every mistake answers 4xx with a message.
func TestControlMistakesAreRefused(t *testing.T) {
	h := newHarness(t, Options{}, Seed{ID: "scs1554192131150"})
	tests := []struct {
		method, path, body string
		status             int
		says               string
	}{
		{"GET", "/_emulator/certificates/scs0000000000000", "", 404, "no certificate"},
		{"POST", "/_emulator/certificates/scs0000000000000/issue", "", 404, "no certificate"},
		{"POST", "/_emulator/certificates/scs1554192131150/issue", "", 409, "only an application under review"},
		{"POST", "/_emulator/certificates/scs1554192131150/withdraw", "", 409, "no application to withdraw"},
		{"POST", "/_emulator/certificates", `{"id":"scs1554192131150"}`, 409, "exists already"},
		{"POST", "/_emulator/certificates", `{"id":"short"}`, 400, "16 letters or digits"},
		{"POST", "/_emulator/certificates", `{"id":"scs1554192131151","domian_type":"WILDCARD"}`, 400, "unknown field"},
		{"PATCH", "/_emulator/certificates/scs1554192131150", `{"id":"scs1554192131159"}`, 400, "id cannot change"},
		{"PATCH", "/_emulator/certificates/scs1554192131150", `{"colour":"red"}`, 400, "does not fit a certificate"},
		{"PATCH", "/_emulator/settings", `{"dns_validaton":true}`, 400, "unknown field"},
		{"PUT", "/_emulator/faults", `{"throttle_rate":1.5}`, 400, "between 0 and 1"},
		{"PUT", "/_emulator/faults", `{"throttle_rate":0.6,"error_rate":0.6}`, 400, "add up to"},
		{"PUT", "/_emulator/faults", `{"delay":"soon"}`, 400, "not a duration"},
		{"POST", "/_emulator/script", `{"operation":"fly","faults":["throttle"]}`, 400, "operation must be"},
		{"POST", "/_emulator/script", `{"operation":"show","faults":["meltdown"]}`, 400, "unknown fault"},
		{"POST", "/_emulator/clock/advance", `{"by":"-5m"}`, 400, "not a duration"},
		{"POST", "/_emulator/dns-records", `{"name":"","value":"x"}`, 400, "needs a name and a value"},
	}
	for _, tt := range tests {
		code, out := h.control(tt.method, tt.path, tt.body)
		msg, _ := out.(map[string]any)["error_msg"].(string)
		if code != tt.status || !strings.Contains(msg, tt.says) {
			t.Errorf("%s %s %s: HTTP %d %v, want %d saying %q", tt.method, tt.path, tt.body, code, out, tt.status, tt.says)
		}
	}
}
