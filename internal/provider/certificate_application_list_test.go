package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
)

// onboardingAccount is an account as teams arrive with it: 62 certificates, more than one
// page of the list call, of which 56 were applied for in the console (40 under review, 10
// issued, 6 refused), 1 is being withdrawn and 5 were never applied for.
type onboardingAccount struct {
	target                    *accTarget
	issued, refused, checking []string
}

func newOnboardingAccount(t *testing.T) onboardingAccount {
	t.Helper()
	seeds := make([]emulator.Seed, 62)
	for i := range seeds {
		seeds[i] = emulator.Seed{ID: fmt.Sprintf("scs%013d", i)}
	}
	account := onboardingAccount{target: newEmulatorTarget(t, emulator.Options{FrozenClock: true, WithdrawalTime: time.Hour}, seeds...)}
	client := account.target.client(t)
	for i := range 57 {
		id := seeds[i].ID
		application := emulatortest.Application()
		application.Domain = fmt.Sprintf("www%02d.example.com", i)
		mustDo(t, client.Apply(context.Background(), id, application))
		switch {
		case i < 10:
			mustDo(t, account.target.emu.Issue(id))
			account.issued = append(account.issued, id)
		case i < 16:
			mustDo(t, account.target.emu.Refuse(id))
			account.refused = append(account.refused, id)
		case i == 56:
			mustDo(t, client.Withdraw(context.Background(), id)) // CANCELCHECKING while the clock stands still
		default:
			account.checking = append(account.checking, id)
		}
	}
	return account
}

// statuses are what the service holds for the account's certificates.
func (a onboardingAccount) statuses() map[string]string {
	want := map[string]string{fmt.Sprintf("scs%013d", 56): "CANCELCHECKING"}
	for _, id := range a.issued {
		want[id] = "ISSUED"
	}
	for _, id := range a.refused {
		want[id] = "UNPASSED"
	}
	for _, id := range a.checking {
		want[id] = "CHECKING"
	}
	return want
}

func skipWithoutQuery(t *testing.T, ws *cliWorkspace) {
	t.Helper()
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "registry.opentofu.org" {
		t.Skip("OpenTofu has no terraform query")
	}
	if !ws.terraformAtLeast("1.14.0") {
		t.Skip("terraform query needs Terraform 1.14 or later")
	}
}

const onboardingQuery = `list "scm_certificate_application" "all" {
  provider         = scm
  include_resource = true
  limit            = 1000
}
`

// TestAccQuery_onboardsAnAccountWithGeneratedConfiguration: terraform query lists the
// certificates that have an application, over two pages, and -generate-config-out writes
// their import blocks and configuration. With the phones and e-mails filled in, the plan
// only imports (no add, change or destroy), the apply imports, and the plan after it is
// empty; nothing is applied for or withdrawn on the way.
func TestAccQuery_onboardsAnAccountWithGeneratedConfiguration(t *testing.T) {
	account := newOnboardingAccount(t)
	target := account.target
	ws := newCLIWorkspace(t, target)
	skipWithoutQuery(t, ws)
	ws.write(target.provider)

	found := ws.query(onboardingQuery, "generated.tf")["list.scm_certificate_application.all"]
	wantIDs := slices.Concat(account.issued, account.refused, account.checking)
	var gotIDs []string
	for _, result := range found {
		id, _ := result.Identity["certificate_id"].(string)
		gotIDs = append(gotIDs, id)
		if !regexp.MustCompile(`^www\d\d\.example\.com \(` + id + `\)$`).MatchString(result.DisplayName) {
			t.Errorf("display name %q, want the domain and the id", result.DisplayName)
		}
	}
	slices.Sort(gotIDs)
	slices.Sort(wantIDs)
	if !slices.Equal(gotIDs, wantIDs) {
		t.Fatalf("the query found %d certificates %v, want the %d with an application %v", len(gotIDs), gotIDs, len(wantIDs), wantIDs)
	}

	generated, err := os.ReadFile(filepath.Join(ws.dir, "generated.tf"))
	mustDo(t, err)
	for _, phrase := range []string{"import {", "identity = {", "applicant_phone", "null # sensitive", "agree_privacy_protection = true"} {
		if !strings.Contains(string(generated), phrase) {
			t.Fatalf("the generated configuration does not hold %q:\n%s", phrase, generated)
		}
	}
	// What the guide says to fill in: the applicant's phone and e-mail, which the service
	// holds and the generated configuration cannot show.
	filled := strings.NewReplacer(
		"applicant_phone          = null # sensitive", `applicant_phone          = "13212345678"`,
		"applicant_email          = null # sensitive", `applicant_email          = "tom@example.com"`,
	).Replace(string(generated))
	if strings.Contains(filled, "applicant_phone          = null") || strings.Contains(filled, "applicant_email          = null") {
		t.Fatalf("the generated configuration lays the phone and e-mail out otherwise than the guide says:\n%s", generated)
	}
	ws.writeFile("generated.tf", filled)
	mustDo(t, os.Remove(filepath.Join(ws.dir, "main.tfquery.hcl")))

	ws.planImports(len(wantIDs), "no-op")
	ws.apply("")
	ws.planIsEmpty("")
	counts := target.emu.Counts()
	if counts.Applications != 57 || counts.Withdrawals != 1 {
		t.Errorf("the service took %d applications and %d withdrawals, want the console's 57 and 1", counts.Applications, counts.Withdrawals)
	}
	ws.check(target.statuses(account.statuses()))
}

