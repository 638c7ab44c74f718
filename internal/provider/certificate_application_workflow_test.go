package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

// The workflows users meet every week: none of them may leave a workspace stuck or lose
// an application.

// TestAccWorkflow_waitTimeoutKeepsTheReview: wait_for_issued runs into its create
// timeout (the review never ends: the service clock stands still). The apply succeeds
// with a warning and the state says CHECKING; nothing is tainted, so the next plan is
// empty and no apply withdraws or resubmits the application.
func TestAccWorkflow_waitTimeoutKeepsTheReview(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{FrozenClock: true})
	ws := newCLIWorkspace(t, target)
	config := target.application("wait_for_issued = true", `timeouts = { create = "1s" }`)
	says(t, ws.apply(config), "is not issued yet", "timeouts.create ran out", "nothing is withdrawn or submitted again",
		"postcondition")
	ws.expectAttribute("status", "CHECKING")
	ws.planIsEmpty(config)
	ws.apply(config)
	ws.check(statusIs(target, "CHECKING"), applicationsAre(target, 1), countIs(target, "withdrawals", withdrawals, 0))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_replaceFlag: terraform apply -replace on an application under review
// withdraws it and applies again. A change that replaces says in its plan what a
// replacement does, and why create_before_destroy cannot work. (Terraform does not tell
// a provider about -replace while planning, so that plan cannot say so.)
func TestAccWorkflow_replaceFlag(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	ws.apply(target.application(), tfexec.Replace(resourceAddress))
	ws.check(applicationsAre(target, 2), countIs(target, "withdrawals", withdrawals, 1))
	ws.expectAction(target.application(`applicant_name = "Jerry"`), "replace",
		"will be replaced", "You changed applicant_name", "withdraws the pending application", "create_before_destroy = true")
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_replaceTriggeredBy: replace_triggered_by does the same.
func TestAccWorkflow_replaceTriggeredBy(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	config := func(trigger string) string {
		return target.application(`lifecycle { replace_triggered_by = [terraform_data.trigger] }`) +
			fmt.Sprintf("resource \"terraform_data\" \"trigger\" {\n  input = %q\n}\n", trigger)
	}
	ws := newCLIWorkspace(t, target)
	ws.apply(config("first"))
	ws.expectAction(config("second"), "replace")
	ws.apply(config("second"))
	ws.check(applicationsAre(target, 2), countIs(target, "withdrawals", withdrawals, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_twoResourcesNameOneCertificate: a copy-paste names one certificate
// twice. One of the two fails at apply, saying why; destroy still works.
func TestAccWorkflow_twoResourcesNameOneCertificate(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.applyFails(target.application()+resourceBlock("copy", target.certID),
		"already has an application", "create_before_destroy", "another resource of this configuration",
		"terraform import ADDRESS "+target.certID)
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_stateRmThenImport: an application dropped from the state is not
// submitted twice: the apply fails with the import command and an import block holding
// the certificate id. After the import the plan is empty.
func TestAccWorkflow_stateRmThenImport(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	config := target.application()
	ws.apply(config)
	ws.stateRm(resourceAddress)
	ws.applyFails(config, "already has an application", "terraform state rm",
		"terraform import ADDRESS "+target.certID, `id = "`+target.certID+`"`)
	ws.check(applicationsAre(target, 1))
	ws.importID(config, target.certID)
	ws.planIsEmpty(config)
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_removedBlock does what terraform state rm does from the
// configuration (Terraform v1.7 and later): the application stays with the service.
func TestAccWorkflow_removedBlock(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	if !ws.terraformAtLeast("1.7.0") {
		t.Skip("removed blocks need Terraform v1.7 or later")
	}
	ws.apply(target.application())
	ws.apply(target.provider + "removed {\n  from = " + resourceAddress + "\n  lifecycle {\n    destroy = false\n  }\n}\n")
	ws.check(statusIs(target, "CHECKING"), applicationsAre(target, 1))
	ws.applyFails(target.application(), "already has an application", "terraform import ADDRESS "+target.certID)
	ws.check(target.statuses(map[string]string{target.certID: "CHECKING"}))
}

// TestAccWorkflow_importBlock adopts an existing application with an import block, and
// the plan after it is empty.
func TestAccWorkflow_importBlock(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	submitOutsideTerraform(t, target)
	config := target.application() + importBlock(resourceAddress, target.certID)
	ws := newCLIWorkspace(t, target)
	ws.apply(config)
	ws.check(applicationsAre(target, 1))
	ws.planIsEmpty(config)
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_createBeforeDestroyCannotWork: a certificate holds one application,
// so a replacement that creates first fails, naming every cause. Afterwards plan,
// apply and destroy work: no stuck deposed object.
func TestAccWorkflow_createBeforeDestroyCannotWork(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	ws.applyFails(target.application(`applicant_name = "Jerry"`, `lifecycle { create_before_destroy = true }`),
		"already has an application", "create_before_destroy", "remove create_before_destroy")
	changed := target.application(`applicant_name = "Jerry"`)
	ws.expectAction(changed, "replace")
	ws.apply(changed)
	ws.expectAttribute("applicant_name", "Jerry")
	ws.check(applicationsAre(target, 2))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_issuedApplicationRefusesChanges: an issued certificate can be neither
// withdrawn nor applied for again, so a changed input fails the plan, naming the
// attributes and both ways out, before anything changes; the state keeps what the
// service holds. With the change pending, -refresh-only works, and destroy works with
// -refresh=false (its usual refresh is a normal plan, which the error blocks on every
// CLI); it leaves the certificate issued and asks the service for no withdrawal. A
// -replace without a change still plans.
func TestAccWorkflow_issuedApplicationRefusesChanges(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	mustDo(t, target.emu.Issue(target.certID))
	changed := target.application(`applicant_name = "Jerry"`, `contact_name = "Jacky"`)
	ws.planFails(changed, "is ISSUED: its application can no longer change", "You changed applicant_name and contact_name",
		"Set the configuration back", "buy a new one and set certificate_id", "terraform destroy -refresh=false")
	ws.applyFails(changed, "is ISSUED: its application can no longer change")
	ws.apply(changed, tfexec.RefreshOnly(true))
	ws.expectAttribute("applicant_name", "Tom")
	ws.expectAttribute("contact_name", nil)
	ws.expectAttribute("status", "ISSUED")
	actions, out := ws.plan(target.application(), tfexec.Replace(resourceAddress))
	if actions[resourceAddress] != "replace" {
		t.Fatalf("-replace plans to %s, want replace:\n%s", actions[resourceAddress], out)
	}
	ws.planIsEmpty(target.application())
	ws.check(applicationsAre(target, 1))
	ws.write(changed)
	out = ws.run("destroy", false, func(ctx context.Context) error { return ws.tf.Destroy(ctx, tfexec.Refresh(false), ws.reattach) })
	says(t, out, "remains in the account")
	ws.check(target.statuses(map[string]string{target.certID: "ISSUED"}),
		countIs(target, "withdrawal attempts", func(c emulator.Counts) int { return c.WithdrawAttempts }, 0))
}

// TestAccWorkflow_refusedApplicationIsAppliedAgain: a refused (UNPASSED) certificate can
// be applied for again (the emulator assumes so, as the console's "apply again"
// suggests): a changed input replaces the refused application with a new one.
func TestAccWorkflow_refusedApplicationIsAppliedAgain(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.apply(target.application())
	mustDo(t, target.emu.Refuse(target.certID))
	changed := target.application(`applicant_name = "Jerry"`)
	ws.expectAction(changed, "replace", "was refused", "can be applied for again")
	ws.apply(changed)
	ws.check(statusIs(target, "CHECKING"), applicationsAre(target, 2))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_wrongEndpointPathKeepsTheState: a gateway's 404 (a path after the
// host) is not "certificate deleted": refresh and destroy fail naming the endpoint, and
// the state keeps the application, which the right endpoint then finds unchanged.
func TestAccWorkflow_wrongEndpointPathKeepsTheState(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	config := target.application()
	wrong := strings.Replace(config, target.url, target.url+"/scm", 1)
	ws.apply(config)
	ws.planFails(wrong, target.url+"/scm answered 404 without the SCM service's own error")
	ws.destroyFails(target.url + "/scm answered 404 without the SCM service's own error")
	ws.planIsEmpty(config)
	ws.check(statusIs(target, "CHECKING"))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_maskedAnswers runs a lifecycle against a service that masks phones
// and e-mails: agreeing masked answers are no change (the testing framework checks every
// step for perpetual differences), and an import holds the masked values.
func TestAccWorkflow_maskedAnswers(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{MaskPersonalData: true})
	config := target.application(`contact_phone = "13512345678"`, `contact_email = "jacky.private@example.com"`)
	masked := []string{"applicant_phone", "applicant_email", "contact_phone", "contact_email"}
	target.test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("applicant_phone", knownvalue.StringExact("13212345678")),
					expect("contact_email", knownvalue.StringExact("jacky.private@example.com")),
				},
			},
			{Config: config, ConfigPlanChecks: emptyPlan()},
			{ResourceName: resourceAddress, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: masked},
		},
	})
}

// TestAccWorkflow_importOfMaskedAnswersAdoptsInPlace: after an import the state holds
// the masked answers; configured values that agree are recorded in place.
func TestAccWorkflow_importOfMaskedAnswersAdoptsInPlace(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{MaskPersonalData: true})
	submitOutsideTerraform(t, target)
	ws := newCLIWorkspace(t, target)
	config := target.application()
	ws.importID(config, target.certID)
	ws.expectAttribute("applicant_phone", "13****45678")
	ws.expectAction(config, "update")
	ws.apply(config)
	ws.expectAttribute("applicant_phone", "13212345678")
	ws.planIsEmpty(config)
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_importAdoptionWindow: after terraform import, the inputs the service
// never returns are adopted in place until the first apply that updates the resource,
// however many refreshes come first (apply -refresh-only saves one); a later change to
// them replaces, as any change does.
func TestAccWorkflow_importAdoptionWindow(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	submitOutsideTerraform(t, target)
	ws := newCLIWorkspace(t, target)
	ws.importID(target.application(), target.certID)
	ws.apply(target.application(), tfexec.RefreshOnly(true))
	ws.apply(target.application(), tfexec.RefreshOnly(true))
	adopted := target.application(`key_algorithm = "RSA_4096"`, `auto_dns_auth = true`, `company_unit = "IT"`)
	ws.expectAction(adopted, "update")
	ws.apply(adopted)
	ws.expectAttribute("key_algorithm", "RSA_4096")
	ws.check(applicationsAre(target, 1))
	// Adopted once: from now on a change replaces as usual.
	ws.expectAction(target.application(`key_algorithm = "EC_P256"`, `auto_dns_auth = true`, `company_unit = "IT"`), "replace")
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_importWindowStaysOpenUntilAnUpdate: an import (by an import block) and
// an apply with nothing to adopt leave the window open; the configuration that later sets
// key_algorithm adopts it in place, and only after that update does a change replace.
func TestAccWorkflow_importWindowStaysOpenUntilAnUpdate(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	submitOutsideTerraform(t, target)
	ws := newCLIWorkspace(t, target)
	config := target.application()
	ws.apply(config + importBlock(resourceAddress, target.certID))
	ws.apply(config)
	ws.expectAction(target.application(`key_algorithm = "EC_P256"`), "update")
	ws.apply(target.application(`key_algorithm = "EC_P256"`))
	ws.expectAction(target.application(`key_algorithm = "RSA_4096"`), "replace")
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_emptySansIsNoChange: sans = [] and no sans are the same application;
// switching between them, and importing (which records none) under [], never replaces.
func TestAccWorkflow_emptySansIsNoChange(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	submitOutsideTerraform(t, target)
	ws := newCLIWorkspace(t, target)
	empty := target.application(`sans = []`)
	ws.importID(empty, target.certID)
	ws.expectAction(empty, "update")
	ws.apply(empty)
	ws.planIsEmpty(empty)
	ws.expectAction(target.application(), "update")
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccWorkflow_importOfACertificateWithoutApplication gives the provider's own error.
func TestAccWorkflow_importOfACertificateWithoutApplication(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	target.test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: target.application(), ResourceName: resourceAddress, ImportState: true, ImportStateId: target.certID,
			ExpectError: regexp.MustCompile(`(?s)has no application to import.*PAID.*let terraform apply create`),
		}},
	})
}

// TestAccWorkflow_missingCertificateFailsAtApply: a certificate that does not exist is a
// warning at plan (a plan error would block destroy) and an error at apply.
func TestAccWorkflow_missingCertificateFailsAtApply(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	config := target.application(`certificate_id = "scs9999999999999"`)
	ws.expectAction(config, "create", "Certificate scs9999999999999 not found")
	ws.applyFails(config, "Cannot apply for certificate scs9999999999999", "no certificate scs9999999999999")
	ws.destroy()
}
