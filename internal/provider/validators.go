package provider

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// stringCheck adapts a check of the validate package to a framework validator; the
// framework-validators module has no validator for these formats.
type stringCheck struct {
	description string
	check       func(string) error
}

var (
	domainName    = stringCheck{"a domain name (RFC 1123 labels, optionally with a leading `*.`) or a public IP address", validate.Domain}
	emailAddress  = stringCheck{"an e-mail address such as `name@example.com`", validate.Email}
	phoneNumber   = stringCheck{"a phone number: " + validate.PhoneRule, validate.Phone}
	countryCode   = stringCheck{"an ISO 3166-1 alpha-2 country code such as `CN`", validate.CountryCode}
	certificateID = stringCheck{"an SCM certificate id such as `scs1554192131150`", validate.CertificateID}
	pemCSR        = stringCheck{"a PEM certificate signing request with a valid signature", func(s string) error { _, err := validate.CSR(s); return err }}
)

func (v stringCheck) Description(_ context.Context) string           { return "value must be " + v.description }
func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

// ValidateString reports what is wrong and what a right value looks like. The checks of
// personal data (phones, e-mails) never repeat the value in their errors.
func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s must be %s: %s.", req.Path, v.description, err))
	}
}

// mustAgree refuses a privacy agreement that is not true. boolvalidator.Equals would
// refuse it too, but could not say why the service needs it.
type mustAgree struct{}

func (mustAgree) Description(_ context.Context) string           { return "value must be true" }
func (mustAgree) MarkdownDescription(ctx context.Context) string { return "value must be `true`" }

func (mustAgree) ValidateBool(_ context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueBool() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Privacy statement not accepted",
		"agree_privacy_protection is false, and the SCM service refuses every application that does not accept its "+
			"privacy statement. Read the statement in the SCM console and set agree_privacy_protection = true to apply.")
}

// wholeNumberBetween takes a whole number within bounds. No framework validator checks
// a Number for being whole (max_retries is a Number so that a fraction gets this
// message rather than the framework's conversion error).
type wholeNumberBetween struct{ min, max int64 }

func (v wholeNumberBetween) Description(_ context.Context) string {
	return fmt.Sprintf("value must be a whole number from %d to %d", v.min, v.max)
}
func (v wholeNumberBetween) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v wholeNumberBetween) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueBigFloat()
	whole, accuracy := value.Int64()
	if !value.IsInt() || accuracy != big.Exact || whole < v.min || whole > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s is %s; it must be a whole number from %d to %d.", req.Path, value.Text('g', 10), v.min, v.max))
	}
}

// positiveNumber takes a number above zero.
type positiveNumber struct{}

func (positiveNumber) Description(_ context.Context) string { return "value must be above 0" }
func (positiveNumber) MarkdownDescription(ctx context.Context) string {
	return "value must be above `0`"
}

func (positiveNumber) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueFloat64() > 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
		fmt.Sprintf("%s is %g; give a number of requests per second above 0, or leave it out to let the provider keep to the gateway's throttling policies.",
			req.Path, req.ConfigValue.ValueFloat64()))
}

// positiveDuration takes a Go duration above zero. It replaces the timeouts module's
// own validator, which accepts "0s" and "-5m" (an operation that times out at once).
type positiveDuration struct{}

func (positiveDuration) Description(_ context.Context) string {
	return `value must be a duration above zero, such as "30s", "10m" or "2h"`
}
func (v positiveDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (positiveDuration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && d > 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
		fmt.Sprintf("%s is %q; give a duration above zero, such as \"30s\", \"10m\" or \"2h\" (units s, m and h).",
			req.Path, validate.Excerpt(req.ConfigValue.ValueString())))
}
