package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

func TestDNSValidationIssuesOnlyOnceEveryRecordIsPublished(t *testing.T) {
	h := newHarness(t, Options{DNSValidation: true}, Seed{ID: "scs1554192131150", DomainType: "MULTI_DOMAIN", DomainCount: 2, WildcardCount: 1})
	if code, out := h.apply("scs1554192131150", application(func(a map[string]any) {
		a["domain"], a["sans"] = "example.com", "*.example.com"
	})); code != 200 {
		t.Fatalf("apply: HTTP %d %v", code, out)
	}
	cert, _ := h.srv.Certificate("scs1554192131150")
	if len(cert.Authentication) != 2 || cert.Authentication[0].RecordName != cert.Authentication[1].RecordName ||
		cert.Authentication[0].RecordValue == cert.Authentication[1].RecordValue {
		t.Fatalf("records %+v: want a domain and its wildcard under one name with two values", cert.Authentication)
	}
	first, second := cert.Authentication[0], cert.Authentication[1]
	mustControl(t, h.srv.PublishRecord(first.RecordName+".", `"`+first.RecordValue+`"`)) // as DNS providers write them
	if got := h.status("scs1554192131150"); got != "CHECKING" {
		t.Errorf("with one of two records published: %s, want CHECKING", got)
	}
	mustControl(t, h.srv.PublishRecord(strings.ToUpper(second.RecordName), second.RecordValue))
	if got := h.status("scs1554192131150"); got != "ISSUED" {
		t.Errorf("with every record published: %s, want ISSUED", got)
	}
	events := h.srv.Events()
	if last := events[len(events)-1]; last.Kind != EventIssued || last.CertificateID != "scs1554192131150" {
		t.Errorf("last event %+v, want the issuance after the publications", last)
	}
}

func TestDNSValidationWaitsForTheReviewTimeToo(t *testing.T) {
	h := newHarness(t, Options{DNSValidation: true, ReviewTime: time.Hour}, Seed{ID: "scs1554192131150"}, Seed{ID: "scs1554192131151"})
	h.apply("scs1554192131150", application(nil))
	cert, _ := h.srv.Certificate("scs1554192131150")
	mustControl(t, h.srv.PublishRecord(cert.Authentication[0].RecordName, cert.Authentication[0].RecordValue))
	// auto_dns_auth counts as published.
	h.apply("scs1554192131151", application(func(a map[string]any) { a["auto_dns_auth"] = true }))
	if h.status("scs1554192131150") != "CHECKING" || h.status("scs1554192131151") != "CHECKING" {
		t.Error("issued before the review time")
	}
	h.clock.Advance(time.Hour)
	if h.status("scs1554192131150") != "ISSUED" || h.status("scs1554192131151") != "ISSUED" {
		t.Error("not issued once published and reviewed")
	}
}

func TestMaskedAnswers(t *testing.T) {
	h := newHarness(t, Options{MaskPersonalData: true}, Seed{ID: "scs1554192131150"})
	h.apply("scs1554192131150", application(func(a map[string]any) { a["contact_email"] = "jacky@example.com" }))
	_, shown := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
	info, _ := shown["application_info"].(map[string]any)
	if info["applicant_phone"] != "13****45678" || info["applicant_email"] != "t****@example.com" || info["contact_email"] != "j****@example.com" {
		t.Errorf("application_info = %v, want the phones and e-mails masked", info)
	}
	if plain, _ := h.srv.Certificate("scs1554192131150"); plain.ApplicationInfo.ApplicantPhone != "13212345678" {
		t.Errorf("the control read is masked too: %+v", plain.ApplicationInfo)
	}
}

func TestRateLimitRefusesWhatTheBucketCannotTake(t *testing.T) {
	h := newHarness(t, Options{Faults: Faults{RateLimit: 1, RateBurst: 2}}, Seed{ID: "scs1554192131150"})
	codes := []int{}
	for range 3 {
		code, _ := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
		codes = append(codes, code)
	}
	h.clock.Advance(time.Second) // the gateway's clock: one token more
	code, _ := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
	codes = append(codes, code)
	if want := []int{200, 200, 429, 200}; !equalInts(codes, want) {
		t.Errorf("answers %v, want %v", codes, want)
	}
	if c := h.srv.Counts(); c.RateLimited != 1 || c.Throttled != 1 {
		t.Errorf("counts %+v", c)
	}
}

