package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
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
		{emailAddress, "example.huawei.com", []string{"domain", "not an e-mail address", "name@example.com"}},
		{phoneNumber, "call me", []string{"domain", "not a phone number", "+8613212345678"}},
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
