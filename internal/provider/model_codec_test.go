package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// The codec must give exactly what the framework's Get and Set give, for full and for
// sparse models (nulls and unknowns included).
func TestModelCodecMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	(&certificateApplicationResource{}).Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	if schemaResp.Diagnostics.HasError() {
		t.Fatal(schemaResp.Diagnostics)
	}

	full := certificateApplicationModel{CSR: types.StringValue("PEM"), KeyAlgorithm: types.StringUnknown(),
		AutoDNSAuth: types.BoolValue(true), AgreePrivacyProtection: types.BoolValue(true), WaitForIssued: types.BoolNull(),
		Sans: types.SetNull(types.StringType), DomainMethod: types.StringValue("DNS")}
	cert := &scm.Certificate{
		ID: "scs1554192131150", Status: "CHECKING", Domain: "www.example.com", Sans: "a.example.com;b.example.com",
		ApplicationInfo: scm.ApplicationInfo{ApplicantName: "Tom", ApplicantPhone: "1", ApplicantEmail: "t@e.com", Country: "CN"},
		Authentication:  []scm.DomainValidationRecord{{Domain: "www.example.com", RecordType: "TXT"}},
	}
	full.takeReturnedInputs(cert)
	full.takeComputed(cert)
	full.Timeouts.Object = types.ObjectValueMust(timeoutAttributeTypes, map[string]attr.Value{
		"create": types.StringValue("10m"), "read": types.StringNull(), "delete": types.StringUnknown(),
	})
	sparse := certificateApplicationModel{}
	allNull(&sparse)
	sparse.Timeouts.Object = types.ObjectNull(timeoutAttributeTypes)

	for name, model := range map[string]certificateApplicationModel{"full": full, "sparse": sparse} {
		t.Run(name, func(t *testing.T) {
			framework := tfsdk.State{Schema: schemaResp.Schema}
			if diags := framework.Set(ctx, &model); diags.HasError() {
				t.Fatal(diags)
			}
			ours := tfsdk.State{Schema: schemaResp.Schema}
			if diags := setApplication(ctx, &ours, &model); diags.HasError() {
				t.Fatal(diags)
			}
			if !ours.Raw.Equal(framework.Raw) {
				t.Fatalf("encode differs:\n ours      %s\n framework %s", ours.Raw, framework.Raw)
			}

			var byFramework, byCodec certificateApplicationModel
			if diags := framework.Get(ctx, &byFramework); diags.HasError() {
				t.Fatal(diags)
			}
			if diags := getApplication(ctx, framework.Raw, framework.Schema, &byCodec); diags.HasError() {
				t.Fatal(diags)
			}
			if !reflect.DeepEqual(byCodec, byFramework) {
				t.Errorf("decode differs:\n ours      %+v\n framework %+v", byCodec, byFramework)
			}
		})
	}
}

var timeoutAttributeTypes = map[string]attr.Type{"create": types.StringType, "read": types.StringType, "delete": types.StringType}

// allNull sets every field of a model to the null value of its type.
func allNull(m *certificateApplicationModel) {
	v := reflect.ValueOf(m).Elem()
	for i := range v.NumField() {
		switch v.Field(i).Interface().(type) {
		case types.String:
			v.Field(i).Set(reflect.ValueOf(types.StringNull()))
		case types.Bool:
			v.Field(i).Set(reflect.ValueOf(types.BoolNull()))
		case types.Set:
			v.Field(i).Set(reflect.ValueOf(types.SetNull(types.StringType)))
		case types.List:
			v.Field(i).Set(reflect.ValueOf(types.ListNull(dnsRecordType)))
		}
	}
}

// TestModelCodecReportsAMismatchedModel: a model that does not fit its schema is a
// provider bug, reported as a diagnostic rather than a panic.
func TestModelCodecReportsAMismatchedModel(t *testing.T) {
	type extraField struct {
		ID    types.String `tfsdk:"id"`
		Extra types.String `tfsdk:"not_in_the_schema"`
	}
	type untagged struct {
		ID types.String
	}
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	(&certificateApplicationResource{}).Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	raw := tfsdk.State{Schema: schemaResp.Schema}
	sparse := certificateApplicationModel{}
	allNull(&sparse)
	sparse.Timeouts.Object = types.ObjectNull(timeoutAttributeTypes)
	if diags := setApplication(ctx, &raw, &sparse); diags.HasError() {
		t.Fatal(diags)
	}

	var extra extraField
	if diags := newModelCodec[extraField]().decode(ctx, raw.Raw, raw.Schema.Type(), &extra); !diags.HasError() ||
		!strings.Contains(diags[0].Detail(), "bug in the provider") {
		t.Errorf("diagnostics = %v, want a provider bug reported", diags)
	}
	var bare untagged
	if diags := newModelCodec[untagged]().decode(ctx, raw.Raw, raw.Schema.Type(), &bare); !diags.HasError() ||
		!strings.Contains(diags[0].Detail(), "no tfsdk tag") {
		t.Errorf("diagnostics = %v, want the missing tag named", diags)
	}
}