// TestAccQuery_filtersAndLimit: status, exact domain and search filters, and the limit
// of the list block, each as the query returns them.
func TestAccQuery_filtersAndLimit(t *testing.T) {
	account := newOnboardingAccount(t)
	ws := newCLIWorkspace(t, account.target)
	skipWithoutQuery(t, ws)
	ws.write(account.target.provider)
	query := `list "scm_certificate_application" "issued" {
  provider = scm
  config {
    status = "ISSUED"
  }
}

list "scm_certificate_application" "one_domain" {
  provider = scm
  config {
    domain = "www12.example.com"
  }
}

list "scm_certificate_application" "searched" {
  provider = scm
  config {
    search = "www1"
  }
}

list "scm_certificate_application" "first_five" {
  provider = scm
  limit    = 5
}

list "scm_certificate_application" "expiring_within_400_days" {
  provider = scm
  config {
    expires_within_days = 400
  }
}

list "scm_certificate_application" "expiring_within_30_days" {
  provider = scm
  config {
    expires_within_days = 30
  }
}
`
	found := ws.query(query, "")
	for list, want := range map[string]int{"issued": len(account.issued), "one_domain": 1, "searched": 10, "first_five": 5,
		"expiring_within_400_days": len(account.issued), "expiring_within_30_days": 0} {
		if got := len(found["list.scm_certificate_application."+list]); got != want {
			t.Errorf("list %s found %d certificates, want %d", list, got, want)
		}
	}
	for _, result := range found["list.scm_certificate_application.issued"] {
		if !slices.Contains(account.issued, result.Identity["certificate_id"].(string)) {
			t.Errorf("list issued found %v, which is not issued", result.Identity)
		}
	}
}

// TestAccQuery_maskedAnswersAreAdoptedNotReplaced: where the service answers phones and
// e-mails masked, the imported state holds the masks; the real values filled into the
// generated configuration agree with them and are adopted in place with the import,
// never a replacement, and the plan after the apply is empty.
func TestAccQuery_maskedAnswersAreAdoptedNotReplaced(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{MaskPersonalData: true},
		emulator.Seed{ID: "scs1554192131150"}, emulator.Seed{ID: "scs1554192131151"})
	for i, id := range []string{"scs1554192131150", "scs1554192131151"} {
		application := emulatortest.Application()
		application.Domain = fmt.Sprintf("www%02d.example.com", i)
		mustDo(t, target.client(t).Apply(context.Background(), id, application))
	}
	ws := newCLIWorkspace(t, target)
	skipWithoutQuery(t, ws)
	ws.write(target.provider)
	ws.query(onboardingQuery, "generated.tf")
	generated, err := os.ReadFile(filepath.Join(ws.dir, "generated.tf"))
	mustDo(t, err)
	ws.writeFile("generated.tf", strings.NewReplacer(
		"applicant_phone          = null # sensitive", `applicant_phone          = "13212345678"`,
		"applicant_email          = null # sensitive", `applicant_email          = "tom@example.com"`,
	).Replace(string(generated)))
	mustDo(t, os.Remove(filepath.Join(ws.dir, "main.tfquery.hcl")))
	ws.planImports(2, "update")
	ws.apply("")
	ws.planIsEmpty("")
	ws.check(applicationsAre(target, 1), countIs(target, "withdrawals", withdrawals, 0))
}
