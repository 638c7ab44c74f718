package provider

import (
	"context"
	"slices"
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
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
	Status                 types.String   `tfsdk:"status"`
	Type                   types.String   `tfsdk:"type"`
	Brand                  types.String   `tfsdk:"brand"`
	DomainType             types.String   `tfsdk:"domain_type"`
	ValidationMethod       types.String   `tfsdk:"validation_method"`
	IssueTime              types.String   `tfsdk:"issue_time"`
	NotBefore              types.String   `tfsdk:"not_before"`
	NotAfter               types.String   `tfsdk:"not_after"`
	ExpiresAt              types.String   `tfsdk:"expires_at"`
	Fingerprint            types.String   `tfsdk:"fingerprint"`
	DNSValidationRecords   types.List     `tfsdk:"dns_validation_records"`
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
	slices.Sort(out)
	return out, diags
}

// hasUnknown reports whether a set, or one of its elements, is unknown.
func hasUnknown(set types.Set) bool {
	return set.IsUnknown() || slices.ContainsFunc(set.Elements(), attr.Value.IsUnknown)
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

// takeComputed fills what only the service knows: the certificate's status, kind and
// validity, and the validation records mapped onto the domains the model names.
func (m *certificateApplicationModel) takeComputed(cert *scm.Certificate) diag.Diagnostics {
	m.ID = types.StringValue(cert.ID)
	m.CertificateID = types.StringValue(cert.ID)
	m.Status = types.StringValue(cert.Status)
	m.Type = types.StringValue(cert.Type)
	m.Brand = types.StringValue(cert.Brand)
	m.DomainType = types.StringValue(cert.DomainType)
	m.ValidationMethod = types.StringValue(cert.ValidationMethod)
	m.IssueTime = types.StringValue(cert.IssueTime)
	m.NotBefore = types.StringValue(cert.NotBefore)
	m.NotAfter = types.StringValue(cert.NotAfter)
	expires, diags := expiresAt(cert.ID, cert.NotAfter)
	m.ExpiresAt = expires
	m.Fingerprint = types.StringValue(cert.Fingerprint)
	records, recordDiags := mapValidationRecords(m.DomainMethod.ValueString(), m.domains(), m.DNSValidationRecords, cert.Authentication)
	m.DNSValidationRecords = records
	return append(diags, recordDiags...)
}

// domains are the model's domain, then its sans in lexical order: the order of
// dns_validation_records.
func (m *certificateApplicationModel) domains() []string {
	var sans []string
	for _, v := range m.Sans.Elements() {
		if s, ok := v.(types.String); ok {
			sans = append(sans, s.ValueString())
		}
	}
	slices.Sort(sans)
	return append([]string{m.Domain.ValueString()}, sans...)
}

// maskedContacts names the contact details the service may answer masked.
func (m *certificateApplicationModel) maskedContacts(info *scm.ApplicationInfo) []maskedContact {
	return []maskedContact{
		{"applicant_phone", &m.ApplicantPhone, info.ApplicantPhone},
		{"applicant_email", &m.ApplicantEmail, info.ApplicantEmail},
		{"contact_phone", &m.ContactPhone, info.ContactPhone},
		{"contact_email", &m.ContactEmail, info.ContactEmail},
	}
}

type maskedContact struct {
	attribute string
	held      *types.String
	answered  string
}

// takeReturnedInputs overwrites the inputs the service returns with its answer, so that
// drift shows in the next plan. A masked phone or e-mail that agrees with what the state
// holds keeps the state's value; one that contradicts it is drift, named in the returned
// list (the values themselves are sensitive). A settled application's answer is taken
// too (the state holds what the service holds), but only when it carries the
// application: whether the service still returns an issued certificate's application
// details is not documented, and an answer without them must not empty the state.
func (m *certificateApplicationModel) takeReturnedInputs(cert *scm.Certificate) (drifted []string, diags diag.Diagnostics) {
	keep := scm.Allows(cert.Status).Settled && cert.Domain == ""
	take := func(held *types.String, answered types.String) {
		if !keep || held.IsNull() {
			*held = answered
		}
	}
	info := cert.ApplicationInfo
	take(&m.Domain, types.StringValue(cert.Domain))
	take(&m.CompanyName, stringOrNull(info.CompanyName))
	take(&m.CompanyProvince, stringOrNull(info.CompanyProvince))
	take(&m.CompanyCity, stringOrNull(info.CompanyCity))
	take(&m.Country, stringOrNull(info.Country))
	take(&m.ApplicantName, types.StringValue(info.ApplicantName))
	take(&m.ContactName, stringOrNull(info.ContactName))
	if cert.ValidationMethod != "" {
		take(&m.DomainMethod, types.StringValue(cert.ValidationMethod))
	}
	if !keep || m.Sans.IsNull() {
		sans, d := sansValue(cert.Sans, m.Sans)
		diags.Append(d...)
		m.Sans = sans
	}
	for _, c := range m.maskedContacts(&info) {
		switch {
		case isMasked(c.answered) && !c.held.IsNull() && maskedAgrees(c.answered, c.held.ValueString()):
		case isMasked(c.answered) && !c.held.IsNull():
			drifted = append(drifted, c.attribute)
			*c.held = stringOrNull(c.answered)
		default:
			take(c.held, stringOrNull(c.answered))
		}
	}
	return drifted, diags
}

// sansValue turns the service's ";"-joined list into a set. None is null, or [] when
// the state holds [] (the form the configuration used).
func sansValue(joined string, held types.Set) (types.Set, diag.Diagnostics) {
	var elems []attr.Value
	for _, s := range strings.Split(joined, ";") {
		if s = strings.TrimSpace(s); s != "" {
			elems = append(elems, types.StringValue(s))
		}
	}
	if len(elems) == 0 && (held.IsNull() || held.IsUnknown() || len(held.Elements()) > 0) {
		return types.SetNull(stringType), nil
	}
	return types.SetValue(stringType, elems)
}

// mapValidationRecords lays the service's DNS validation records out as the attribute
// holds them: one element per domain, in the order of domains, each from the service's
// record for that domain, else as previously held (the service stops returning records
// after issuance), else empty. FILE and EMAIL validation have none.
func mapValidationRecords(method string, domains []string, held types.List, answered []scm.DomainValidationRecord) (types.List, diag.Diagnostics) {
	if method != "DNS" {
		return types.ListValue(dnsRecordType, nil)
	}
	previous := map[string]attr.Value{}
	for _, element := range held.Elements() {
		if obj, ok := element.(types.Object); ok {
			if d, ok := obj.Attributes()["domain"].(types.String); ok && recordKnown(obj) {
				previous[d.ValueString()] = obj
			}
		}
	}
	var diags diag.Diagnostics
	elements := make([]attr.Value, 0, len(domains))
	for _, d := range domains {
		i := slices.IndexFunc(answered, func(r scm.DomainValidationRecord) bool { return r.Domain == d })
		switch {
		case i >= 0:
			obj, objDiags := types.ObjectValue(dnsRecordType.AttrTypes, map[string]attr.Value{
				"domain": types.StringValue(d), "record_name": types.StringValue(answered[i].RecordName),
				"record_type": types.StringValue(answered[i].RecordType), "record_value": types.StringValue(answered[i].RecordValue),
			})
			diags.Append(objDiags...)
			elements = append(elements, obj)
		case previous[d] != nil:
			elements = append(elements, previous[d])
		default:
			elements = append(elements, emptyRecord(d))
		}
	}
	list, listDiags := types.ListValue(dnsRecordType, elements)
	diags.Append(listDiags...)
	return list, diags
}

func emptyRecord(domain string) types.Object {
	return types.ObjectValueMust(dnsRecordType.AttrTypes, map[string]attr.Value{
		"domain": types.StringValue(domain), "record_name": types.StringValue(""),
		"record_type": types.StringValue(""), "record_value": types.StringValue(""),
	})
}

// recordKnown reports whether a held record carries a value worth keeping.
func recordKnown(obj types.Object) bool {
	value, ok := obj.Attributes()["record_value"].(types.String)
	return ok && !value.IsUnknown() && !value.IsNull() && value.ValueString() != ""
}

// missingRecords lists the domains for which the service has not reported a record yet.
func missingRecords(domains []string, answered []scm.DomainValidationRecord) []string {
	var missing []string
	for _, d := range domains {
		if !slices.ContainsFunc(answered, func(r scm.DomainValidationRecord) bool { return r.Domain == d && r.RecordValue != "" }) {
			missing = append(missing, d)
		}
	}
	return missing
}

// stringOrNull maps the service's empty strings to null, which is how an omitted
// optional attribute looks in the plan.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