// The gateway names the policy that refused a request: the token bucket as calls per
// second, a window policy with its limit and window, and a random refusal as none.
func TestThrottlingAnswersNameThePolicy(t *testing.T) {
	refusal := func(faults Faults, start time.Time, calls int) string {
		t.Helper()
		h := newHarness(t, Options{Faults: faults}, Seed{ID: "scs1554192131150"})
		h.clock.now = start
		for range calls {
			if code, body := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK); code == http.StatusTooManyRequests {
				if body["error_code"] != "APIGW.0308" {
					t.Errorf("error_code %v, want APIGW.0308", body["error_code"])
				}
				return body["error_msg"].(string)
			}
		}
		return ""
	}
	aligned := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		faults Faults
		calls  int
		want   string
	}{
		{Faults{RateLimit: 20}, 21, "policy user over ratelimit,limit:20,time:1 second"},
		{Faults{RateLimit: 0.2}, 2, "limit:1,time:5 second"},
		{Faults{WindowLimit: 40, Window: Duration(10 * time.Second)}, 41, "policy user over ratelimit,limit:40,time:10 second"},
		{Faults{WindowLimit: 200, Window: Duration(5 * time.Minute)}, 201, "limit:200,time:5 minute"},
		{Faults{WindowLimit: 5}, 6, "limit:5,time:1 second"},
		{Faults{ThrottleRate: 1}, 1, "The throttling threshold has been reached"},
	} {
		got := refusal(tt.faults, aligned, tt.calls)
		if !strings.HasPrefix(got, "The throttling threshold has been reached") || !strings.HasSuffix(got, tt.want) {
			t.Errorf("%+v: the 429 says %q, want it to end %q", tt.faults, got, tt.want)
		}
		if tt.faults.ThrottleRate > 0 && strings.Contains(got, "limit:") {
			t.Errorf("a random refusal names a policy: %q", got)
		}
	}
}

