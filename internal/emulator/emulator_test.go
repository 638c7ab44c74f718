package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/testcases"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

const (
	testAK = "EMULATORTESTAK000001"
	testSK = "emulator-test-sk"
)

// fakeClock is a clock the tests move by hand.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

type harness struct {
	t     *testing.T
	srv   *Server
	url   string
	clock *fakeClock
}

func newHarness(t *testing.T, opts Options, seeds ...Seed) *harness {
	t.Helper()
	clock := &fakeClock{now: time.Now()}
	opts.AccessKey, opts.SecretKey, opts.Now = testAK, testSK, clock.Now
	srv, err := New(opts, seeds...)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &harness{t: t, srv: srv, url: ts.URL, clock: clock}
}

// call sends a request signed by the verifier's own canonicalisation.
func (h *harness) call(method, path string, body any, secret string) (int, map[string]any) {
	h.t.Helper()
	var payload []byte
	if body != nil {
		payload, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, h.url+path, bytes.NewReader(payload))
	date := h.clock.Now().UTC().Format(sdkDateLayout)
	req.Header.Set("X-Sdk-Date", date)
	headers := map[string]string{"host": req.URL.Host, "x-sdk-date": date}
	canonical := canonicalRequest(method, req.URL.Path, req.URL.Query(), headers, []string{"host", "x-sdk-date"}, payload)
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+testAK+", SignedHeaders=host;x-sdk-date, Signature="+signature(secret, date, canonical))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func (h *harness) apply(id string, body map[string]any) (int, map[string]any) {
	return h.call(http.MethodPost, "/v3/scm/certificates/"+id+"/apply", body, testSK)
}

func (h *harness) status(id string) string {
	h.t.Helper()
	code, out := h.call(http.MethodGet, "/v3/scm/certificates/"+id, nil, testSK)
	if code != 200 {
		h.t.Fatalf("show %s: HTTP %d %v", id, code, out)
	}
	status, _ := out["status"].(string)
	return status
}

func application(change func(map[string]any)) map[string]any {
	a := map[string]any{
		"domain": "www.example.com", "applicant_name": "Tom", "applicant_phone": "13212345678",
		"applicant_email": "tom@example.com", "agree_privacy_protection": true,
	}
	if change != nil {
		change(a)
	}
	return a
}

func TestPublishedSignatureVectorsVerify(t *testing.T) {
	t.Run("vector 1", func(t *testing.T) {
		canonical := canonicalRequest("GET", "/path", url.Values{"limit": {"1"}},
			map[string]string{"x-sdk-date": "20060102T150405Z"}, []string{"x-sdk-date"}, nil)
		want := "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
		if canonical != want {
			t.Fatalf("canonical request:\n%q\nwant\n%q", canonical, want)
		}
		if got := signature("SecretKey", "20060102T150405Z", canonical); got != "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624" {
			t.Errorf("signature = %s", got)
		}
	})
	t.Run("vector 2", func(t *testing.T) {
		canonical := canonicalRequest("POST", "/path", url.Values{"key": {"value"}},
			map[string]string{"x-sdk-date": "20060102T150405Z"}, []string{"x-sdk-date"}, []byte("{\"Name\":\"test\",\"Id\":1}\n"))
		if got := signature("SecretKey", "20060102T150405Z", canonical); got != "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59" {
			t.Errorf("signature = %s", got)
		}
	})
	t.Run("vector 3", func(t *testing.T) {
		canonical := canonicalRequest("GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
			url.Values{"limit": {"2"}, "marker": {"13551d6b-755d-4757-b956-536f674975c0"}},
			map[string]string{"content-type": "application/json", "host": "service.region.example.com", "x-sdk-date": "20191115T033655Z"},
			[]string{"content-type", "host", "x-sdk-date"}, nil)
		got := signature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", "20191115T033655Z", canonical)
		if got != "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe" {
			t.Errorf("signature = %s", got)
		}
	})
}

func TestBadSignaturesAreRefused(t *testing.T) {
	h := newHarness(t, Options{}, Seed{ID: "scs1554192131150"})
	code, out := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, "wrong-secret")
	if code != 401 || out["error_code"] != "APIGW.0301" {
		t.Fatalf("HTTP %d %v, want 401 APIGW.0301", code, out)
	}

	req, _ := http.NewRequest(http.MethodGet, h.url+"/v3/scm/certificates/scs1554192131150", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("unsigned request: HTTP %d, want 401", resp.StatusCode)
	}

	h.clock.Advance(-20 * time.Minute) // the request's date is now 20 minutes behind the server
	code, _ = h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
	h.clock.Advance(20 * time.Minute)
	if code != 200 {
		t.Fatalf("control request: HTTP %d", code)
	}
	if got := h.srv.Counts().Unauthorized; got != 2 {
		t.Errorf("unauthorized = %d, want 2", got)
	}
}

