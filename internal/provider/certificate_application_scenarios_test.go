package provider

import (
	"context"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

// Scenarios of one application's life, each with the commands a user would run.

func TestAccScenario_replacedWhenAnInputChanges(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	changed := target.application(`applicant_name = "Jerry"`)
	ws.expectAction(changed, "replace", "You changed applicant_name")
	ws.apply(changed)
	// The first application is withdrawn before the second is submitted.
	ws.check(applicationsAre(target, 2), countIs(target, "withdrawals", withdrawals, 1))
	ws.expectAttribute("applicant_name", "Jerry")
	ws.planIsEmpty(changed)
	ws.destroy()
	ws.check(target.statuses(nil))
}

func TestAccScenario_withdrawnOutOfBandIsAppliedAgain(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	config := target.application()
	ws.apply(config)
	mustDo(t, target.emu.Withdraw(target.certID))
	ws.expectAction(config, "create")
	ws.apply(config)
	ws.check(statusIs(target, "CHECKING"), applicationsAre(target, 2))
	ws.destroy()
	ws.check(target.statuses(nil))
}

func TestAccScenario_changedOutOfBandShowsInThePlan(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	config := target.application()
	ws.apply(config)
	mustDo(t, target.emu.Update(target.certID, func(c *emulator.Certificate) { c.ApplicationInfo.ApplicantName = "Mallory" }))
	ws.expectAction(config, "replace")
	ws.apply(config)
	ws.expectAttribute("applicant_name", "Tom")
	ws.destroy()
	ws.check(target.statuses(nil))
}

func TestAccScenario_waitForIssued(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	// The review ends as soon as the provider has seen the application under review.
	issueOnFirstLook(t, target)
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application("wait_for_issued = true"))
	ws.expectAttribute("status", "ISSUED")
	if fingerprint, _ := ws.attribute(resourceAddress, "fingerprint").(string); !regexp.MustCompile(`^[0-9A-F]{40}$`).MatchString(fingerprint) {
		t.Errorf("fingerprint = %q", fingerprint)
	}
	ws.destroy()
	ws.check(target.statuses(map[string]string{target.certID: "ISSUED"}))
}

// issueOnFirstLook ends the review of the target's certificate once the provider has
// read it under review: the wait then sees it issued on its next read, whatever the
// timing.
func issueOnFirstLook(t *testing.T, target *accTarget) {
	t.Helper()
	target.emu.Observe(func(e emulator.Exchange) {
		if e.Operation == emulator.OpShow && e.CertificateStatus == "CHECKING" {
			_ = target.emu.Issue(e.CertificateID)
		}
	})
}

func TestAccScenario_waitForIssuedFailsWhenRefused(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	target.emu.Observe(func(e emulator.Exchange) {
		if e.Operation == emulator.OpShow && e.CertificateStatus == "CHECKING" {
			_ = target.emu.Refuse(e.CertificateID)
		}
	})
	ws := newCLIWorkspace(t, target)
	ws.applyFails(target.application("wait_for_issued = true"), "was refused", "status UNPASSED", "apply -replace")
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(map[string]string{target.certID: "UNPASSED"}))
}

func TestAccScenario_destroyKeepsAnIssuedCertificate(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	config := target.application()
	ws.apply(config)
	mustDo(t, target.emu.Issue(target.certID))
	// The refresh sees the issued certificate, and destroy leaves it alone.
	ws.planIsEmpty(config)
	says(t, ws.destroy(), "remains in the account", "only an application under review can be withdrawn")
	ws.check(target.statuses(map[string]string{target.certID: "ISSUED"}), countIs(target, "withdrawals", withdrawals, 0))
}

func TestAccScenario_replacementWaitsForTheWithdrawal(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{WithdrawalTime: time.Hour, FrozenClock: true})
	finishWithdrawalsOnSecondLook(t, target)
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	// Delete waits out CANCELCHECKING, so the new application finds the certificate PAID.
	ws.apply(target.application(`contact_name = "Jacky"`))
	ws.expectAttribute("status", "CHECKING")
	ws.expectAttribute("contact_name", "Jacky")
	ws.check(applicationsAre(target, 2), countIs(target, "withdrawals", withdrawals, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// finishWithdrawalsOnSecondLook lets a withdrawal finish (the clock moves past it) only
// after the provider has read the certificate withdrawing twice: it must have waited.
func finishWithdrawalsOnSecondLook(t *testing.T, target *accTarget) {
	t.Helper()
	var looks atomic.Int32
	target.emu.Observe(func(e emulator.Exchange) {
		if e.Operation == emulator.OpShow && e.CertificateStatus == "CANCELCHECKING" && looks.Add(1)%2 == 0 {
			check(t, target.emu.AdvanceClock(time.Hour))
		}
	})
}

func TestAccScenario_createWaitsForAnEarlierWithdrawal(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{WithdrawalTime: time.Hour, FrozenClock: true})
	// The withdrawal finishes only once an application was refused for it and the
	// provider has then read the certificate still withdrawing: the provider must wait.
	var refused atomic.Bool
	target.emu.Observe(func(e emulator.Exchange) {
		switch {
		case e.Operation == emulator.OpApply && e.ErrorCode == "SCM.0010":
			refused.Store(true)
		case refused.Load() && e.Operation == emulator.OpShow && e.CertificateStatus == "CANCELCHECKING":
			check(t, target.emu.AdvanceClock(time.Hour))
		}
	})
	submitOutsideTerraform(t, target)
	mustDo(t, target.client(t).Withdraw(context.Background(), target.certID))
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	ws.expectAttribute("status", "CHECKING")
	// One application is refused while the certificate is CANCELCHECKING.
	ws.check(applicationsAre(target, 2), countIs(target, "rejections", func(c emulator.Counts) int { return c.Rejected }, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}
