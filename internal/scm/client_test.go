package scm_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

const certID = emulatortest.CertificateID

func newEmulator(t *testing.T) (*emulator.Server, string) {
	t.Helper()
	target := emulatortest.Start(t, emulator.Options{RandomSeed: 1})
	return target.Server, target.URL
}

func newClient(t *testing.T, endpoint string, change ...func(*scm.Config)) *scm.Client {
	t.Helper()
	return emulatortest.NewClient(t, endpoint, change...)
}

func validApplication() scm.ApplyRequest { return emulatortest.Application() }

// answering serves every request the same answer, as a proxy or a gateway in front of the
// service might, and returns its URL.
func answering(t *testing.T, status int, contentType, body string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestApplyThenShowReturnsTheApplication(t *testing.T) {
	emu, url := newEmulator(t)
	client := newClient(t, url, func(c *scm.Config) {
		c.Credentials.SecurityToken = "temporary-token"
		c.DomainID = "0123456789abcdef"
	})
	ctx := context.Background()

	if err := client.Apply(ctx, certID, validApplication()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	cert, err := client.ShowCertificate(ctx, certID)
	if err != nil {
		t.Fatalf("ShowCertificate: %v", err)
	}
	if cert.Status != scm.StatusChecking || cert.Domain != "www.example.com" || cert.ApplicationInfo.ApplicantEmail != "tom@example.com" {
		t.Errorf("certificate = %+v, want CHECKING for www.example.com with the applicant's e-mail", cert)
	}
	if len(cert.Authentication) != 1 || cert.Authentication[0].RecordType != "TXT" {
		t.Errorf("authentification = %+v, want one TXT record", cert.Authentication)
	}
	if got := emu.Counts(); got.Applications != 1 || got.Unauthorized != 0 {
		t.Errorf("counts = %+v, want one accepted application and no signature failure", got)
	}
}

func TestWrongSecretIsRefusedWithoutRetry(t *testing.T) {
	emu, url := newEmulator(t)
	client := newClient(t, url, func(c *scm.Config) { c.Credentials.SecretKey = "wrong" })

	_, err := client.ShowCertificate(context.Background(), certID)
	var apiErr *scm.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Code != scm.CodeBadSignature {
		t.Fatalf("err = %v, want HTTP 401 %s", err, scm.CodeBadSignature)
	}
	if apiErr.RequestID == "" {
		t.Error("the error carries no request id")
	}
	if got := emu.Counts().Requests; got != 1 {
		t.Errorf("requests = %d, want 1 (a bad signature is not retried)", got)
	}
}

func TestShowOfAnUnknownCertificateIsNotFound(t *testing.T) {
	_, url := newEmulator(t)
	_, err := newClient(t, url).ShowCertificate(context.Background(), "scs0000000000000")
	if !scm.IsNotFound(err) {
		t.Fatalf("err = %v, want not found", err)
	}
}

func TestApplyRejectedByTheServiceCarriesItsCode(t *testing.T) {
	emu, url := newEmulator(t)
	req := validApplication()
	req.AgreePrivacyProtection = false

	err := newClient(t, url).Apply(context.Background(), certID, req)
	if !scm.HasCode(err, scm.CodeBadParameter) || !strings.Contains(err.Error(), "agree_privacy_protection") {
		t.Fatalf("err = %v, want %s naming agree_privacy_protection", err, scm.CodeBadParameter)
	}
	if got := emu.Counts().ApplyAttempts; got != 1 {
		t.Errorf("apply attempts = %d, want 1 (a rejection is not retried)", got)
	}
}

func TestShowIsRetriedOnThrottlingAndServerErrors(t *testing.T) {
	emu, url := newEmulator(t)
	emu.Script(emulator.OpShow, emulator.Throttle, emulator.ServerError, emulator.Throttle)

	if _, err := newClient(t, url).ShowCertificate(context.Background(), certID); err != nil {
		t.Fatalf("ShowCertificate: %v", err)
	}
	if got := emu.Counts().Requests; got != 4 {
		t.Errorf("requests = %d, want 4 (three failures, then success)", got)
	}
}

func TestRetriesStopAtMaxRetries(t *testing.T) {
	emu, url := newEmulator(t)
	emu.Script(emulator.OpShow, emulator.Throttle, emulator.Throttle, emulator.Throttle, emulator.Throttle, emulator.Throttle)

	_, err := newClient(t, url).ShowCertificate(context.Background(), certID)
	var exhausted *scm.RetriesExhaustedError
	if !errors.As(err, &exhausted) || exhausted.Attempts != 4 || !scm.HasCode(err, scm.CodeThrottled) {
		t.Fatalf("err = %v, want to give up after 4 attempts with the last code %s", err, scm.CodeThrottled)
	}
	if !strings.Contains(err.Error(), "4 attempts") {
		t.Errorf("message %q does not say how many attempts were made", err)
	}
	if got := emu.Counts().Requests; got != 4 {
		t.Errorf("requests = %d, want 4 (1 + max_retries)", got)
	}
}

func TestApplyIsRetriedWhenThrottled(t *testing.T) {
	emu, url := newEmulator(t)
	emu.Script(emulator.OpApply, emulator.Throttle, emulator.Throttle)

	if err := newClient(t, url).Apply(context.Background(), certID, validApplication()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if got := emu.Counts().ApplicationsByCertificate[certID]; got != 1 {
		t.Errorf("applications = %d, want exactly 1", got)
	}
}

func TestApplyIsNotRetriedAfterAServerError(t *testing.T) {
	emu, url := newEmulator(t)
	emu.Script(emulator.OpApply, emulator.ServerError)

	err := newClient(t, url).Apply(context.Background(), certID, validApplication())
	if !scm.IsOutcomeUnknown(err) {
		t.Fatalf("err = %v, want an unknown outcome for the caller to reconcile", err)
	}
	if got := emu.Counts().Requests; got != 1 {
		t.Errorf("requests = %d, want 1: a 500 may hide an accepted application", got)
	}
}

func TestApplyWhoseAnswerIsLostIsNotRetried(t *testing.T) {
	emu, url := newEmulator(t)
	emu.Script(emulator.OpApply, emulator.DropAfterAct)

	err := newClient(t, url).Apply(context.Background(), certID, validApplication())
	if !scm.IsOutcomeUnknown(err) {
		t.Fatalf("err = %v, want an unknown outcome", err)
	}
	if got := emu.Counts(); got.ApplyAttempts != 1 || got.Applications != 1 {
		t.Errorf("counts = %+v, want one attempt, acted on once", got)
	}
	if cert, _ := emu.Certificate(certID); cert.Status != "CHECKING" {
		t.Errorf("status = %s, want CHECKING", cert.Status)
	}
}

func TestApplyIsRetriedBrieflyWhenTheConnectionIsRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	_ = ln.Close()

	err = newClient(t, url, func(c *scm.Config) { c.MaxRetries = 10 }).Apply(context.Background(), certID, validApplication())
	var exhausted *scm.RetriesExhaustedError
	if !errors.As(err, &exhausted) || exhausted.Attempts != 3 {
		t.Fatalf("err = %v, want 3 attempts whatever max_retries: a refused connection provably did nothing, "+
			"and a wrong port does not heal", err)
	}
	if scm.IsOutcomeUnknown(err) {
		t.Error("a refused connection is reported as an unknown outcome")
	}
}

func TestCancelledContextStopsARequestInFlight(t *testing.T) {
	emu, url := newEmulator(t)
	if err := emu.SetFaults(emulator.Faults{SlowRate: 1, Delay: emulator.Duration(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	client := newClient(t, url)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := client.ShowCertificate(ctx, certID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("show: err = %v, want the deadline", err)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = client.Apply(ctx, certID, validApplication())
	if !scm.IsOutcomeUnknown(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("apply: err = %v, want an unknown outcome caused by the deadline", err)
	}
}

func TestUnsetOptionalFieldsAreNotSent(t *testing.T) {
	var sent map[string]any
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &sent)
		_, _ = io.WriteString(w, `{"request_info":"success"}`)
	}))
	defer ts.Close()

	if err := newClient(t, ts.URL).Apply(context.Background(), certID, validApplication()); err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"sans", "csr", "company_name", "company_unit", "country", "contact_email", "key_algorithm", "ca_hash_algorithm"} {
		if _, ok := sent[absent]; ok {
			t.Errorf("%s was sent although it was not set", absent)
		}
	}
	for _, present := range []string{"domain", "applicant_phone", "auto_dns_auth", "agree_privacy_protection", "domain_method"} {
		if _, ok := sent[present]; !ok {
			t.Errorf("%s was not sent", present)
		}
	}
}

func TestAnswersThatAreNotTheAPIsGiveClearErrors(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        string
	}{
		{"HTML error page from a proxy", 403, "text/html", "<html><body><h1>403 Forbidden</h1></body></html>", "403 Forbidden"},
		{"malformed JSON", 200, "application/json", `{"id": "scs`, "unreadable"},
		{"no status", 200, "application/json", `{"id":"scs1554192131150"}`, "no certificate status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newClient(t, answering(t, tt.status, tt.contentType, tt.body)).ShowCertificate(context.Background(), certID)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestWithdrawReturnsTheCertificateToPaid(t *testing.T) {
	emu, url := newEmulator(t)
	client := newClient(t, url)
	ctx := context.Background()
	if err := client.Apply(ctx, certID, validApplication()); err != nil {
		t.Fatal(err)
	}
	if err := client.Withdraw(ctx, certID); err != nil {
		t.Fatalf("Withdraw: %v", err)
	}
	if cert, _ := emu.Certificate(certID); cert.Status != "PAID" {
		t.Errorf("status = %s, want PAID", cert.Status)
	}
	if err := client.Withdraw(ctx, certID); !scm.HasCode(err, scm.CodeWrongStatus) {
		t.Errorf("second withdrawal: err = %v, want %s", err, scm.CodeWrongStatus)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	requests := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests++
		if requests == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"error_code":"APIGW.0308","error_msg":"throttled"}`)
			return
		}
		_, _ = io.WriteString(w, `{"id":"scs1554192131150","status":"PAID"}`)
	}))
	defer ts.Close()

	clock := &sleepRecorder{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	client := newClient(t, ts.URL, func(c *scm.Config) {
		c.Backoff = &scm.Backoff{Min: time.Millisecond, Max: 2 * time.Millisecond, MaxRetryAfter: time.Minute}
		c.Clock = clock
	})
	if _, err := client.ShowCertificate(context.Background(), certID); err != nil {
		t.Fatal(err)
	}
	if requests != 2 {
		t.Fatalf("%d requests, want 2", requests)
	}
	if waited := clock.total(); waited < 7*time.Second {
		t.Errorf("the client waited %s before retrying, less than the 7s the 429's Retry-After asked for", waited)
	}
}

// A Retry-After longer than the operation has left fails at once, before anything is sent
// again, naming the wait; one it can wait out is logged once and counted in the
// operation's waits.
func TestRetryAfterIsWaitedInTheLimiter(t *testing.T) {
	requests := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if requests++; requests == 1 {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached"}`)
			return
		}
		_, _ = io.WriteString(w, `{"id":"scs1554192131150","status":"PAID"}`)
	}))
	defer ts.Close()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

	clock := &sleepRecorder{now: start}
	client := newClient(t, ts.URL, func(c *scm.Config) { c.Clock, c.Backoff = clock, &scm.DefaultBackoff })
	_, err := client.ShowCertificate(simulatedDeadline{context.Background(), start.Add(10 * time.Second)}, certID)
	var throttled *scm.ThrottledError
	if !errors.As(err, &throttled) || throttled.Wait < 29*time.Second || requests != 1 || clock.total() > time.Second {
		t.Fatalf("err = %v after %d requests and %s waited; want a ThrottledError at once, naming the 30 s wait", err, requests, clock.total())
	}

	requests = 0
	logger := &recordingLogger{}
	clock = &sleepRecorder{now: start}
	client = newClient(t, ts.URL, func(c *scm.Config) { c.Clock, c.Logger, c.Backoff = clock, logger, &scm.DefaultBackoff })
	ctx, waits := scm.RecordWaits(context.Background())
	if _, err := client.ShowCertificate(ctx, certID); err != nil {
		t.Fatal(err)
	}
	if total, _ := waits.Total(); total < 29*time.Second || clock.total() < 30*time.Second {
		t.Errorf("the operation's waits say %s, the clock %s; want the 30 s Retry-After in both", total, clock.total())
	}
	if logged := strings.Count(strings.Join(logger.lines, "\n"), "INFO Waiting for the API gateway"); logged != 1 {
		t.Errorf("the wait was logged %d times, want once:\n%s", logged, strings.Join(logger.lines, "\n"))
	}
}