func TestClockSkewBeyondFifteenMinutesIsRefused(t *testing.T) {
	h := newHarness(t, Options{}, Seed{ID: "scs1554192131150"})
	req, _ := http.NewRequest(http.MethodGet, h.url+"/v3/scm/certificates/scs1554192131150", nil)
	if err := verifySignature(req, nil, testAK, testSK, h.clock.Now()); err == nil {
		t.Fatal("a request without a signature verified")
	}
	date := h.clock.Now().Add(-16 * time.Minute).UTC().Format(sdkDateLayout)
	req.Header.Set("X-Sdk-Date", date)
	canonical := canonicalRequest("GET", req.URL.Path, url.Values{}, map[string]string{"x-sdk-date": date}, []string{"x-sdk-date"}, nil)
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+testAK+", SignedHeaders=x-sdk-date, Signature="+signature(testSK, date, canonical))
	if err := verifySignature(req, nil, testAK, testSK, h.clock.Now()); err == nil || !strings.Contains(err.Error(), "off") {
		t.Fatalf("err = %v, want the date refused as too far off", err)
	}
}

func TestApplicationRules(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name   string
		seed   Seed
		change func(map[string]any)
		code   string
	}{
		{"privacy agreement false", Seed{}, func(a map[string]any) { a["agree_privacy_protection"] = false }, "SCM.0005"},
		{"privacy agreement missing", Seed{}, func(a map[string]any) { delete(a, "agree_privacy_protection") }, "SCM.0005"},
		{"unknown field", Seed{}, func(a map[string]any) { a["applicant_mail"] = "x@example.com" }, "SCM.0005"},
		{"domain missing", Seed{}, func(a map[string]any) { delete(a, "domain") }, "SCM.0005"},
		{"domain too long", Seed{}, func(a map[string]any) { a["domain"] = long(256) + ".com" }, "SCM.0005"},
		{"domain malformed", Seed{}, func(a map[string]any) { a["domain"] = "exa mple.com" }, "SCM.0015"},
		{"applicant name over 63", Seed{}, func(a map[string]any) { a["applicant_name"] = long(64) }, "SCM.0005"},
		{"e-mail malformed", Seed{}, func(a map[string]any) { a["applicant_email"] = "example.huawei.com" }, "SCM.0005"},
		{"phone malformed", Seed{}, func(a map[string]any) { a["applicant_phone"] = "call me" }, "SCM.0005"},
		{"country not two letters", Seed{}, func(a map[string]any) { a["country"] = "CHN" }, "SCM.0005"},
		{"unknown key algorithm", Seed{}, func(a map[string]any) { a["key_algorithm"] = "RSA_1024" }, "SCM.0005"},
		{"OV without company", Seed{Type: "OV_SSL_CERT"}, nil, "SCM.0005"},
		{"sans on a single-domain certificate", Seed{}, func(a map[string]any) { a["sans"] = "api.example.com" }, "SCM.0015"},
		{"wildcard on a single-domain certificate", Seed{}, func(a map[string]any) { a["domain"] = "*.example.com" }, "SCM.0015"},
		{"plain domain on a wildcard certificate", Seed{DomainType: "WILDCARD"}, nil, "SCM.0015"},
		{"sans over the quota", Seed{DomainType: "MULTI_DOMAIN", DomainCount: 2}, func(a map[string]any) { a["sans"] = "a.example.com;b.example.com" }, "SCM.0015"},
		{"sans repeat the domain", Seed{DomainType: "MULTI_DOMAIN", DomainCount: 3}, func(a map[string]any) { a["sans"] = "www.example.com" }, "SCM.0015"},
		{"csr not PEM", Seed{}, func(a map[string]any) { a["csr"] = "not a csr" }, "SCM.0005"},
		{"csr for another domain", Seed{}, func(a map[string]any) { a["csr"] = testcert.CSR(t, "other.example.com") }, "SCM.0005"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.seed.ID = "scs1554192131150"
			h := newHarness(t, Options{}, tt.seed)
			code, out := h.apply(tt.seed.ID, application(tt.change))
			if code != 400 || out["error_code"] != tt.code {
				t.Fatalf("HTTP %d %v, want 400 %s", code, out, tt.code)
			}
			if h.status(tt.seed.ID) != "PAID" {
				t.Error("a refused application changed the certificate")
			}
		})
	}
}

