package provider

import (
	"context"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

var stringType = types.StringType

// certificateApplicationModel is the resource's configuration, plan and state.
type certificateApplicationModel struct {
	ID                     types.String   `tfsdk:"id"`
	CertificateID          types.String   `tfsdk:"certificate_id"`
	Domain                 types.String   `tfsdk:"domain"`
	Sans                   types.Set      `tfsdk:"sans"`
	CSR                    types.String   `tfsdk:"csr"`
	CompanyName            types.String   `tfsdk:"company_name"`
	CompanyUnit            types.String   `tfsdk:"company_unit"`
	CompanyProvince        types.String   `tfsdk:"company_province"`
	CompanyCity            types.String   `tfsdk:"company_city"`
	Country                types.String   `tfsdk:"country"`
	ApplicantName          types.String   `tfsdk:"applicant_name"`
	ApplicantPhone         types.String   `tfsdk:"applicant_phone"`
	ApplicantEmail         types.String   `tfsdk:"applicant_email"`
	ContactName            types.String   `tfsdk:"contact_name"`
	ContactPhone           types.String   `tfsdk:"contact_phone"`
	ContactEmail           types.String   `tfsdk:"contact_email"`
	AutoDNSAuth            types.Bool     `tfsdk:"auto_dns_auth"`
	AgreePrivacyProtection types.Bool     `tfsdk:"agree_privacy_protection"`
	DomainMethod           types.String   `tfsdk:"domain_method"`
	KeyAlgorithm           types.String   `tfsdk:"key_algorithm"`
	CAHashAlgorithm        types.String   `tfsdk:"ca_hash_algorithm"`
	WaitForIssued          types.Bool     `tfsdk:"wait_for_issued"`
	Status                 types.String   `tfsdk:"status"`
	Type                   types.String   `tfsdk:"type"`
	Brand                  types.String   `tfsdk:"brand"`
	DomainType             types.String   `tfsdk:"domain_type"`
	ValidationMethod       types.String   `tfsdk:"validation_method"`
	IssueTime              types.String   `tfsdk:"issue_time"`
	NotBefore              types.String   `tfsdk:"not_before"`
	NotAfter               types.String   `tfsdk:"not_after"`
	Fingerprint            types.String   `tfsdk:"fingerprint"`
	DNSValidationRecords   types.List     `tfsdk:"dns_validation_records"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

var dnsRecordType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"domain": types.StringType, "record_name": types.StringType, "record_type": types.StringType, "record_value": types.StringType,
}}

// sortedStrings returns the elements of a set of strings sorted, so that the sans
// joined for the service are in a stable order.
func sortedStrings(ctx context.Context, set types.Set) ([]string, diag.Diagnostics) {
	if set.IsNull() || set.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := set.ElementsAs(ctx, &out, false)
	sort.Strings(out)
	return out, diags
}

// applyRequest maps the plan to the service's request; unset attributes stay empty and
// are therefore not sent.
func (m *certificateApplicationModel) applyRequest(ctx context.Context) (scm.ApplyRequest, diag.Diagnostics) {
	sans, diags := sortedStrings(ctx, m.Sans)
	return scm.ApplyRequest{
		Domain:                 m.Domain.ValueString(),
		Sans:                   strings.Join(sans, ";"),
		CSR:                    m.CSR.ValueString(),
		CompanyName:            m.CompanyName.ValueString(),
		CompanyUnit:            m.CompanyUnit.ValueString(),
		CompanyProvince:        m.CompanyProvince.ValueString(),
		CompanyCity:            m.CompanyCity.ValueString(),
		Country:                m.Country.ValueString(),
		ApplicantName:          m.ApplicantName.ValueString(),
		ApplicantPhone:         m.ApplicantPhone.ValueString(),
		ApplicantEmail:         m.ApplicantEmail.ValueString(),
		ContactName:            m.ContactName.ValueString(),
		ContactPhone:           m.ContactPhone.ValueString(),
		ContactEmail:           m.ContactEmail.ValueString(),
		AutoDNSAuth:            m.AutoDNSAuth.ValueBool(),
		AgreePrivacyProtection: m.AgreePrivacyProtection.ValueBool(),
		DomainMethod:           m.DomainMethod.ValueString(),
		KeyAlgorithm:           m.KeyAlgorithm.ValueString(),
		CAHashAlgorithm:        m.CAHashAlgorithm.ValueString(),
	}, diags
}

// refresh overwrites the model with what the service holds. Inputs the service returns
// replace the configured ones, so drift shows in the next plan; the others are kept.
func (m *certificateApplicationModel) refresh(cert *scm.Certificate) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(cert.ID)
	m.CertificateID = types.StringValue(cert.ID)
	m.Domain = types.StringValue(cert.Domain)
	m.Sans, diags = sansValue(cert.Sans)

	info := cert.ApplicationInfo
	m.CompanyName = stringOrNull(info.CompanyName)
	m.CompanyProvince = stringOrNull(info.CompanyProvince)
	m.CompanyCity = stringOrNull(info.CompanyCity)
	m.Country = stringOrNull(info.Country)
	m.ApplicantName = types.StringValue(info.ApplicantName)
	m.ApplicantPhone = types.StringValue(info.ApplicantPhone)
	m.ApplicantEmail = types.StringValue(info.ApplicantEmail)
	m.ContactName = stringOrNull(info.ContactName)
	m.ContactPhone = stringOrNull(info.ContactPhone)
	m.ContactEmail = stringOrNull(info.ContactEmail)
	if cert.ValidationMethod != "" {
		m.DomainMethod = types.StringValue(cert.ValidationMethod)
	}

	m.Status = types.StringValue(cert.Status)
	m.Type = types.StringValue(cert.Type)
	m.Brand = types.StringValue(cert.Brand)
	m.DomainType = types.StringValue(cert.DomainType)
	m.ValidationMethod = types.StringValue(cert.ValidationMethod)
	m.IssueTime = types.StringValue(cert.IssueTime)
	m.NotBefore = types.StringValue(cert.NotBefore)
	m.NotAfter = types.StringValue(cert.NotAfter)
	m.Fingerprint = types.StringValue(cert.Fingerprint)
	records, recordDiags := dnsRecordsValue(cert.Authentication)
	diags.Append(recordDiags...)
	m.DNSValidationRecords = records
	return diags
}

// sansValue turns the service's ";"-joined list into a set; none is null, as in config.
func sansValue(joined string) (types.Set, diag.Diagnostics) {
	if joined == "" {
		return types.SetNull(stringType), nil
	}
	var elems []attr.Value
	for _, s := range strings.Split(joined, ";") {
		if s = strings.TrimSpace(s); s != "" {
			elems = append(elems, types.StringValue(s))
		}
	}
	return types.SetValue(stringType, elems)
}

func dnsRecordsValue(records []scm.DomainValidationRecord) (types.List, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(records))
	var diags diag.Diagnostics
	for _, r := range records {
		obj, d := types.ObjectValue(dnsRecordType.AttrTypes, map[string]attr.Value{
			"domain": types.StringValue(r.Domain), "record_name": types.StringValue(r.RecordName),
			"record_type": types.StringValue(r.RecordType), "record_value": types.StringValue(r.RecordValue),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(dnsRecordType, elems)
	diags.Append(d...)
	return list, diags
}

// stringOrNull maps the service's empty strings to null, which is how an omitted
// optional attribute looks in the plan.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