// sleepRecorder is a clock that moves only by the sleeps asked of it, and adds them up.
type sleepRecorder struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
}

func (c *sleepRecorder) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *sleepRecorder) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept += d
	c.now = c.now.Add(d)
	return ctx.Err()
}

func (c *sleepRecorder) Wait(ctx context.Context, d time.Duration, _ <-chan struct{}) error {
	return c.Sleep(ctx, d)
}

func (c *sleepRecorder) total() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

func TestUntrustedTLSCertificateIsNotRetried(t *testing.T) {
	requests := 0
	ts := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { requests++ }))
	defer ts.Close()

	_, err := newClient(t, ts.URL).ShowCertificate(context.Background(), certID)
	if !scm.IsUntrustedServer(err) {
		t.Fatalf("err = %v, want the server's certificate refused", err)
	}
	var exhausted *scm.RetriesExhaustedError
	if errors.As(err, &exhausted) {
		t.Error("a refused certificate was retried")
	}

	insecure := newClient(t, ts.URL, func(c *scm.Config) { c.Insecure = true })
	if _, err := insecure.ShowCertificate(context.Background(), certID); scm.IsUntrustedServer(err) {
		t.Errorf("insecure client still refused the certificate: %v", err)
	}
}

func TestApplyWithAnUnreadableSuccessIsAnUnknownOutcome(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>OK</html>")
	}))
	defer ts.Close()
	err := newClient(t, ts.URL).Apply(context.Background(), certID, validApplication())
	if !scm.IsOutcomeUnknown(err) {
		t.Fatalf("err = %v, want an unknown outcome: the service may have taken the application", err)
	}
}

// An endpoint that accepts a request and never answers is given up on after the request
// timeout, once: sending the request again would only hold the operation longer.
func TestAnEndpointThatNeverAnswersIsReportedAfterTheRequestTimeout(t *testing.T) {
	release := make(chan struct{})
	var requests atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); ts.Close() })
	client := newClient(t, ts.URL, func(c *scm.Config) { c.RequestTimeout = 100 * time.Millisecond })

	_, err := client.ShowCertificate(context.Background(), certID)
	var noAnswer *scm.NoAnswerError
	if !errors.As(err, &noAnswer) || noAnswer.Endpoint != ts.URL || !strings.Contains(err.Error(), "did not answer it within 100ms") {
		t.Fatalf("show: %v; want a NoAnswerError naming %s", err, ts.URL)
	}
	err = client.Apply(context.Background(), certID, validApplication())
	if !scm.IsOutcomeUnknown(err) || !errors.As(err, &noAnswer) {
		t.Fatalf("apply: %v; want an unknown outcome: the service may have taken it", err)
	}
	if got := requests.Load(); got != 2 {
		t.Errorf("%d requests, want 2: one for each call, none repeated", got)
	}
}
