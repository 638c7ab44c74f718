package scm_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// TestOnlyTheServiceSaysACertificateIsGone tells the service's own "no such certificate"
// from every other 404: a gateway's, or a page that is not the API's.
func TestOnlyTheServiceSaysACertificateIsGone(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		gone                    bool
	}{
		{"the service's SCM.0020", "application/json", `{"error_code":"SCM.0020","error_msg":"wrong certificate id"}`, true},
		{"the service's SCM.0008", "application/json", `{"error_code":"SCM.0008","error_msg":"abnormal certificate id"}`, true},
		{"the gateway's APIGW.0101 for a wrong path", "application/json", `{"error_code":"APIGW.0101","error_msg":"The API does not exist"}`, false},
		{"an HTML page", "text/html", `<html><h1>404 Not Found</h1></html>`, false},
		{"an empty body", "", ``, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newClient(t, answering(t, http.StatusNotFound, tt.contentType, tt.body)).ShowCertificate(context.Background(), certID)
			if err == nil || scm.IsNotFound(err) != tt.gone {
				t.Errorf("IsNotFound(%v) = %v, want %v", err, scm.IsNotFound(err), tt.gone)
			}
		})
	}
}

// TestEndpointMistakesFailAtOnce sends nothing twice when no retry can help, and names
// the endpoint and the likely mistake.
func TestEndpointMistakesFailAtOnce(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer plain.Close()
	dials := 0
	nxdomain := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		dials++
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "scm.eu-west-9.myhuaweicloud.com", IsNotFound: true}}
	}}}
	tests := []struct {
		name     string
		endpoint string
		client   *http.Client
		mistake  string
	}{
		{"https against a plain-HTTP port", strings.Replace(plain.URL, "http://", "https://", 1), nil, "does not speak TLS"},
		{"a host that does not exist", "https://scm.eu-west-9.myhuaweicloud.com", nxdomain, "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := newClient(t, tt.endpoint, func(c *scm.Config) { c.MaxRetries = 5; c.HTTPClient = tt.client })
			_, err := client.ShowCertificate(context.Background(), certID)
			var endpointErr *scm.EndpointError
			if !errors.As(err, &endpointErr) || !strings.Contains(err.Error(), tt.mistake) || !strings.Contains(err.Error(), tt.endpoint) {
				t.Fatalf("err = %v, want an endpoint error naming %s and %q", err, tt.endpoint, tt.mistake)
			}
			var exhausted *scm.RetriesExhaustedError
			if errors.As(err, &exhausted) {
				t.Error("a mistake no retry can mend was retried")
			}
		})
	}
	if dials != 1 {
		t.Errorf("the unresolvable host was dialled %d times, want once", dials)
	}
}

// recordingLogger keeps what the client logs.
type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) record(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	line := level + " " + msg
	for k, v := range fields {
		line += fmt.Sprintf(" %s=%v", k, v)
	}
	l.lines = append(l.lines, line)
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.record("DEBUG", msg, fields)
}

func (l *recordingLogger) Info(_ context.Context, msg string, fields map[string]any) {
	l.record("INFO", msg, fields)
}

func (l *recordingLogger) Warn(_ context.Context, msg string, fields map[string]any) {
	l.record("WARN", msg, fields)
}

// TestLogsNameCallsButHoldNoBodies logs every call and retry through the Logger the
// caller gives, with the request id, and nothing of the bodies or credentials.
func TestLogsNameCallsButHoldNoBodies(t *testing.T) {
	target := emulatortest.Start(t, emulator.Options{})
	target.Script(emulator.OpApply, emulator.Throttle)
	logger := &recordingLogger{}
	client := target.Client(t, func(c *scm.Config) {
		c.Logger = logger
		c.Credentials.SecurityToken = "token-that-must-not-be-logged"
	})
	if err := client.Apply(context.Background(), certID, emulatortest.Application()); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(logger.lines, "\n")
	for _, want := range []string{"DEBUG SCM API call", "WARN Retrying SCM API call", "request_id=emu-", "path=/v3/scm/certificates/" + certID + "/apply"} {
		if !strings.Contains(all, want) {
			t.Errorf("the logs lack %q:\n%s", want, all)
		}
	}
	for _, secret := range []string{emulatortest.SecretKey, "token-that-must-not-be-logged", "13212345678", "tom@example.com"} {
		if strings.Contains(all, secret) {
			t.Errorf("the logs hold %q:\n%s", secret, all)
		}
	}
}
