package provider

import (
	"fmt"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// maxRenewalWarningDays bounds renewal_warning_days: no certificate is valid longer than
// ten years.
const maxRenewalWarningDays = 3650

const expiresAtDescription = "End of validity in RFC 3339, UTC (such as `2027-12-04T13:11:27Z`), for `timecmp()`, " +
	"`timeadd()` and `plantimestamp()`; null until issued, and null with a warning when the service's `not_after` " +
	"cannot be read. `not_after` keeps the service's own text."

// expiresAt is a certificate's end of validity as Terraform can compute with it: null
// until issued, and null with a warning quoting the service's text when it cannot be
// read, so that a refresh never fails for it.
func expiresAt(id, notAfter string) (types.String, diag.Diagnostics) {
	at, err := scm.ParseTime(notAfter)
	switch {
	case err != nil:
		var diags diag.Diagnostics
		diags.AddWarning("Cannot read when certificate "+id+" expires",
			fmt.Sprintf("The SCM API gave its end of validity (not_after) as %v. expires_at stays null and no renewal "+
				"warning can be given for it; not_after keeps the service's text. Please report the format to the provider's "+
				"maintainers.", err))
		return types.StringNull(), diags
	case at.IsZero():
		return types.StringNull(), nil
	}
	return types.StringValue(at.Format(time.RFC3339)), nil
}

// How to renew: a certificate bought in SCM, and one uploaded from another CA.
const (
	renewPurchased = "Renew it before then: buy its successor (or let the console's auto-renewal buy it), then set " +
		"certificate_id of the application to it with lifecycle { create_before_destroy = true }, so that what uses the " +
		"certificate moves to the successor once it is issued (guide \"Renewing a certificate without downtime\")."
	renewUploaded = "Renew it before then with the CA that issued it, and put the successor in certificate and its key in " +
		"private_key_wo, with lifecycle { create_before_destroy = true }, so that what uses the certificate moves to the " +
		"successor before this one is deleted (guide \"Free certificates from an ACME CA on Huawei Cloud\")."
)

// warnOfExpiry warns, once per certificate in this provider process, when a managed
// certificate expires within renewal_warning_days or has expired, saying how to renew it.
// Only a warning: an expiry never fails a plan, nor blocks a destroy.
func (d *providerData) warnOfExpiry(id, domain string, expires types.String, now time.Time, renew string, diags *diag.Diagnostics) {
	if d == nil || d.renewalWarningDays == 0 || expires.IsNull() || expires.IsUnknown() {
		return
	}
	if !expiresWithin(expires, now, int64(d.renewalWarningDays)) {
		return
	}
	end, _ := time.Parse(time.RFC3339, expires.ValueString())
	if _, done := d.warned.LoadOrStore(id, true); done {
		return
	}
	days := int(math.Round(end.Sub(now).Hours() / 24))
	when := fmt.Sprintf("expires on %s, in %d days", expires.ValueString(), days)
	summary := fmt.Sprintf("Certificate %s (%s) expires in %d days", id, domain, days)
	if !end.After(now) {
		when = fmt.Sprintf("expired on %s, %d days ago", expires.ValueString(), -days)
		summary = fmt.Sprintf("Certificate %s (%s) has expired", id, domain)
	}
	diags.AddWarning(summary, fmt.Sprintf("Certificate %s, for %s, %s. %s renewal_warning_days in the provider block sets "+
		"how early this warns (%d days now; 0 turns it off).", id, domain, when, renew, d.renewalWarningDays))
}

// expiresWithin reports whether a certificate that ends at expires (RFC 3339; null: no
// end known) ends within days of now, or has ended.
func expiresWithin(expires types.String, now time.Time, days int64) bool {
	end, err := time.Parse(time.RFC3339, expires.ValueString())
	return err == nil && end.Sub(now) <= time.Duration(days)*24*time.Hour
}