// A window policy counts in fixed windows: the quota is whole again at each boundary,
// however the requests fell in the window before.
func TestWindowPolicyCountsFixedWindows(t *testing.T) {
	h := newHarness(t, Options{Faults: Faults{WindowLimit: 2, Window: Duration(10 * time.Second)}}, Seed{ID: "scs1554192131150"})
	h.clock.now = time.Date(2026, 1, 1, 0, 0, 9, 0, time.UTC) // one second before a boundary
	var codes []int
	call := func() {
		code, _ := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
		codes = append(codes, code)
	}
	call()
	call()
	call() // the window is spent
	h.clock.Advance(time.Second)
	call()
	call()
	call() // the next one is spent too
	if want := []int{200, 200, 429, 200, 200, 429}; !equalInts(codes, want) {
		t.Errorf("answers %v, want %v", codes, want)
	}
	if err := h.srv.SetFaults(Faults{WindowLimit: 1, Window: Duration(1500 * time.Millisecond)}); err == nil {
		t.Error("a window of 1.5 s was taken; the gateway's windows are whole seconds")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestIssuedCertificatesAreRealX509 issues certificates and exports them: the chain
// verifies the certificate, which covers every domain, with the CSR's key when one was
// sent, else with a key the emulator made and exports.
func TestIssuedCertificatesAreRealX509(t *testing.T) {
	csrKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: "www.example.com"}, DNSNames: []string{"www.example.com", "shop.example.com"}}, csrKey)
	csr := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
	tests := []struct {
		name       string
		change     func(map[string]any)
		ownKey     crypto.PublicKey
		keyAlgo    x509.PublicKeyAlgorithm
		domains    []string
		ipDomain   string
		privateKey bool
	}{
		{"with the applicant's CSR", func(a map[string]any) { a["sans"], a["csr"] = "shop.example.com", csr }, &csrKey.PublicKey, x509.ECDSA,
			[]string{"www.example.com", "shop.example.com"}, "", false},
		{"service-generated RSA", func(a map[string]any) { a["sans"] = "shop.example.com" }, nil, x509.RSA,
			[]string{"www.example.com", "shop.example.com"}, "", true},
		{"service-generated EC", func(a map[string]any) { a["key_algorithm"] = "EC_P384" }, nil, x509.ECDSA, []string{"www.example.com"}, "", true},
		{"SM2 stands in as P-256", func(a map[string]any) { a["key_algorithm"] = "SM2" }, nil, x509.ECDSA, []string{"www.example.com"}, "", true},
		{"an IP address", func(a map[string]any) { a["domain"], a["key_algorithm"] = "203.0.113.10", "EC_P256" }, nil, x509.ECDSA, nil, "203.0.113.10", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{}, Seed{ID: "scs1554192131150", DomainType: "MULTI_DOMAIN", DomainCount: 2})
			if code, out := h.apply("scs1554192131150", application(tt.change)); code != 200 {
				t.Fatalf("apply: HTTP %d %v", code, out)
			}
			if code, out := h.call(http.MethodPost, "/v3/scm/certificates/scs1554192131150/export", nil, testSK); code != 400 || out["error_code"] != "SCM.0010" {
				t.Errorf("export before issue: HTTP %d %v, want 400 SCM.0010", code, out)
			}
			mustControl(t, h.srv.Issue("scs1554192131150"))
			code, out := h.call(http.MethodPost, "/v3/scm/certificates/scs1554192131150/export", nil, testSK)
			if code != 200 {
				t.Fatalf("export: HTTP %d %v", code, out)
			}
			leaf := parseCertificate(t, out["certificate"].(string))
			roots := x509.NewCertPool()
			roots.AppendCertsFromPEM([]byte(out["certificate_chain"].(string)))
			if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: leaf.NotBefore.Add(time.Minute)}); err != nil {
				t.Errorf("the chain does not verify the certificate: %v", err)
			}
			for _, d := range tt.domains {
				if err := leaf.VerifyHostname(d); err != nil {
					t.Errorf("the certificate does not cover %s: %v", d, err)
				}
			}
			if tt.ipDomain != "" && (len(leaf.IPAddresses) != 1 || leaf.IPAddresses[0].String() != tt.ipDomain) {
				t.Errorf("IP addresses %v, want %s", leaf.IPAddresses, tt.ipDomain)
			}
			if leaf.PublicKeyAlgorithm != tt.keyAlgo {
				t.Errorf("key algorithm %s, want %s", leaf.PublicKeyAlgorithm, tt.keyAlgo)
			}
			privateKey, _ := out["private_key"].(string)
			if (privateKey != "") != tt.privateKey {
				t.Fatalf("private key exported: %v, want %v", privateKey != "", tt.privateKey)
			}
			if tt.ownKey != nil && !leaf.PublicKey.(interface{ Equal(crypto.PublicKey) bool }).Equal(tt.ownKey) {
				t.Error("the certificate does not carry the CSR's public key")
			}
			if privateKey != "" {
				block, _ := pem.Decode([]byte(privateKey))
				key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
				if err != nil {
					t.Fatal(err)
				}
				if !key.(crypto.Signer).Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(leaf.PublicKey) {
					t.Error("the exported private key does not match the certificate")
				}
			}
			shown, _ := h.srv.Certificate("scs1554192131150")
			if shown.Fingerprint != fingerprint(leaf) || shown.NotAfter != leaf.NotAfter.UTC().Format(timeLayout) {
				t.Errorf("show says fingerprint %s, not_after %s; the certificate %s, %s", shown.Fingerprint, shown.NotAfter,
					fingerprint(leaf), leaf.NotAfter.UTC().Format(timeLayout))
			}
		})
	}
}

