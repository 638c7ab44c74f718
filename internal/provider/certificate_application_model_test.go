package provider

import (
	"context"
	"strings"
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

func TestReadTakesWhatTheServiceHoldsAndKeepsTheRest(t *testing.T) {
	m := certificateApplicationModel{CSR: types.StringValue("kept"), KeyAlgorithm: types.StringValue("RSA_4096"),
		Sans: types.SetNull(types.StringType), DomainMethod: types.StringValue("DNS"), DNSValidationRecords: types.ListNull(dnsRecordType)}
	cert := &scm.Certificate{
		ID: "scs1554192131150", Status: "CHECKING", Type: "DV_SSL_CERT", Domain: "www.example.com",
		Sans: "b.example.com;a.example.com", ValidationMethod: "DNS",
		ApplicationInfo: scm.ApplicationInfo{ApplicantName: "Tom", ApplicantPhone: "1", ApplicantEmail: "t@e.com"},
		Authentication:  []scm.DomainValidationRecord{{Domain: "www.example.com", RecordName: "_dnsauth.www.example.com", RecordType: "TXT", RecordValue: "v"}},
	}
	_, diags := m.takeReturnedInputs(cert)
	diags.Append(m.takeComputed(cert)...)
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
	// One record per domain, the primary first and the sans sorted; the service has none
	// yet for the sans.
	var domains []string
	for _, e := range m.DNSValidationRecords.Elements() {
		domains = append(domains, e.(types.Object).Attributes()["domain"].(types.String).ValueString())
	}
	if strings.Join(domains, " ") != "www.example.com a.example.com b.example.com" {
		t.Errorf("records for %v", domains)
	}

	cert.Sans = ""
	_, _ = m.takeReturnedInputs(cert)
	if !m.Sans.IsNull() {
		t.Error("no sans from the service must be null, as an omitted attribute is")
	}
	m.Sans = types.SetValueMust(types.StringType, nil)
	_, _ = m.takeReturnedInputs(cert)
	if m.Sans.IsNull() || len(m.Sans.Elements()) != 0 {
		t.Error("sans = [] in the state must stay [] when the service has none")
	}
}

func TestReadKeepsRecordsTheServiceNoLongerReturns(t *testing.T) {
	m := certificateApplicationModel{Domain: types.StringValue("www.example.com"), Sans: types.SetNull(types.StringType), DomainMethod: types.StringValue("DNS")}
	m.DNSValidationRecords, _ = mapValidationRecords("DNS", m.domains(), types.ListNull(dnsRecordType),
		[]scm.DomainValidationRecord{{Domain: "www.example.com", RecordName: "_dnsauth.www.example.com", RecordType: "TXT", RecordValue: "v"}})
	issued := &scm.Certificate{ID: "scs1554192131150", Status: "ISSUED", Domain: "www.example.com", ValidationMethod: "DNS"}
	if diags := m.takeComputed(issued); diags.HasError() {
		t.Fatal(diags)
	}
	record := m.DNSValidationRecords.Elements()[0].(types.Object).Attributes()
	if record["record_value"].(types.String).ValueString() != "v" {
		t.Errorf("the record was lost once the service stopped returning it: %v", record)
	}
}

// A settled application's state holds what the service holds, like any other's: a value
// recorded by an earlier version of the provider gives way to the service's.
func TestSettledApplicationsTakeTheServicesInputs(t *testing.T) {
	m := certificateApplicationModel{ApplicantName: types.StringValue("Jerry"), Domain: types.StringValue("new.example.com"),
		Sans: types.SetNull(types.StringType), ContactName: types.StringNull()}
	issued := &scm.Certificate{ID: "scs1554192131150", Status: "ISSUED", Domain: "www.example.com",
		ApplicationInfo: scm.ApplicationInfo{ApplicantName: "Tom", ContactName: "Jacky"}}
	if _, diags := m.takeReturnedInputs(issued); diags.HasError() {
		t.Fatal(diags)
	}
	if m.Domain.ValueString() != "www.example.com" || m.ApplicantName.ValueString() != "Tom" || m.ContactName.ValueString() != "Jacky" {
		t.Errorf("domain %s, applicant %s, contact %s: want the service's www.example.com, Tom and Jacky", m.Domain, m.ApplicantName, m.ContactName)
	}
}

// An answer for a settled certificate without its application (no domain) says nothing
// of the application: the state keeps its values, and fills in only what it lacks.
func TestSettledAnswersWithoutTheApplicationKeepTheState(t *testing.T) {
	m := certificateApplicationModel{ApplicantName: types.StringValue("Tom"), Domain: types.StringValue("www.example.com"),
		Sans: types.SetValueMust(types.StringType, []attr.Value{types.StringValue("shop.example.com")}), ContactName: types.StringNull()}
	issued := &scm.Certificate{ID: "scs1554192131150", Status: "ISSUED", ApplicationInfo: scm.ApplicationInfo{ContactName: "Jacky"}}
	if _, diags := m.takeReturnedInputs(issued); diags.HasError() {
		t.Fatal(diags)
	}
	if m.Domain.ValueString() != "www.example.com" || m.ApplicantName.ValueString() != "Tom" || len(m.Sans.Elements()) != 1 ||
		m.ContactName.ValueString() != "Jacky" {
		t.Errorf("domain %s, applicant %s, sans %s, contact %s: want the state's kept and the missing contact filled in",
			m.Domain, m.ApplicantName, m.Sans, m.ContactName)
	}
}

func TestMaskedAnswersAreComparedNotCopied(t *testing.T) {
	m := certificateApplicationModel{ApplicantPhone: types.StringValue("13612328932"), ApplicantEmail: types.StringValue("1087652346@qq.com"),
		ContactPhone: types.StringValue("13512345678"), ContactEmail: types.StringNull(), Sans: types.SetNull(types.StringType)}
	cert := &scm.Certificate{ID: "scs1554192131150", Status: "CHECKING", ApplicationInfo: scm.ApplicationInfo{
		ApplicantPhone: "13****28932", ApplicantEmail: "10****2346@qq.com", ContactPhone: "13****99999", ContactEmail: "ja****@example.com"}}
	drifted, diags := m.takeReturnedInputs(cert)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if m.ApplicantPhone.ValueString() != "13612328932" || m.ApplicantEmail.ValueString() != "1087652346@qq.com" {
		t.Error("masked answers that agree replaced the state's values")
	}
	if m.ContactPhone.ValueString() != "13****99999" || strings.Join(drifted, ",") != "contact_phone" {
		t.Errorf("a contradicting masked answer: contact_phone %s, drifted %v; want the answer taken and named", m.ContactPhone, drifted)
	}
	if m.ContactEmail.ValueString() != "ja****@example.com" {
		t.Error("with nothing held (after an import), the masked answer must be taken")
	}
}