func TestAcceptedApplications(t *testing.T) {
	tests := []struct {
		name   string
		seed   Seed
		change func(map[string]any)
	}{
		{"DV with a matching CSR", Seed{}, func(a map[string]any) { a["csr"] = testcert.CSR(t, "www.example.com") }},
		{"OV with company data", Seed{Type: "OV_SSL_CERT"}, func(a map[string]any) {
			a["company_name"], a["company_province"], a["company_city"], a["country"] = "Example Ltd", "Sichuan", "Chengdu", "CN"
		}},
		{"multi-domain at its quota", Seed{DomainType: "MULTI_DOMAIN", DomainCount: 3, WildcardCount: 1}, func(a map[string]any) {
			a["sans"] = "api.example.com;*.example.org"
		}},
		{"wildcard", Seed{DomainType: "WILDCARD"}, func(a map[string]any) { a["domain"] = "*.example.com" }},
		{"names at their caps", Seed{}, func(a map[string]any) {
			a["applicant_name"] = strings.Repeat("名", 63)
			a["contact_name"] = strings.Repeat("b", 63)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.seed.ID = "scs1554192131150"
			h := newHarness(t, Options{}, tt.seed)
			if code, out := h.apply(tt.seed.ID, application(tt.change)); code != 200 || out["request_info"] != "success" {
				t.Fatalf("HTTP %d %v, want success", code, out)
			}
			if got := h.status(tt.seed.ID); got != "CHECKING" {
				t.Errorf("status = %s, want CHECKING", got)
			}
		})
	}
}

func TestStatusMachine(t *testing.T) {
	h := newHarness(t, Options{ReviewTime: time.Hour, WithdrawalTime: time.Minute},
		Seed{ID: "scs1554192131150"}, Seed{ID: "scs1554192131151", Refuse: true}, Seed{ID: "scs1554192131152"})
	for _, id := range []string{"scs1554192131150", "scs1554192131151", "scs1554192131152"} {
		if code, out := h.apply(id, application(nil)); code != 200 {
			t.Fatalf("apply %s: HTTP %d %v", id, code, out)
		}
	}
	if code, out := h.apply("scs1554192131150", application(nil)); code != 400 || out["error_code"] != "SCM.0010" {
		t.Errorf("second application: HTTP %d %v, want 400 SCM.0010", code, out)
	}

	if code, _ := h.call(http.MethodPost, "/v3/scm/certificates/scs1554192131152/cancel-cert", nil, testSK); code != 200 {
		t.Fatalf("withdraw: HTTP %d", code)
	}
	if got := h.status("scs1554192131152"); got != "CANCELCHECKING" {
		t.Errorf("just withdrawn: %s, want CANCELCHECKING", got)
	}
	h.clock.Advance(time.Minute)
	if got := h.status("scs1554192131152"); got != "PAID" {
		t.Errorf("a minute after the withdrawal: %s, want PAID", got)
	}

	h.clock.Advance(time.Hour)
	_, issued := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
	if issued["status"] != "ISSUED" || issued["not_after"] == "" || issued["fingerprint"] == "" {
		t.Errorf("after review: %v, want ISSUED with validity and fingerprint", issued)
	}
	if got := h.status("scs1554192131151"); got != "UNPASSED" {
		t.Errorf("refused application: %s, want UNPASSED", got)
	}
	if code, out := h.call(http.MethodPost, "/v3/scm/certificates/scs1554192131150/cancel-cert", nil, testSK); code != 400 || out["error_code"] != "SCM.0010" {
		t.Errorf("withdrawing an issued certificate: HTTP %d %v, want 400 SCM.0010", code, out)
	}
}

