package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
)

// TestAccReliability_throttlingAndServerErrors applies 20 applications (Terraform's
// default parallelism is 10) while the service throttles 30% of requests and fails 10%,
// drawn from a seed that changes with every run unless SCM_TEST_SEED sets it: what it
// asserts holds for every draw.
func TestAccReliability_throttlingAndServerErrors(t *testing.T) {
	const n = 20
	seeds := make([]emulator.Seed, n)
	for i := range seeds {
		seeds[i] = emulator.Seed{ID: fmt.Sprintf("scs15541921312%02d", i)}
	}
	seed := randomSeed(t)
	target := newEmulatorTarget(t, emulator.Options{RandomSeed: seed, Faults: emulator.Faults{ThrottleRate: 0.3, ErrorRate: 0.1}}, seeds...)

	// With the most retries the provider allows, a request fails only after 51 failures
	// in a row: for a 40% fault rate, a chance of about 1e-20.
	config := strings.Replace(target.provider, "max_retries = 3", "max_retries = 50", 1)
	for i, seed := range seeds {
		config += resourceBlock(fmt.Sprintf("app%02d", i), seed.ID, fmt.Sprintf("domain = \"www%02d.example.com\"", i))
	}
	ws := newCLIWorkspace(t, target)
	ws.apply(config)
	counts := target.emu.Counts()
	for _, seed := range seeds {
		cert, _ := target.emu.Certificate(seed.ID)
		if cert.Status != "CHECKING" || counts.ApplicationsByCertificate[seed.ID] != 1 {
			t.Errorf("certificate %s is %s with %d applications, want CHECKING with exactly 1", seed.ID, cert.Status,
				counts.ApplicationsByCertificate[seed.ID])
		}
	}
	ws.destroy()
	ws.check(target.statuses(nil))
}

// randomSeed is the seed of a test's random faults: SCM_TEST_SEED when it is set, to
// repeat a run, else one from the clock. The test log says which, so that a failure can
// be run again with the same draw.
func randomSeed(t *testing.T) uint64 {
	t.Helper()
	if text := os.Getenv("SCM_TEST_SEED"); text != "" {
		seed, err := strconv.ParseUint(text, 10, 64)
		if err != nil {
			t.Fatalf("SCM_TEST_SEED=%q is not a whole number", text)
		}
		t.Logf("random seed of the faults: %d (from SCM_TEST_SEED)", seed)
		return seed
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed of the faults: %d (set SCM_TEST_SEED=%d to repeat this run)", seed, seed)
	return seed
}

// TestAccReliability_applyFaultsAreReconciled injects one fault into the application
// request. Either way the apply must end with the application in state, and the
// service must have accepted exactly one.
func TestAccReliability_applyFaultsAreReconciled(t *testing.T) {
	tests := []struct {
		name    string
		fault   emulator.Fault
		counter string
		count   func(emulator.Counts) int
	}{
		// The service takes the application, then the connection drops: Create reads
		// the certificate and adopts the application.
		{"answer lost after the service acted", emulator.DropAfterAct, "dropped connections", func(c emulator.Counts) int { return c.Dropped }},
		// A 500 without acting: the certificate is still PAID, so it is submitted again, once.
		{"server error before acting", emulator.ServerError, "server errors", func(c emulator.Counts) int { return c.ServerErrors }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := newEmulatorTarget(t, emulator.Options{})
			target.emu.Script(emulator.OpApply, tt.fault)
			ws := newCLIWorkspace(t, target)
			config := target.application()
			ws.apply(config)
			ws.expectAttribute("status", "CHECKING")
			ws.check(applicationsAre(target, 1), countIs(target, tt.counter, tt.count, 1))
			ws.planIsEmpty(config)
			ws.destroy()
			ws.check(target.statuses(nil))
		})
	}
}

// TestAccReliability_createTimeoutMidRequest stops a create whose request hangs (for
// good: the emulator holds it for an hour), and the next apply submits the application
// (the service never received the first one).
func TestAccReliability_createTimeoutMidRequest(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{Faults: emulator.Faults{Delay: emulator.Duration(time.Hour)}})
	target.emu.Script(emulator.OpApply, emulator.Slow)
	ws := newCLIWorkspace(t, target)
	ws.applyFails(target.application(`timeouts = { create = "1s" }`), "may or may not have reached", "Run terraform apply again")
	ws.apply(target.application())
	ws.expectAttribute("status", "CHECKING")
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccReliability_deleteTimeoutSaysWhatToDo gives up waiting for a withdrawal that
// cannot finish (the service clock stands still), and tells the user the withdrawal
// goes on. The delete deadline may pass between two reads or during one: the message
// names the last status seen either way.
func TestAccReliability_deleteTimeoutSaysWhatToDo(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{WithdrawalTime: time.Hour, FrozenClock: true})
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application(`timeouts = { delete = "1s" }`))
	ws.destroyFails("withdrawal of certificate "+target.certID+" has not finished", "still CANCELCHECKING",
		"destroy again later", "timeouts.delete", "run terraform apply first")
	// Once the withdrawal is done, the refresh finds the certificate PAID and drops the
	// application from the state.
	mustDo(t, target.emu.AdvanceClock(time.Hour))
	ws.apply(target.provider)
	ws.check(target.statuses(nil))
}

