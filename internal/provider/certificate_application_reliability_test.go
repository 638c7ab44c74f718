package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

// TestAccReliability_throttlingAndServerErrors applies 20 applications (Terraform's
// default parallelism is 10) while the service throttles 30% of requests and fails 10%.
func TestAccReliability_throttlingAndServerErrors(t *testing.T) {
	const n = 20
	seeds := make([]emulator.Seed, n)
	for i := range seeds {
		seeds[i] = emulator.Seed{ID: fmt.Sprintf("scs15541921312%02d", i)}
	}
	target := newEmulatorTarget(t, emulator.Options{RandomSeed: 7}, seeds...)
	target.emu.SetFaults(emulator.Faults{ThrottleRate: 0.3, ErrorRate: 0.1})

	// Ten retries keep the chance that one of the ~200 requests fails 11 times in a row
	// far below one in a thousand.
	config := strings.Replace(target.provider, "max_retries = 3", "max_retries = 10", 1)
	for i, seed := range seeds {
		config += resourceBlock(fmt.Sprintf("app%02d", i), seed.ID, fmt.Sprintf("domain = \"www%02d.example.com\"", i))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				counts := target.emu.Counts()
				for _, seed := range seeds {
					cert, _ := target.emu.Certificate(seed.ID)
					if cert.Status != "CHECKING" {
						return fmt.Errorf("certificate %s is %s, want CHECKING", seed.ID, cert.Status)
					}
					if got := counts.ApplicationsByCertificate[seed.ID]; got != 1 {
						return fmt.Errorf("certificate %s got %d applications, want exactly 1", seed.ID, got)
					}
				}
				if counts.Throttled == 0 || counts.ServerErrors == 0 {
					return fmt.Errorf("no fault was injected: %+v", counts)
				}
				return nil
			},
		}},
	})
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
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config:            target.application(),
					ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("CHECKING"))},
					Check:             resource.ComposeTestCheckFunc(applicationsAre(target, 1), countIs(target, tt.counter, tt.count, 1)),
				}},
			})
		})
	}
}

// TestAccReliability_createTimeoutMidRequest stops a create whose request hangs, and the
// next apply submits the application (the service never received the first one).
func TestAccReliability_createTimeoutMidRequest(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	target.emu.Script(emulator.OpApply, emulator.Slow)
	target.emu.SetFaults(emulator.Faults{Delay: time.Minute})
	started := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      target.application(`timeouts { create = "1s" }`),
				ExpectError: regexp.MustCompile(`(?s)may\s+or\s+may\s+not\s+have\s+reached.*Run\s+terraform\s+apply\s+again`),
			},
			{
				PreConfig: func() {
					if elapsed := time.Since(started); elapsed > 30*time.Second {
						t.Errorf("the create took %s to give up, want about its 1s timeout", elapsed)
					}
				},
				Config:            target.application(),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("CHECKING"))},
				Check:             applicationsAre(target, 1),
			},
		},
	})
}

// TestAccReliability_deleteTimeoutSaysWhatToDo gives up waiting for a slow withdrawal
// and tells the user the withdrawal goes on.
func TestAccReliability_deleteTimeoutSaysWhatToDo(t *testing.T) {
	const withdrawalTime = 2 * time.Second
	target := newEmulatorTarget(t, emulator.Options{WithdrawalTime: withdrawalTime})
	config := target.application(`timeouts { delete = "1s" }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)withdrawal.*has\s+not\s+finished.*still\s+CANCELCHECKING.*destroy\s+again\s+later.*timeouts.delete`),
			},
			{
				// Once the withdrawal is done, the refresh finds the certificate PAID and
				// drops the application from the state.
				PreConfig: func() { time.Sleep(withdrawalTime) },
				Config:    target.provider,
				Check:     statusIs(target, "PAID"),
			},
		},
	})
}

// TestAccReliability_unexpectedStatusIsKept keeps a status this provider does not know.
func TestAccReliability_unexpectedStatusIsKept(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	config := target.application()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					_ = target.emu.Update(target.certID, func(c *emulator.Certificate) { c.Status = "QUANTUM_REVIEW" })
				},
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("QUANTUM_REVIEW"))},
			},
			{
				PreConfig: func() { _ = target.emu.Update(target.certID, func(c *emulator.Certificate) { c.Status = "CHECKING" }) },
				Config:    config,
			},
		},
	})
}

// TestAccReliability_logsHoldNoSecretsOrPersonalData runs a whole lifecycle with every
// log at TRACE and searches the logs for the secret key, the token, phones and e-mails.
func TestAccReliability_logsHoldNoSecretsOrPersonalData(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	dir := t.TempDir()
	coreLog, providerLog := filepath.Join(dir, "terraform.log"), filepath.Join(dir, "provider.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", coreLog)
	t.Setenv("TF_ACC_LOG_PATH", providerLog)

	const token = "temporary-security-token-value"
	config := strings.Replace(target.provider, "max_retries = 3", fmt.Sprintf("security_token = %q", token), 1) +
		resourceBlock("test", target.certID,
			`applicant_phone = "13212345678"`, `applicant_email = "tom.private@example.com"`,
			`contact_phone = "13512345678"`, `contact_email = "jacky.private@example.com"`, `contact_name = "Jacky"`)
	target.emu.Script(emulator.OpShow, emulator.Throttle) // a retry adds a warning line to the logs
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{ResourceName: resourceAddress, ImportState: true, ImportStateVerify: true},
		},
	})

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
	for _, secret := range []string{testSecretKey, token, "13212345678", "13512345678", "tom.private@example.com", "jacky.private@example.com"} {
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
	emu, err := emulator.New(emulator.Options{AccessKey: testAccessKey, SecretKey: testSecretKey}, emulator.Seed{ID: "scs1554192131150"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(emu)
	defer ts.Close()
	block := emulatorProviderBlock(ts.URL)
	insecure := strings.Replace(block, "max_retries = 3", "max_retries = 3\n  insecure    = true", 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      block + resourceBlock("test", "scs1554192131150"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)certificate.*not\s+trusted.*insecure\s+=\s+true`),
			},
			{
				Config:            insecure + resourceBlock("test", "scs1554192131150"),
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
// fails every read of it: the application must still reach the state, once.
func TestAccReliability_failedReadBackKeepsTheApplication(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	// Two plan-time reads pass (plan, then the apply's plan); the read-back after the
	// application fails on every attempt (1 + max_retries 3).
	target.emu.Script(emulator.OpShow, emulator.NoFault, emulator.NoFault,
		emulator.ServerError, emulator.ServerError, emulator.ServerError, emulator.ServerError)
	config := target.application()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("CHECKING")),
					expect("dns_validation_records", knownvalue.ListSizeExact(0)),
				},
				Check: applicationsAre(target, 1),
			},
			{
				// The next refresh reads what the first apply could not.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expect("dns_validation_records", knownvalue.ListSizeExact(1))},
				Check:             applicationsAre(target, 1),
			},
		},
	})
}
