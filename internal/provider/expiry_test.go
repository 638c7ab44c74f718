package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// expiringConfig is an application, its validation named "www" (as the check example
// has it) and the certificates that expire within 30 days; extra goes into the provider
// block.
func expiringConfig(target *accTarget, extra string) string {
	provider := strings.Replace(target.provider, "max_retries = 3", "max_retries = 3\n  "+extra, 1)
	return provider + resourceBlock("test", target.certID, "auto_dns_auth = true") + `
resource "scm_certificate_validation" "www" {
  certificate_id = scm_certificate_application.test.certificate_id
}

data "scm_certificates" "expiring" {
  expires_within_days = 30
  depends_on          = [scm_certificate_validation.www]
}

output "expiring" {
  value = [for c in data.scm_certificates.expiring.certificates : c.id]
}
`
}

// TestAccExpiry_warnsBeforeItIsTooLate: a certificate the emulator issues for 10 days.
// expires_at is its not_after in RFC 3339; every plan warns once (application and
// validation name one certificate) with the days left and what to do, and not at all
// with renewal_warning_days = 0; the check example of the docs fails, and
// scm_certificates finds it by expires_within_days. A certificate valid for a year
// warns of nothing and passes the check.
func TestAccExpiry_warnsBeforeItIsTooLate(t *testing.T) {
	check, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "scm_certificate_validation", "expiry-check.tf"))
	mustDo(t, err)
	for _, tt := range []struct {
		validity time.Duration
		expiring bool
	}{{10 * 24 * time.Hour, true}, {0, false}} {
		t.Run(fmt.Sprintf("valid for %s", tt.validity), func(t *testing.T) {
			target := newEmulatorTarget(t, emulator.Options{ReviewTime: time.Millisecond, Validity: tt.validity})
			ws := newCLIWorkspace(t, target)
			ws.writeFile("check.tf", string(check))
			ws.apply(expiringConfig(target, ""))
			ws.apply(expiringConfig(target, "")) // keeps the refresh that finds the application issued

			notAfter, _ := ws.attribute("scm_certificate_validation.www", "not_after").(string)
			at, err := scm.ParseTime(notAfter)
			mustDo(t, err)
			for _, address := range []string{"scm_certificate_validation.www", resourceAddress} {
				if got := ws.attribute(address, "expires_at"); got != at.Format(time.RFC3339) {
					t.Errorf("%s.expires_at = %v; want %s, the not_after %q in RFC 3339", address, got, at.Format(time.RFC3339), notAfter)
				}
			}
			outputs, err := ws.tf.Output(t.Context())
			mustDo(t, err)
			if listed := strings.Contains(string(outputs["expiring"].Value), target.certID); listed != tt.expiring {
				t.Errorf("expires_within_days = 30 lists %s, want the certificate listed: %v", outputs["expiring"].Value, tt.expiring)
			}

			_, out := ws.plan(expiringConfig(target, ""))
			out = flatten(out)
			warnings := strings.Count(out, "expires in 10 days")
			checkFailed := strings.Contains(out, "within 30 days: renew it")
			if !tt.expiring {
				if warnings > 0 || checkFailed || strings.Contains(out, "renewal_warning_days") {
					t.Errorf("a certificate valid for a year warned or failed the check:\n%s", out)
				}
				return
			}
			if warnings != 1 || !checkFailed {
				t.Errorf("%d expiry warnings (want 1) and the check failed: %v:\n%s", warnings, checkFailed, out)
			}
			says(t, out, "Certificate "+target.certID+" (www.example.com) expires in 10 days", "buy its successor",
				"create_before_destroy", "renewal_warning_days")
			_, out = ws.plan(expiringConfig(target, "renewal_warning_days = 0"))
			out = flatten(out)
			if strings.Contains(out, "expires in") || !strings.Contains(out, "within 30 days: renew it") {
				t.Errorf("with renewal_warning_days = 0 the provider warned, or the check passed:\n%s", out)
			}
		})
	}
}

// An end of validity in a form the provider cannot read leaves expires_at null with a
// warning that quotes it, and is no error; the forms the service is known to send are read.
func TestExpiresAtReadsTheServicesFormsAndWarnsOfOthers(t *testing.T) {
	for text, want := range map[string]string{
		"2027-12-04 13:11:27.0": "2027-12-04T13:11:27Z", "1827925887000": "2027-12-04T13:11:27Z",
		"2027-12-04T21:11:27+08:00": "2027-12-04T13:11:27Z", "": "",
	} {
		got, diags := expiresAt("scs1", text)
		if diags.HasError() || len(diags) != 0 || got.ValueString() != want || (want == "") != got.IsNull() {
			t.Errorf("expiresAt(%q) = %v, %v; want %q", text, got, diags, want)
		}
	}
	got, diags := expiresAt("scs1", "next Tuesday")
	if !got.IsNull() || diags.HasError() || len(diags.Warnings()) != 1 || !strings.Contains(diags.Warnings()[0].Detail(), `"next Tuesday"`) {
		t.Errorf("an unreadable not_after gave %v, %v; want null and one warning quoting it", got, diags)
	}
}