func TestFaults(t *testing.T) {
	h := newHarness(t, Options{}, Seed{ID: "scs1554192131150"})

	mustSetFaults(t, h.srv, Faults{ThrottleRate: 1, RetryAfter: Duration(2 * time.Second)})
	req, _ := http.NewRequest(http.MethodGet, h.url+"/v3/scm/certificates/scs1554192131150", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("throttled: HTTP %d Retry-After %q, want 429 and 2", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	mustSetFaults(t, h.srv, Faults{})

	h.srv.Script(OpApply, DropAfterAct)
	body, _ := json.Marshal(application(nil))
	req, _ = http.NewRequest(http.MethodPost, h.url+"/v3/scm/certificates/scs1554192131150/apply", bytes.NewReader(body))
	date := h.clock.Now().UTC().Format(sdkDateLayout)
	req.Header.Set("X-Sdk-Date", date)
	canonical := canonicalRequest("POST", req.URL.Path, url.Values{}, map[string]string{"x-sdk-date": date}, []string{"x-sdk-date"}, body)
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+testAK+", SignedHeaders=x-sdk-date, Signature="+signature(testSK, date, canonical))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatalf("dropped request answered HTTP %d", resp.StatusCode)
	}
	if got := h.status("scs1554192131150"); got != "CHECKING" {
		t.Errorf("after a dropped apply: %s, want CHECKING (acted on, then dropped)", got)
	}

	h.srv.Script(OpShow, ServerError)
	if code, out := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK); code != 500 {
		t.Errorf("scripted server error: HTTP %d %v", code, out)
	}
	c := h.srv.Counts()
	if c.Throttled != 1 || c.Dropped != 1 || c.ServerErrors != 1 || c.Applications != 1 || c.Requests != 4 {
		t.Errorf("counts = %+v", c)
	}
}

func TestRandomFaultSharesAreRoughlyHonoured(t *testing.T) {
	h := newHarness(t, Options{RandomSeed: 42}, Seed{ID: "scs1554192131150"})
	mustSetFaults(t, h.srv, Faults{ThrottleRate: 0.3, ErrorRate: 0.1})
	for range 400 {
		h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
	}
	c := h.srv.Counts()
	if c.Throttled < 80 || c.Throttled > 160 || c.ServerErrors < 20 || c.ServerErrors > 60 {
		t.Errorf("of 400 requests %d throttled and %d failed, want about 120 and 40", c.Throttled, c.ServerErrors)
	}
}

func TestSeedsAreChecked(t *testing.T) {
	for _, seed := range []Seed{{ID: "short"}, {ID: "scs1554192131150", Type: "XV"}, {ID: "scs1554192131150", DomainType: "MANY"}} {
		if _, err := New(Options{AccessKey: "a", SecretKey: "b"}, seed); err == nil {
			t.Errorf("seed %+v was accepted", seed)
		}
	}
}

func mustSetFaults(t *testing.T, srv *Server, f Faults) {
	t.Helper()
	if err := srv.SetFaults(f); err != nil {
		t.Fatal(err)
	}
}

// TestPhoneRuleMatchesTheProvider judges the shared table of phone numbers as the
// provider's validator does.
func TestPhoneRuleMatchesTheProvider(t *testing.T) {
	for _, tt := range testcases.Phones {
		if got := validPhone(tt.Number); got != tt.Valid {
			t.Errorf("validPhone(%q) = %v, want %v", tt.Number, got, tt.Valid)
		}
	}
}

// Whatever an escaped id holds, the call reaches the API and is answered by it (SCM.0020
// for an unknown id), never by the router: the client's escaping is what is under test.
func TestEscapedIDsReachTheAPI(t *testing.T) {
	h := newHarness(t, Options{})
	for segment, id := range map[string]string{
		"%2F": "/", "%2F%2F": "//", "a%2Fb": "a/b", "%2E": ".", "%2E%2E": "..", "%20": " ", "%3F": "?",
	} {
		t.Run(segment, func(t *testing.T) {
			code, out := h.call(http.MethodGet, "/v3/scm/certificates/"+segment, nil, testSK)
			if code != http.StatusNotFound || out["error_code"] != "SCM.0020" || !strings.Contains(out["error_msg"].(string), id) {
				t.Fatalf("show of %q answered HTTP %d %v, want the API's SCM.0020 naming %q", segment, code, out, id)
			}
			code, out = h.call(http.MethodPost, "/v3/scm/certificates/"+segment+"/apply", application(nil), testSK)
			if code != http.StatusNotFound || out["error_code"] != "SCM.0020" {
				t.Fatalf("application for %q answered HTTP %d %v, want the API's SCM.0020", segment, code, out)
			}
		})
	}
}

func TestUnknownCallsAndMethodsAreRefused(t *testing.T) {
	h := newHarness(t, Options{})
	code, _ := h.call(http.MethodDelete, "/v3/scm/certificates/scs1554192131150/apply", nil, testSK)
	if code != http.StatusMethodNotAllowed {
		t.Fatalf("DELETE on the apply call answered HTTP %d, want 405", code)
	}
	for _, path := range []string{"/v3/scm/certificates/scs1554192131150/unknown", "/v3/scm/certificates/scs1554192131150/"} {
		if code, _ = h.call(http.MethodPost, path, nil, testSK); code != http.StatusNotFound {
			t.Fatalf("POST %s answered HTTP %d, want 404", path, code)
		}
	}
}
