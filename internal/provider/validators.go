package provider

import (
	"context"
	"fmt"

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
	phoneNumber   = stringCheck{"a phone number of 5 to 15 digits with an optional leading `+`", validate.Phone}
	countryCode   = stringCheck{"an ISO 3166-1 alpha-2 country code such as `CN`", validate.CountryCode}
	certificateID = stringCheck{"an SCM certificate id such as `scs1554192131150`", validate.CertificateID}
	pemCSR        = stringCheck{"a PEM certificate signing request with a valid signature", func(s string) error { _, err := validate.CSR(s); return err }}
)

func (v stringCheck) Description(_ context.Context) string           { return "value must be " + v.description }
func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

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
