package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

func TestApplyRequestMapsEveryAttribute(t *testing.T) {
	sans, _ := types.SetValue(types.StringType, []attr.Value{types.StringValue("shop.example.com"), types.StringValue("api.example.com")})
	m := certificateApplicationModel{
		CertificateID: types.StringValue("scs1554192131150"), Domain: types.StringValue("www.example.com"), Sans: sans,
		CSR: types.StringValue("PEM"), CompanyName: types.StringValue("Example Ltd"), CompanyUnit: types.StringValue("IT"),
		CompanyProvince: types.StringValue("Sichuan"), CompanyCity: types.StringValue("Chengdu"), Country: types.StringValue("CN"),
		ApplicantName: types.StringValue("Tom"), ApplicantPhone: types.StringValue("13212345678"), ApplicantEmail: types.StringValue("tom@example.com"),
		ContactName: types.StringValue("Jacky"), ContactPhone: types.StringValue("13512345678"), ContactEmail: types.StringValue("jk@example.com"),
		AutoDNSAuth: types.BoolValue(true), AgreePrivacyProtection: types.BoolValue(true), DomainMethod: types.StringValue("DNS"),
		KeyAlgorithm: types.StringValue("EC_P256"), CAHashAlgorithm: types.StringValue("SHA-256"),
	}
	got, diags := m.applyRequest(context.Background())
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := scm.ApplyRequest{
		Domain: "www.example.com", Sans: "api.example.com;shop.example.com", CSR: "PEM", CompanyName: "Example Ltd",
		CompanyUnit: "IT", CompanyProvince: "Sichuan", CompanyCity: "Chengdu", Country: "CN", ApplicantName: "Tom",
		ApplicantPhone: "13212345678", ApplicantEmail: "tom@example.com", ContactName: "Jacky", ContactPhone: "13512345678",
		ContactEmail: "jk@example.com", AutoDNSAuth: true, AgreePrivacyProtection: true, DomainMethod: "DNS",
		KeyAlgorithm: "EC_P256", CAHashAlgorithm: "SHA-256",
	}
	if got != want {
		t.Errorf("request:\n got %+v\nwant %+v", got, want)
	}
}

func TestApplyRequestLeavesUnsetAttributesEmpty(t *testing.T) {
	m := certificateApplicationModel{
		Domain: types.StringValue("www.example.com"), Sans: types.SetNull(types.StringType), CSR: types.StringNull(),
		ApplicantName: types.StringValue("Tom"), ApplicantPhone: types.StringValue("1"), ApplicantEmail: types.StringValue("t@e.com"),
		AgreePrivacyProtection: types.BoolValue(true),
	}
	got, _ := m.applyRequest(context.Background())
	if got.Sans != "" || got.CSR != "" || got.CompanyName != "" || got.Country != "" || got.KeyAlgorithm != "" {
		t.Errorf("unset attributes were mapped to values: %+v", got)
	}
}

func TestRefreshTakesWhatTheServiceHolds(t *testing.T) {
	m := certificateApplicationModel{CSR: types.StringValue("kept"), KeyAlgorithm: types.StringValue("RSA_4096")}
	diags := m.refresh(&scm.Certificate{
		ID: "scs1554192131150", Status: "CHECKING", Type: "DV_SSL_CERT", Domain: "www.example.com",
		Sans: "b.example.com;a.example.com", ValidationMethod: "DNS",
		ApplicationInfo: scm.ApplicationInfo{ApplicantName: "Tom", ApplicantPhone: "1", ApplicantEmail: "t@e.com"},
		Authentication:  []scm.DomainValidationRecord{{Domain: "www.example.com", RecordName: "_dnsauth.www.example.com", RecordType: "TXT", RecordValue: "v"}},
	})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if m.ID.ValueString() != "scs1554192131150" || m.Status.ValueString() != "CHECKING" || len(m.Sans.Elements()) != 2 {
		t.Errorf("model = %+v", m)
	}
	if !m.CompanyName.IsNull() || !m.ContactEmail.IsNull() || !m.Country.IsNull() {
		t.Error("empty strings from the service must become null, as omitted attributes are")
	}
	if m.CSR.ValueString() != "kept" || m.KeyAlgorithm.ValueString() != "RSA_4096" {
		t.Error("inputs the service never returns were overwritten")
	}
	if len(m.DNSValidationRecords.Elements()) != 1 {
		t.Errorf("records = %v", m.DNSValidationRecords)
	}

	m.refresh(&scm.Certificate{ID: "scs1554192131150", Status: "CHECKING"})
	if !m.Sans.IsNull() {
		t.Error("no sans from the service must be null, as an omitted attribute is")
	}
}
