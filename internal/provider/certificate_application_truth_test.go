package provider

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
)

// Workflows off the happy order. In each, the state must hold what the service holds,
// or the apply must fail saying why; and no plan, apply, refresh or interruption may
// withdraw or resubmit an application unless the configuration asked for exactly that
// and it can succeed.

const (
	otherCertificateID  = "scs1554192131151"
	issuedCertificateID = "scs1554192131152"
	missingCertificate  = "scs9999999999999"
)

// TestAccWorkflow_changedCertificateIDChecksTheNewCertificate moves an application
// under review to certificates that cannot take it: an issued one, one that does not
// exist, a wildcard certificate for a plain domain. The plan checks the new certificate
// (a warning for its status or absence, an error for what never fits), and the apply
// fails before it withdraws anything: the review goes on, and the state keeps it. A move
// to a purchased certificate then withdraws the old application and applies for the new.
func TestAccWorkflow_changedCertificateIDChecksTheNewCertificate(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{},
		emulator.Seed{ID: "scs1554192131150"}, emulator.Seed{ID: otherCertificateID},
		emulator.Seed{ID: issuedCertificateID}, emulator.Seed{ID: "scs1554192131153", DomainType: "WILDCARD"})
	issueOutsideTerraform(t, target, issuedCertificateID)
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	original := target.certID

	onto := func(id string) string { return target.application(fmt.Sprintf("certificate_id = %q", id)) }
	ws.expectAction(onto(issuedCertificateID), "replace", "The application moves from certificate "+original+" to "+issuedCertificateID,
		"is ISSUED", "the apply fails and the application for "+original+" stays as it is")
	ws.applyFails(onto(issuedCertificateID), "Cannot replace the application for certificate "+original,
		"Nothing was withdrawn", "stays as it is, and in the state")
	ws.expectAction(onto(missingCertificate), "replace", "Certificate "+missingCertificate+" not found", "stays as it is")
	ws.applyFails(onto(missingCertificate), "there is no certificate "+missingCertificate, "Nothing was withdrawn")
	ws.planFails(onto("scs1554192131153"), "Wildcard certificate needs a wildcard domain")

	ws.expectAttribute("certificate_id", original)
	ws.check(statusIs(target, "CHECKING"), applicationsAre(target, 1), countIs(target, "withdrawals", withdrawals, 0))
	ws.planIsEmpty(target.application())

	ws.expectAction(onto(otherCertificateID), "replace", "is withdrawn first", "then certificate "+otherCertificateID+" is applied for")
	ws.apply(onto(otherCertificateID))
	ws.expectAttribute("certificate_id", otherCertificateID)
	ws.check(target.statuses(map[string]string{otherCertificateID: "CHECKING", issuedCertificateID: "ISSUED"}),
		countIs(target, "withdrawals", withdrawals, 1))
	ws.destroy()
	ws.check(target.statuses(map[string]string{issuedCertificateID: "ISSUED"}))
}

// TestAccWorkflow_staleSavedPlanKeepsTheApplication saves a plan that replaces an
// application under review; the certificate is issued before the plan is applied. The
// delete half finds it issued and fails before anything happens: the application stays
// in the state (Create, which has no prior state, could not have put it back), and a
// fresh plan shows what the service holds.
func TestAccWorkflow_staleSavedPlanKeepsTheApplication(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	changed := target.application(`applicant_name = "Jerry"`)
	ws.expectAction(changed, "replace")
	mustDo(t, target.emu.Issue(target.certID))
	ws.applyPlanFails("Cannot replace the application for certificate "+target.certID, "is ISSUED",
		"Nothing was changed: the state keeps the application")
	ws.expectAttribute("certificate_id", target.certID)
	ws.expectAttribute("applicant_name", "Tom")
	ws.planIsEmpty(target.application())
	ws.apply(target.application(), tfexec.RefreshOnly(true))
	ws.expectAttribute("status", "ISSUED")
	ws.check(applicationsAre(target, 1), countIs(target, "withdrawals", withdrawals, 0))
	says(t, ws.destroy(), "remains in the account")
	ws.check(target.statuses(map[string]string{target.certID: "ISSUED"}))
}

// TestAccWorkflow_replaceFlagOnAnIssuedApplicationChangesNothing: -replace cannot
// withdraw an issued certificate, so the replacement fails before it starts, instead of
// dropping the certificate from the state and then failing to apply for it.
func TestAccWorkflow_replaceFlagOnAnIssuedApplicationChangesNothing(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	mustDo(t, target.emu.Issue(target.certID))
	ws.write(target.application())
	out := ws.run("apply -replace", true, func(ctx context.Context) error {
		return ws.tf.Apply(ctx, tfexec.Replace(resourceAddress), ws.reattach)
	})
	says(t, out, "Cannot replace the application for certificate "+target.certID, "is ISSUED")
	ws.planIsEmpty(target.application())
	ws.check(applicationsAre(target, 1), countIs(target, "withdrawal attempts", func(c emulator.Counts) int { return c.WithdrawAttempts }, 0))
	ws.destroy()
	ws.check(target.statuses(map[string]string{target.certID: "ISSUED"}))
}

