// Package emulatortest starts emulators and clients of them for the tests of the client
// and the provider. (The emulator's own tests do without it: they must not lean on the
// client they are meant to check.)
package emulatortest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// The credentials every test emulator takes.
const (
	AccessKey = "TESTACCESSKEY0000001"
	SecretKey = "test-secret-key-not-real"
)

// CertificateID is the purchased certificate an emulator holds when a test seeds none.
const CertificateID = "scs1554192131150"

// FastBackoff keeps retries against an emulator in milliseconds.
var FastBackoff = scm.Backoff{Min: 2 * time.Millisecond, Max: 20 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond}

// Target is an emulator serving on a local port for the length of a test.
type Target struct {
	*emulator.Server
	URL string
}

// Start serves a new emulator with the test credentials and the seeds (by default one
// DV certificate, CertificateID), and stops it when the test ends.
func Start(t testing.TB, opts emulator.Options, seeds ...emulator.Seed) *Target {
	t.Helper()
	if len(seeds) == 0 {
		seeds = []emulator.Seed{{ID: CertificateID}}
	}
	opts.AccessKey, opts.SecretKey = AccessKey, SecretKey
	srv, err := emulator.New(opts, seeds...)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &Target{Server: srv, URL: ts.URL}
}

// Client returns a client of the emulator with three fast retries; change adjusts its
// configuration.
func (tg *Target) Client(t testing.TB, change ...func(*scm.Config)) *scm.Client {
	t.Helper()
	return NewClient(t, tg.URL, change...)
}

// NewClient returns a client of any endpoint with the test credentials and three fast
// retries.
func NewClient(t testing.TB, endpoint string, change ...func(*scm.Config)) *scm.Client {
	t.Helper()
	backoff := FastBackoff
	cfg := scm.Config{
		Endpoint:    endpoint,
		Credentials: scm.Credentials{AccessKey: AccessKey, SecretKey: SecretKey},
		MaxRetries:  3,
		Backoff:     &backoff,
	}
	for _, c := range change {
		c(&cfg)
	}
	client, err := scm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// Application is a valid DV application for www.example.com.
func Application() scm.ApplyRequest {
	return scm.ApplyRequest{
		Domain: "www.example.com", ApplicantName: "Tom", ApplicantPhone: "13212345678",
		ApplicantEmail: "tom@example.com", AgreePrivacyProtection: true, DomainMethod: "DNS",
	}
}
