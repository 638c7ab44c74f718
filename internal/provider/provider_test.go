package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// Acceptance tests run against an in-process emulator by default. With HW_ACCESS_KEY,
// HW_SECRET_KEY, HW_REGION_NAME (or HW_SCM_ENDPOINT) and SCM_ACC_CERTIFICATE_ID set,
// the tests that can run against the real service do so, with that purchased
// certificate and the domain in SCM_ACC_DOMAIN; the ones that need the emulator's
// controls are skipped.
const (
	envRealCertificateID = "SCM_ACC_CERTIFICATE_ID"
	envRealDomain        = "SCM_ACC_DOMAIN"
	defaultTestDomain    = "www.example.com"
)

const (
	testAccessKey = "TESTACCESSKEY0000001"
	testSecretKey = "test-secret-key-not-real"
)

var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"scm": providerserver.NewProtocol6WithError(New("test", "test")()),
}

func TestMain(m *testing.M) {
	// The emulator answers at once; nothing gains from waiting seconds between polls.
	pollMin, pollMax = 10*time.Millisecond, 50*time.Millisecond
	clientBackoff = &scm.Backoff{Min: 5 * time.Millisecond, Max: 50 * time.Millisecond, MaxRetryAfter: 100 * time.Millisecond}
	os.Exit(m.Run())
}

// accTarget is where an acceptance test sends its requests.
type accTarget struct {
	// emu is nil against the real cloud.
	emu *emulator.Server
	// url is the emulator's base URL.
	url string
	// provider is the provider block of the configurations.
	provider string
	// certID is a purchased certificate to apply for.
	certID string
	// domain is what the applications are for.
	domain string
}

// realCloud reports whether the acceptance tests target the real service.
func realCloud() bool { return os.Getenv(envRealCertificateID) != "" }

// newTarget returns the real cloud when it is configured, else a fresh emulator with
// one purchased DV certificate.
func newTarget(t *testing.T) *accTarget {
	t.Helper()
	if realCloud() {
		domain := os.Getenv(envRealDomain)
		if domain == "" {
			domain = defaultTestDomain
		}
		return &accTarget{provider: `provider "scm" {}`, certID: os.Getenv(envRealCertificateID), domain: domain}
	}
	return newEmulatorTarget(t, emulator.Options{})
}

// newEmulatorTarget always uses an emulator; tests of drift and faults need its controls.
func newEmulatorTarget(t *testing.T, opts emulator.Options, seeds ...emulator.Seed) *accTarget {
	t.Helper()
	if realCloud() {
		t.Skip("this test drives the emulator; it does not run against the real service")
	}
	if len(seeds) == 0 {
		seeds = []emulator.Seed{{ID: "scs1554192131150"}}
	}
	opts.AccessKey, opts.SecretKey = testAccessKey, testSecretKey
	emu, err := emulator.New(opts, seeds...)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(emu)
	t.Cleanup(ts.Close)
	return &accTarget{emu: emu, url: ts.URL, provider: emulatorProviderBlock(ts.URL), certID: seeds[0].ID, domain: defaultTestDomain}
}

func emulatorProviderBlock(url string) string {
	return fmt.Sprintf(`
provider "scm" {
  endpoint    = %q
  access_key  = %q
  secret_key  = %q
  max_retries = 3
}
`, url, testAccessKey, testSecretKey)
}

// application is the provider block and a resource "test"; attributes are HCL lines that add to or replace the
// defaults of a valid DV application.
func (a *accTarget) application(attributes ...string) string {
	return a.provider + resourceBlock("test", a.certID, append([]string{fmt.Sprintf("domain = %q", a.domain)}, attributes...)...)
}

func resourceBlock(name, certID string, attributes ...string) string {
	defaults := map[string]string{
		"certificate_id":           fmt.Sprintf("%q", certID),
		"domain":                   fmt.Sprintf("%q", defaultTestDomain),
		"applicant_name":           `"Tom"`,
		"applicant_phone":          `"13212345678"`,
		"applicant_email":          `"tom@example.com"`,
		"agree_privacy_protection": "true",
	}
	order := []string{"certificate_id", "domain", "applicant_name", "applicant_phone", "applicant_email", "agree_privacy_protection"}
	var extra []string
	for _, line := range attributes {
		key, value, _ := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if _, known := defaults[key]; known {
			defaults[key] = strings.TrimSpace(value)
			continue
		}
		extra = append(extra, line)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"scm_certificate_application\" %q {\n", name)
	for _, key := range order {
		if defaults[key] != "omit" {
			fmt.Fprintf(&b, "  %s = %s\n", key, defaults[key])
		}
	}
	for _, line := range extra {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("}\n")
	return b.String()
}
