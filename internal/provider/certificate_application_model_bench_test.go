package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func BenchmarkApplyRequest(b *testing.B) {
	sans, _ := types.SetValue(types.StringType, []attr.Value{types.StringValue("shop.example.com"), types.StringValue("api.example.com")})
	m := certificateApplicationModel{
		Domain: types.StringValue("www.example.com"), Sans: sans, ApplicantName: types.StringValue("Tom"),
		ApplicantPhone: types.StringValue("13212345678"), ApplicantEmail: types.StringValue("tom@example.com"),
		AgreePrivacyProtection: types.BoolValue(true), DomainMethod: types.StringValue("DNS"),
	}
	ctx := context.Background()
	for b.Loop() {
		if _, diags := m.applyRequest(ctx); diags.HasError() {
			b.Fatal(diags)
		}
	}
}