func parseCertificate(t *testing.T, text string) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		t.Fatalf("not PEM: %q", text)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestListPagesAndFilters(t *testing.T) {
	seeds := make([]Seed, 120)
	for i := range seeds {
		seeds[i] = Seed{ID: "scs" + strings.Repeat("0", 10) + pad3(i)}
	}
	h := newHarness(t, Options{}, seeds...)
	h.apply(seeds[7].ID, application(func(a map[string]any) { a["domain"] = "shop.example.org" }))

	code, out := h.call(http.MethodGet, "/v3/scm/certificates?limit=50&offset=100", nil, testSK)
	if page, _ := out["certificates"].([]any); code != 200 || len(page) != 20 || out["total_count"] != float64(120) {
		t.Errorf("last page: HTTP %d, %d entries of %v", code, len(page), out["total_count"])
	}
	code, out = h.call(http.MethodGet, "/v3/scm/certificates?status=CHECKING", nil, testSK)
	if page, _ := out["certificates"].([]any); code != 200 || len(page) != 1 || page[0].(map[string]any)["id"] != seeds[7].ID {
		t.Errorf("status filter: HTTP %d %v", code, out)
	}
	code, out = h.call(http.MethodGet, "/v3/scm/certificates?content=example.org", nil, testSK)
	if page, _ := out["certificates"].([]any); code != 200 || len(page) != 1 {
		t.Errorf("content search: HTTP %d %v", code, out)
	}
	for _, bad := range []string{"limit=30", "offset=-1", "status=SOON", "sort_key=name", "sort_dir=UP"} {
		if code, out := h.call(http.MethodGet, "/v3/scm/certificates?"+bad, nil, testSK); code != 400 || out["error_code"] != "SCM.0005" {
			t.Errorf("%s: HTTP %d %v, want 400 SCM.0005", bad, code, out)
		}
	}
}

func pad3(i int) string {
	s := "000" + itoa(i)
	return s[len(s)-3:]
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// TestAnswersShareNothingWithTheStore reads certificates while they change: the race
// detector finds any answer encoded while the store changes it.
func TestAnswersShareNothingWithTheStore(t *testing.T) {
	h := newHarness(t, Options{}, Seed{ID: "scs1554192131150", DomainType: "MULTI_DOMAIN", DomainCount: 3})
	h.apply("scs1554192131150", application(func(a map[string]any) { a["sans"] = "a.example.com;b.example.com" }))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
			}
		})
	}
	wg.Go(func() {
		for i := range 100 {
			_ = h.srv.Update("scs1554192131150", func(c *Certificate) {
				c.Authentication = append(c.Authentication[:0], ValidationRecord{Domain: "x", RecordValue: itoa(i)})
				c.ApplicationInfo.ContactName = itoa(i)
			})
		}
	})
	wg.Wait()
}

func TestObserversSeeEveryExchangeBeforeTheAnswer(t *testing.T) {
	h := newHarness(t, Options{}, Seed{ID: "scs1554192131150"})
	var mu sync.Mutex
	var seen []Exchange
	h.srv.Observe(func(e Exchange) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, e)
		if e.Operation == OpApply {
			// Changing the emulator here happens before the client hears the answer.
			_ = h.srv.Issue(e.CertificateID)
		}
	})
	h.apply("scs1554192131150", application(nil))
	if got := h.status("scs1554192131150"); got != "ISSUED" {
		t.Errorf("status after the observed application: %s, want ISSUED", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0].Operation != OpApply || seen[0].HTTPStatus != 200 || seen[0].CertificateStatus != "CHECKING" ||
		seen[1].Operation != OpShow || seen[1].CertificateStatus != "ISSUED" {
		t.Errorf("seen %+v", seen)
	}
}

func TestFrozenClockMovesOnlyWhenAdvanced(t *testing.T) {
	h := newHarness(t, Options{FrozenClock: true, WithdrawalTime: time.Minute}, Seed{ID: "scs1554192131150"})
	h.apply("scs1554192131150", application(nil))
	h.call(http.MethodPost, "/v3/scm/certificates/scs1554192131150/cancel-cert", nil, testSK)
	h.clock.Advance(time.Hour) // the gateway's clock; the service clock stands still
	if got := h.status("scs1554192131150"); got != "CANCELCHECKING" {
		t.Errorf("with the service clock frozen: %s, want CANCELCHECKING", got)
	}
	mustControl(t, h.srv.AdvanceClock(time.Minute))
	if got := h.status("scs1554192131150"); got != "PAID" {
		t.Errorf("after advancing the service clock: %s, want PAID", got)
	}
}

func TestRefusedCertificateCanBeAppliedForAgain(t *testing.T) {
	h := newHarness(t, Options{}, Seed{ID: "scs1554192131150"})
	h.apply("scs1554192131150", application(nil))
	mustControl(t, h.srv.Refuse("scs1554192131150"))
	if code, out := h.apply("scs1554192131150", application(func(a map[string]any) { a["applicant_name"] = "Jerry" })); code != 200 {
		t.Fatalf("applying again: HTTP %d %v", code, out)
	}
	if cert, _ := h.srv.Certificate("scs1554192131150"); cert.Status != "CHECKING" || cert.ApplicationInfo.ApplicantName != "Jerry" {
		t.Errorf("%s for %s, want CHECKING for the new applicant", cert.Status, cert.ApplicationInfo.ApplicantName)
	}
}