// TestAccReliability_logsHoldNoSecretsOrPersonalData runs a whole lifecycle with every
// log at TRACE, with the scm_certificate data source reading an issued certificate whose
// export answer carries a private key, and searches the logs for the secret key, the
// token, phones, e-mails and the private key; nor does the state hold the key. It sets
// the environment, so it runs on its own, not in parallel.
func TestAccReliability_logsHoldNoSecretsOrPersonalData(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, emulator.Seed{ID: emulatortest.CertificateID}, emulator.Seed{ID: issuedCertificateID})
	issueOutsideTerraform(t, target, issuedCertificateID)
	dir := t.TempDir()
	coreLog, providerLog := filepath.Join(dir, "terraform.log"), filepath.Join(dir, "provider.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", coreLog)
	t.Setenv("TF_ACC_LOG_PATH", providerLog)

	const token = "temporary-security-token-value"
	config := strings.Replace(target.provider, "max_retries = 3", fmt.Sprintf("security_token = %q", token), 1) +
		resourceBlock("test", target.certID,
			`applicant_phone = "13212345678"`, `applicant_email = "tom.private@example.com"`,
			`contact_phone = "13512345678"`, `contact_email = "jacky.private@example.com"`, `contact_name = "Jacky"`) +
		fmt.Sprintf("data \"scm_certificate\" \"issued\" {\n  certificate_id = %q\n}\n", issuedCertificateID)
	target.emu.Script(emulator.OpShow, emulator.Throttle) // a retry adds a warning line to the logs
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: target.factories(),
		CheckDestroy:             target.statuses(map[string]string{issuedCertificateID: "ISSUED"}),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.scm_certificate.issued", tfjsonpath.New("certificate"),
						knownvalue.StringRegexp(regexp.MustCompile(`^-----BEGIN CERTIFICATE-----`))),
					noPrivateKeyInState{},
				},
			},
			{ResourceName: resourceAddress, ImportState: true, ImportStateVerify: true},
		},
	})
	if exported := target.emu.Counts().Exports; exported == 0 {
		t.Fatal("the data source never exported the issued certificate: the test would prove nothing")
	}

	var all strings.Builder
	for _, file := range []string{coreLog, providerLog} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("reading %s: %v", file, err)
		}
		all.Write(data)
	}
	logs := withoutHarnessConfigEcho(all.String())
	if !strings.Contains(logs, "SCM API call") || !strings.Contains(logs, "Retrying SCM API call") {
		t.Fatal("the logs do not hold the provider's API call lines: the test would prove nothing")
	}
	for _, secret := range []string{testSecretKey, token, "13212345678", "13512345678", "tom.private@example.com", "jacky.private@example.com",
		"PRIVATE KEY"} {
		if n := strings.Count(logs, secret); n > 0 {
			i := strings.Index(logs, secret)
			t.Errorf("the logs hold %q %d times, first near: %q", secret, n, logs[max(0, i-200):min(len(logs), i+100)])
		}
	}
}

// TestAccReliability_tlsVerification refuses a self-signed endpoint unless insecure is set.
func TestAccReliability_tlsVerification(t *testing.T) {
	if realCloud() {
		t.Skip("drives a local TLS server")
	}
	emu, err := emulator.New(emulator.Options{AccessKey: testAccessKey, SecretKey: testSecretKey}, emulator.Seed{ID: emulatortest.CertificateID})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(emu)
	defer ts.Close()
	target := &accTarget{}
	block := emulatorProviderBlock(ts.URL)
	insecure := strings.Replace(block, "max_retries = 3", "max_retries = 3\n  insecure    = true", 1)
	target.test(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if cert, _ := emu.Certificate(emulatortest.CertificateID); cert.Status != "PAID" {
				return fmt.Errorf("certificate is %s, want PAID", cert.Status)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// Refresh of a data source fails at plan: the endpoint is not trusted.
				Config:      block + `data "scm_certificate" "test" { certificate_id = "` + emulatortest.CertificateID + `" }`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)certificate.*not\s+trusted.*insecure\s+=\s+true`),
			},
			{
				Config:            insecure + resourceBlock("test", emulatortest.CertificateID),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("CHECKING"))},
			},
		},
	})
}

var logEntryStart = regexp.MustCompile(`(?m)^\d{4}-\d{2}-\d{2}T`)

// withoutHarnessConfigEcho drops the entries in which the test harness itself logs the
// HCL it writes for Terraform: the configuration holds the values by design, and they
// reach no log of Terraform's or the provider's.
func withoutHarnessConfigEcho(logs string) string {
	starts := logEntryStart.FindAllStringIndex(logs, -1)
	var kept strings.Builder
	for i, start := range starts {
		end := len(logs)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		entry := logs[start[0]:end]
		if !strings.Contains(entry, "sdk.helper_resource: Setting Terraform configuration") {
			kept.WriteString(entry)
		}
	}
	return kept.String()
}

// TestAccReliability_failedReadBackKeepsTheApplication accepts the application, then
// fails every attempt to read it back: the application must still reach the state, once,
// with its planned shape; the next refresh reads what the apply could not.
func TestAccReliability_failedReadBackKeepsTheApplication(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	// Right when the application is accepted, the next four reads (1 + max_retries 3)
	// fail, whatever Terraform read before.
	target.emu.Observe(func(e emulator.Exchange) {
		if e.Operation == emulator.OpApply && e.HTTPStatus == 200 {
			target.emu.Script(emulator.OpShow, emulator.ServerError, emulator.ServerError, emulator.ServerError, emulator.ServerError)
		}
	})
	ws := newCLIWorkspace(t, target)
	config := target.application()
	says(t, ws.apply(config), "application submitted, details not read")
	ws.expectAttribute("status", "CHECKING")
	ws.expectAttribute("dns_validation_records", []any{map[string]any{
		"domain": target.domain, "record_name": "", "record_type": "", "record_value": ""}})
	ws.planIsEmpty(config)
	ws.apply(config)
	records, _ := ws.attribute(resourceAddress, "dns_validation_records").([]any)
	if len(records) != 1 || records[0].(map[string]any)["record_value"] == "" {
		t.Errorf("after a refresh, records = %v; want the service's", records)
	}
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}
