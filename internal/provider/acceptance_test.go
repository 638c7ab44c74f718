package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
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
	testAccessKey = emulatortest.AccessKey
	testSecretKey = emulatortest.SecretKey
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binaries != "" {
		_ = os.RemoveAll(binaries)
	}
	os.Exit(code)
}

// binaries holds the programs tests build, such as the emulator's command.
var binaries string

// emulatorCommand builds the scm-emulator command once for the tests that run it (as
// provisioners of configurations do) and returns the directory that holds it.
var emulatorCommand = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "scm-provider-test-")
	if err != nil {
		return "", err
	}
	binaries = dir
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "scm-emulator"), "../cmd/scm-emulator")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building scm-emulator: %v\n%s", err, out)
	}
	return dir, nil
})

// fastPacing keeps the provider's waits against the emulator in milliseconds; each
// test builds its providers with it, so tests share no package state and run in
// parallel.
var fastPacing = pacing{backoff: &emulatortest.FastBackoff, pollMin: 5 * time.Millisecond, pollMax: 20 * time.Millisecond,
	requestTimeout: 10 * time.Second, recordsWait: time.Minute}

// accTarget is where an acceptance test sends its requests.
type accTarget struct {
	// emu is nil against the real cloud.
	emu *emulatortest.Target
	// url is the emulator's base URL.
	url string
	// provider is the provider block of the configurations.
	provider string
	// certID is a purchased certificate to apply for.
	certID string
	// domain is what the applications are for.
	domain string
	// getenv gives the providers their environment.
	getenv func(string) string
	// pace is how the providers wait; zero takes fastPacing.
	pace pacing
}

// pacing is how this target's providers wait.
func (a *accTarget) pacing() pacing {
	if a.pace == (pacing{}) {
		return fastPacing
	}
	return a.pace
}

// factories are this target's providers: scm with fast pacing, and the echo provider
// that carries ephemeral values into the state for tests.
func (a *accTarget) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	getenv := a.getenv
	if getenv == nil {
		getenv = osGetenv
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"scm":  providerserver.NewProtocol6WithError(newProvider("test", "test", a.pacing(), getenv)()),
		"echo": echoprovider.NewProviderServer(),
	}
}

// test runs an acceptance test in parallel with the others, with this target's
// providers. Unless the test says otherwise, every certificate of the emulator must be
// back to PAID once the test has destroyed what it created.
func (a *accTarget) test(t *testing.T, tc resource.TestCase) {
	t.Helper()
	tc.ProtoV6ProviderFactories = a.factories()
	if tc.CheckDestroy == nil {
		tc.CheckDestroy = a.statuses(nil)
	}
	resource.ParallelTest(t, tc)
}

// statuses checks every certificate of the emulator: those named are in the given
// status, all the others PAID.
func (a *accTarget) statuses(want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if a.emu == nil {
			return nil
		}
		for _, cert := range a.emu.Certificates() {
			expected, named := want[cert.ID]
			if !named {
				expected = scm.StatusPaid
			}
			if cert.Status != expected {
				return fmt.Errorf("certificate %s is %s in the service, want %s", cert.ID, cert.Status, expected)
			}
		}
		return nil
	}
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
		seeds = []emulator.Seed{{ID: emulatortest.CertificateID}}
	}
	emu := emulatortest.Start(t, opts, seeds...)
	return &accTarget{emu: emu, url: emu.URL, provider: emulatorProviderBlock(emu.URL), certID: seeds[0].ID, domain: defaultTestDomain}
}

// emu is the target's emulator, for tests that only run against one.
func (a *accTarget) client(t *testing.T) *scm.Client {
	t.Helper()
	return a.emu.Client(t)
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