func TestIPAddressesValidateByFileOnly(t *testing.T) {
	h := newHarness(t, Options{}, Seed{ID: "scs1554192131150"}, Seed{ID: "scs1554192131151"}, Seed{ID: "scs1554192131152"})
	if code, out := h.apply("scs1554192131150", application(func(a map[string]any) { a["domain"], a["domain_method"] = "203.0.113.10", "DNS" })); code != 400 || out["error_code"] != "SCM.0005" {
		t.Errorf("an IP address by DNS: HTTP %d %v, want 400 SCM.0005", code, out)
	}
	if code, out := h.apply("scs1554192131151", application(func(a map[string]any) { a["domain"] = "2001:4860:4860::8888" })); code != 200 {
		t.Errorf("an IPv6 address, method left out: HTTP %d %v", code, out)
	}
	if cert, _ := h.srv.Certificate("scs1554192131151"); cert.ValidationMethod != "FILE" || len(cert.Authentication) != 0 {
		t.Errorf("an IP address left to its default: %s with %d records, want FILE and none", cert.ValidationMethod, len(cert.Authentication))
	}
	if code, _ := h.apply("scs1554192131152", application(func(a map[string]any) { a["domain"] = "10.0.0.1" })); code != 400 {
		t.Errorf("a private address: HTTP %d, want 400", code)
	}
}

