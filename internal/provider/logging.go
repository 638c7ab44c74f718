package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// personalFields are log field names whose values are secrets or personal data.
var personalFields = []string{
	"secret_key", "security_token", "applicant_name", "applicant_phone", "applicant_email",
	"contact_name", "contact_phone", "contact_email",
}

// emailPattern catches e-mail addresses wherever they appear in a log line, such as in
// an error message quoted from the service.
var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// phonePattern catches runs of digits long enough to be phone numbers.
var phonePattern = regexp.MustCompile(`\+?\d[\d -]{6,}\d`)

// withPrivacyMasks makes every log written with ctx mask secrets and personal data, in
// fields and in messages alike.
func withPrivacyMasks(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, personalFields...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, emailPattern, phonePattern)
	return tflog.MaskMessageRegexes(ctx, emailPattern, phonePattern)
}
