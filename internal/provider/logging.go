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

// phonePattern catches phone numbers in international form (+86 132 1234 5678) and
// Chinese mobile numbers (13212345678), but not the digits of certificate or request ids.
var phonePattern = regexp.MustCompile(`\+\d[\d -]{6,}\d|\b1[3-9]\d{9}\b`)

// withPrivacyMasks makes every log written with ctx mask secrets and personal data, in
// fields and in messages alike.
func withPrivacyMasks(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, personalFields...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, emailPattern, phonePattern)
	return tflog.MaskMessageRegexes(ctx, emailPattern, phonePattern)
}

// tflogLogger writes the client's log lines to Terraform's provider log, under the masks
// of the context the caller passes.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	tflog.Info(ctx, msg, fields)
}

func (tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, msg, fields)
}