func mustControl(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestRecordsAreReportedAfterTheRecordsDelay(t *testing.T) {
	h := newHarness(t, Options{RecordsDelay: time.Minute}, Seed{ID: "scs1554192131150"})
	h.apply("scs1554192131150", application(nil))
	records := func() []any {
		_, shown := h.call(http.MethodGet, "/v3/scm/certificates/scs1554192131150", nil, testSK)
		list, _ := shown["authentification"].([]any)
		return list
	}
	if got := records(); len(got) != 0 {
		t.Errorf("right after the application: %v, want no records yet", got)
	}
	h.clock.Advance(time.Minute)
	if got := records(); len(got) != 1 {
		t.Errorf("once the delay has passed: %v, want the domain's record", got)
	}
	// The control API sets the delay too, for the next applications.
	h.controlOK(http.MethodPatch, "/_emulator/settings", `{"records_delay":"1h"}`, http.StatusNoContent)
	if got := h.srv.Settings().RecordsDelay; got != Duration(time.Hour) {
		t.Errorf("records_delay = %s after the PATCH, want 1h", time.Duration(got))
	}
}

// Certificates issued under a validity setting end then, and the service clock turns them
// EXPIRED at that moment; the setting can be changed over HTTP.
func TestValidityEndsInExpiry(t *testing.T) {
	h := newHarness(t, Options{Validity: 10 * 24 * time.Hour}, Seed{ID: "scs1554192131150"}, Seed{ID: "scs1554192131151"})
	h.apply("scs1554192131150", application(nil))
	issuedAt := h.srv.Now()
	mustControl(t, h.srv.Issue("scs1554192131150"))
	cert, _ := h.srv.Certificate("scs1554192131150")
	end, err := time.Parse(timeLayout, cert.NotAfter)
	if err != nil || end.Sub(issuedAt.Truncate(time.Second)) != 10*24*time.Hour {
		t.Fatalf("not_after %q (%v); want 10 days after the issuance at %s", cert.NotAfter, err, issuedAt)
	}
	h.clock.Advance(10*24*time.Hour - time.Minute)
	if got := h.status("scs1554192131150"); got != "ISSUED" {
		t.Errorf("a minute before its end: %s, want ISSUED", got)
	}
	h.clock.Advance(time.Minute)
	if got := h.status("scs1554192131150"); got != "EXPIRED" {
		t.Errorf("at its end: %s, want EXPIRED", got)
	}

	req, _ := http.NewRequest(http.MethodPatch, h.url+"/_emulator/settings", strings.NewReader(`{"validity":"48h"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("PATCH /_emulator/settings: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	h.apply("scs1554192131151", application(nil))
	mustControl(t, h.srv.Issue("scs1554192131151"))
	cert, _ = h.srv.Certificate("scs1554192131151")
	if end, _ := time.Parse(timeLayout, cert.NotAfter); end.Sub(h.srv.Now().Truncate(time.Second)) > 48*time.Hour {
		t.Errorf("not_after %q after validity was set to 48h at %s", cert.NotAfter, h.srv.Now())
	}
}

// Uploads as the reference documents them: the certificate and key checked (SCM.0006,
// SCM.0012, SCM.0014), the UPLOAD status and the show answer filled from the certificate,
// an export with the key, duplicates refused only when asked, and a deletion refused
// while a cloud service uses the certificate.
func TestUploadsAreTakenCheckedExportedAndDeleted(t *testing.T) {
	h := newHarness(t, Options{})
	issued := testcert.Issue(t, time.Now().AddDate(0, 2, 0), "www.example.com", "api.example.com")
	other := testcert.Issue(t, time.Now().AddDate(0, 2, 0), "www.example.com")
	upload := func(fields map[string]any) (int, map[string]any) {
		body := map[string]any{"name": "www-2026", "certificate": issued.Certificate, "certificate_chain": issued.Chain,
			"private_key": issued.PrivateKey}
		for k, v := range fields {
			body[k] = v
		}
		return h.call(http.MethodPost, "/v3/scm/certificates/import", body, testSK)
	}
	for name, tt := range map[string]struct {
		fields map[string]any
		code   string
	}{
		"a key of another certificate": {map[string]any{"private_key": other.PrivateKey}, "SCM.0014"},
		"no certificate":               {map[string]any{"certificate": "x"}, "SCM.0006"},
		"a damaged key":                {map[string]any{"private_key": "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n"}, "SCM.0012"},
		"a name with spaces":           {map[string]any{"name": "my cert"}, "SCM.0005"},
	} {
		if status, out := upload(tt.fields); status != http.StatusBadRequest || out["error_code"] != tt.code {
			t.Errorf("%s: HTTP %d %v, want 400 %s", name, status, out, tt.code)
		}
	}
	status, out := upload(nil)
	id, _ := out["certificate_id"].(string)
	if status != http.StatusOK || len(id) != 16 {
		t.Fatalf("upload: HTTP %d %v", status, out)
	}
	cert, _ := h.srv.Certificate(id)
	if cert.Status != "UPLOAD" || cert.Domain != "www.example.com" || cert.Sans != "api.example.com" || cert.Name != "www-2026" ||
		cert.NotAfter != issued.Leaf.NotAfter.UTC().Format(timeLayout) || cert.Fingerprint != fingerprint(issued.Leaf) {
		t.Errorf("the uploaded certificate shows as %+v", cert)
	}
	if status, out := h.call(http.MethodPost, "/v3/scm/certificates/"+id+"/export", nil, testSK); status != http.StatusOK ||
		out["private_key"] != issued.PrivateKey || out["certificate_chain"] != issued.Chain {
		t.Errorf("export of an upload: HTTP %d", status)
	}
	if status, _ := upload(nil); status != http.StatusOK {
		t.Errorf("a second upload without duplicate_check: HTTP %d, want it taken", status)
	}
	if status, out := upload(map[string]any{"duplicate_check": true}); status != http.StatusBadRequest || !strings.Contains(out["error_msg"].(string), "uploaded already") {
		t.Errorf("a duplicate with duplicate_check: HTTP %d %v", status, out)
	}

	mustControl(t, h.srv.SetInUse(id, "ELB"))
	if status, out := h.call(http.MethodDelete, "/v3/scm/certificates/"+id, nil, testSK); status != http.StatusBadRequest ||
		!strings.Contains(out["error_msg"].(string), "in use by ELB") {
		t.Errorf("deleting a certificate in use: HTTP %d %v", status, out)
	}
	mustControl(t, h.srv.SetInUse(id, ""))
	if status, _ := h.call(http.MethodDelete, "/v3/scm/certificates/"+id, nil, testSK); status != http.StatusNoContent {
		t.Errorf("delete: HTTP %d", status)
	}
	if status, _ := h.call(http.MethodDelete, "/v3/scm/certificates/"+id, nil, testSK); status != http.StatusNotFound {
		t.Errorf("a second delete: HTTP %d, want 404", status)
	}
}
