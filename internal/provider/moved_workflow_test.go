package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

// countToForEach writes the application as count (one instance) or as for_each keyed by
// "www", with a moved block between them when moved is set.
func countToForEach(target *accTarget, forEach, moved bool) string {
	block := resourceBlock("this", target.certID)
	if forEach {
		block = strings.Replace(block, "{\n", "{\n  for_each = toset([\"www\"])\n", 1)
	} else {
		block = strings.Replace(block, "{\n", "{\n  count = 1\n", 1)
	}
	if moved {
		block += "moved {\n  from = scm_certificate_application.this[0]\n  to   = scm_certificate_application.this[\"www\"]\n}\n"
	}
	return target.provider + block
}

// TestAccWorkflow_countToForEachIsToldAsAMove: a module moves its application from count
// to for_each. Without a moved block the plan would destroy the old address and create
// the new one, and its warning says so: a withdrawal restarts the review, and here is
// the moved block to write (for an issued certificate, the moved or the import block).
// With the moved block the plan only moves: no create, no warning, and the application
// is kept, still under review.
func TestAccWorkflow_countToForEachIsToldAsAMove(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	ws.apply(countToForEach(target, false, false))

	actions, out := ws.plan(countToForEach(target, true, false))
	if actions[`scm_certificate_application.this["www"]`] != "create" || actions["scm_certificate_application.this[0]"] != "delete" {
		t.Fatalf("without moved, the plan is %v; want the old address deleted and the new created:\n%s", actions, out)
	}
	says(t, out, "already has an application (status CHECKING)", "count changed to for_each",
		"restarts the certificate authority's review", "moved {", "from = OLD_ADDRESS")
	if strings.Contains(out, "Otherwise the apply will fail") {
		t.Errorf("the warning still says the apply will fail:\n%s", out)
	}

	moved := countToForEach(target, true, true)
	actions, out = ws.plan(moved)
	if got := actions[`scm_certificate_application.this["www"]`]; got != "no-op" || strings.Contains(out, "already has an application") {
		t.Fatalf("with moved, the plan would %s the application:\n%s", got, out)
	}
	ws.apply(moved)
	ws.check(applicationsAre(target, 1), statusIs(target, "CHECKING"),
		countIs(target, "withdrawal attempts", func(c emulator.Counts) int { return c.WithdrawAttempts }, 0))

	mustDo(t, target.emu.Issue(target.certID))
	ws.apply(countToForEach(target, true, false)) // the moved block has done its work
	_, out = ws.plan(countToForEach(target, false, false))
	says(t, out, "is ISSUED", "cannot be applied for again", "moved {", fmt.Sprintf("id = %q", target.certID))
	ws.destroy()
}