// TestAccWorkflow_interruptedWaitKeepsTheReview interrupts terraform apply (SIGINT, as
// Ctrl-C) while wait_for_issued waits. The application is in the state, untainted and
// CHECKING: the next apply neither withdraws nor resubmits it.
func TestAccWorkflow_interruptedWaitKeepsTheReview(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{FrozenClock: true})
	interrupt := make(chan struct{})
	var once sync.Once
	target.emu.Observe(func(e emulator.Exchange) {
		// The wait has begun once the provider reads the application under review.
		if e.Operation == emulator.OpShow && e.CertificateStatus == "CHECKING" {
			once.Do(func() { close(interrupt) })
		}
	})
	ws := newCLIWorkspace(t, target)
	config := target.application("wait_for_issued = true")
	says(t, ws.applyInterrupted(config, interrupt), "Interrupt received")
	ws.expectAttribute("status", "CHECKING")
	ws.planIsEmpty(config)
	ws.check(applicationsAre(target, 1), countIs(target, "withdrawals", withdrawals, 0))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_postconditionFailsTheApplyWithoutLosingTheReview is the documented way
// to make an apply fail while the review goes on: a postcondition on status. The apply
// fails, and the application stays under review, in the state; once issued, the same
// configuration applies cleanly.
func TestAccWorkflow_postconditionFailsTheApplyWithoutLosingTheReview(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{FrozenClock: true})
	ws := newCLIWorkspace(t, target)
	config := target.application("wait_for_issued = true", `timeouts = { create = "1s" }`,
		`lifecycle {
    postcondition {
      condition     = self.status == "ISSUED"
      error_message = "The certificate is not issued yet."
    }
  }`)
	ws.applyFails(config, "The certificate is not issued yet.")
	ws.expectAttribute("status", "CHECKING")
	ws.check(applicationsAre(target, 1))
	mustDo(t, target.emu.Issue(target.certID))
	ws.apply(config)
	ws.expectAttribute("status", "ISSUED")
	ws.check(applicationsAre(target, 1), countIs(target, "withdrawals", withdrawals, 0))
	ws.destroy()
	ws.check(target.statuses(map[string]string{target.certID: "ISSUED"}))
}

// TestAccWorkflow_planFailsWhenNoCallCanSucceed plans a new application with a secret key
// the service refuses, an endpoint path that is not the SCM API, and an endpoint where
// nothing listens: the plan fails, naming the cause, so a pipeline's plan stage goes red
// instead of its apply.
func TestAccWorkflow_planFailsWhenNoCallCanSucceed(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	closed := closedPort(t)
	ws := newCLIWorkspace(t, target)
	config := target.application()
	ws.planFails(strings.Replace(config, testSecretKey, "not-the-secret-key", 1), "refused the request signature", "secret_key")
	ws.planFails(strings.Replace(config, target.url, target.url+"/scm", 1), "answered 404 without the SCM service's own error")
	ws.planFails(strings.Replace(config, target.url, closed, 1), "Nothing listens at the endpoint")
	ws.check(applicationsAre(target, 0))
}

// TestAccWorkflow_planFailsOnASilentEndpoint: an endpoint that accepts connections and
// never answers (a proxy that swallows requests) fails the plan once the request's
// deadline passes (shortened here), naming the endpoint and what to check.
func TestAccWorkflow_planFailsOnASilentEndpoint(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	target.pace = fastPacing
	target.pace.requestTimeout = 500 * time.Millisecond
	hanging := silentListener(t)
	ws := newCLIWorkspace(t, target)
	ws.planFails(strings.Replace(target.application(), target.url, hanging, 1),
		"the endpoint "+hanging+" accepted the request and did not answer it", "any proxy (HTTPS_PROXY) or firewall")
}

// silentListener accepts connections and never answers, as a proxy that swallows
// requests does; it returns its URL.
func silentListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustDo(t, err)
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// closedPort is the URL of a port where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustDo(t, err)
	url := "http://" + ln.Addr().String()
	mustDo(t, ln.Close())
	return url
}

// TestAccWorkflow_lateRecordsEndTheWaitWithAWarning: the service takes longer than the
// provider waits to report the validation records. The apply succeeds with a warning
// that says what to do, the records are empty in the state, and the next apply's refresh
// fills them in, with nothing submitted again.
func TestAccWorkflow_lateRecordsEndTheWaitWithAWarning(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{FrozenClock: true, RecordsDelay: time.Hour})
	target.pace = fastPacing
	target.pace.recordsWait = 200 * time.Millisecond
	ws := newCLIWorkspace(t, target)
	config := target.application()
	says(t, ws.apply(config), "validation records not all reported", target.domain, "run terraform apply again later")
	ws.expectAttribute("dns_validation_records", []any{map[string]any{
		"domain": target.domain, "record_name": "", "record_type": "", "record_value": ""}})
	mustDo(t, target.emu.AdvanceClock(time.Hour))
	ws.apply(config)
	records, _ := ws.attribute(resourceAddress, "dns_validation_records").([]any)
	if len(records) != 1 || records[0].(map[string]any)["record_value"] == "" {
		t.Errorf("after a refresh, records = %v; want the service's", records)
	}
	ws.planIsEmpty(config)
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// issueOutsideTerraform applies for a certificate and issues it, as the console would.
func issueOutsideTerraform(t *testing.T, target *accTarget, id string) {
	t.Helper()
	mustDo(t, target.client(t).Apply(context.Background(), id, emulatortest.Application()))
	mustDo(t, target.emu.Issue(id))
}
