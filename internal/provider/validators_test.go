package provider

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestStringChecksNameTheAttributeTheProblemAndTheFix(t *testing.T) {
	tests := []struct {
		check stringCheck
		value string
		want  []string
	}{
		{domainName, "Example.com", []string{"domain", "upper-case", "lower case"}},
		{emailAddress, "example.huawei.com", []string{"domain", "not a bare e-mail address", "name@example.com"}},
		{phoneNumber, "call me", []string{"domain", "the character 'c'", "+86 10 8888 8888"}},
		{countryCode, "UK", []string{"domain", "GB"}},
		{certificateID, "abc", []string{"domain", "16 lower-case letters and digits"}},
		{pemCSR, "x", []string{"domain", "not PEM", "BEGIN CERTIFICATE REQUEST"}},
	}
	for _, tt := range tests {
		req := validator.StringRequest{Path: path.Root("domain"), ConfigValue: types.StringValue(tt.value)}
		var resp validator.StringResponse
		tt.check.ValidateString(context.Background(), req, &resp)
		if !resp.Diagnostics.HasError() {
			t.Errorf("%s accepted %q", tt.check.description, tt.value)
			continue
		}
		detail := resp.Diagnostics[0].Detail()
		for _, want := range tt.want {
			if !strings.Contains(detail, want) {
				t.Errorf("%q: %q does not mention %q", tt.value, detail, want)
			}
		}
	}
}

func TestStringChecksSkipNullAndUnknown(t *testing.T) {
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		var resp validator.StringResponse
		domainName.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("domain"), ConfigValue: v}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v was refused", v)
		}
	}
}

func TestPrivacyAgreementMustBeTrue(t *testing.T) {
	for value, wantError := range map[bool]bool{true: false, false: true} {
		var resp validator.BoolResponse
		mustAgree{}.ValidateBool(context.Background(), validator.BoolRequest{
			Path: path.Root("agree_privacy_protection"), ConfigValue: types.BoolValue(value),
		}, &resp)
		if resp.Diagnostics.HasError() != wantError {
			t.Errorf("agree_privacy_protection = %v: error %v, want %v", value, resp.Diagnostics.HasError(), wantError)
		}
	}
}

func TestMaxRetriesMustBeAWholeNumberInRange(t *testing.T) {
	for value, wantError := range map[float64]bool{0: false, 5: false, 50: false, 2.5: true, -1: true, 51: true} {
		var resp validator.NumberResponse
		wholeNumberBetween{0, maxRetriesCap}.ValidateNumber(context.Background(), validator.NumberRequest{
			Path: path.Root("max_retries"), ConfigValue: types.NumberValue(big.NewFloat(value)),
		}, &resp)
		if resp.Diagnostics.HasError() != wantError {
			t.Errorf("max_retries = %g: error %v, want %v", value, resp.Diagnostics.HasError(), wantError)
		}
		if wantError && !strings.Contains(resp.Diagnostics[0].Detail(), "whole number from 0 to 50") {
			t.Errorf("max_retries = %g: %q does not say what is allowed", value, resp.Diagnostics[0].Detail())
		}
	}
}

func TestTimeoutsMustBePositive(t *testing.T) {
	for value, wantError := range map[string]bool{"10m": false, "1s": false, "0s": true, "-5m": true, "ten minutes": true} {
		var resp validator.StringResponse
		positiveDuration{}.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("timeouts").AtName("create"), ConfigValue: types.StringValue(value),
		}, &resp)
		if resp.Diagnostics.HasError() != wantError {
			t.Errorf("timeouts.create = %q: error %v, want %v", value, resp.Diagnostics.HasError(), wantError)
		}
	}
}

// TestABadTimeoutIsReportedOnce: the timeouts module's attribute brings a check of its
// own; ours replaces it, so a duration that is wrong gives one error, not two.
func TestABadTimeoutIsReportedOnce(t *testing.T) {
	for _, tt := range []struct {
		name     string
		resource fwresource.Resource
	}{{"scm_certificate_application", newCertificateApplicationResource()}, {"scm_certificate_validation", newCertificateValidationResource()}} {
		var resp fwresource.SchemaResponse
		tt.resource.Schema(context.Background(), fwresource.SchemaRequest{}, &resp)
		timeouts, ok := resp.Schema.Attributes["timeouts"].(schema.SingleNestedAttribute)
		if !ok {
			t.Fatalf("%s: timeouts is a %T, want a nested attribute", tt.name, resp.Schema.Attributes["timeouts"])
		}
		for operation, attribute := range timeouts.Attributes {
			duration, ok := attribute.(schema.StringAttribute)
			if !ok || len(duration.Validators) != 1 {
				t.Errorf("%s: timeouts.%s has %d checks, want exactly ours", tt.name, operation, len(duration.Validators))
				continue
			}
			var diags validator.StringResponse
			duration.Validators[0].ValidateString(context.Background(), validator.StringRequest{
				Path: path.Root("timeouts").AtName(operation), ConfigValue: types.StringValue("ten minutes"),
			}, &diags)
			if diags.Diagnostics.ErrorsCount() != 1 {
				t.Errorf("%s: timeouts.%s = \"ten minutes\" gives %d errors, want 1", tt.name, operation, diags.Diagnostics.ErrorsCount())
			}
		}
	}
}

// TestSensitiveValuesAreNotRepeated: a phone or e-mail the user mistyped reaches no
// diagnostic.
func TestSensitiveValuesAreNotRepeated(t *testing.T) {
	for _, tt := range []struct {
		check stringCheck
		value string
	}{{phoneNumber, "13987654321 ext"}, {phoneNumber, "98765"}, {emailAddress, "tom.private@"}, {emailAddress, "Tom <tom.private@example.com>"}} {
		var resp validator.StringResponse
		tt.check.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("applicant_phone"), ConfigValue: types.StringValue(tt.value)}, &resp)
		for _, d := range resp.Diagnostics {
			if strings.Contains(d.Detail(), strings.Fields(tt.value)[0]) || strings.Contains(d.Summary(), tt.value) {
				t.Errorf("the diagnostic repeats %q: %s", tt.value, d.Detail())
			}
		}
	}
}
