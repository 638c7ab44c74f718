package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// replacementNote ends the description of every input the service cannot change.
const replacementNote = " Changing it replaces the application: the pending one is withdrawn, then a new one is submitted " +
	"(once the certificate is issued, the change is refused; see below)."

// adoptionNote ends the description of inputs the service never returns.
const adoptionNote = " The service never returns it, so after `terraform import` the configured value is adopted in place."

// maskedNote ends the description of the contact details the service may answer masked.
const maskedNote = " The service may answer it masked (as `13****28932`): a masked answer that agrees with the " +
	"configured value is no change."

// Length caps of the API reference.
const (
	maxNameLength = 63
	maxSansLength = 4096
)

var (
	domainMethods      = []string{"DNS", "FILE", "EMAIL"}
	keyAlgorithms      = []string{"RSA_2048", "RSA_3072", "RSA_4096", "EC_P256", "EC_P384", "SM2"}
	caHashAlgorithms   = []string{"DEFAULT", "SHA-256"}
	keepComputedString = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
)

// Which inputs replace the application when they change is decided in one place,
// ModifyPlan (replacingChanges), not by attribute plan modifiers: the exceptions
// (an import's adoption window, masked answers, an empty sans, a settled application)
// need the whole plan and state, and the warnings that explain a replacement can only
// come from there.

// What an input is, for the end of its description.
type inputKind int

const (
	// returnedInput is held by the service; changing it replaces the application.
	returnedInput inputKind = iota
	// unreturnedInput is never returned; it is adopted in place after an import.
	unreturnedInput
)

func (r *certificateApplicationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Applies for a purchased SSL certificate of the SSL Certificate Manager (SCM): binds it to a domain and " +
			"submits the applicant's details for review ([Applying for a Certificate](https://support.huaweicloud.com/intl/en-us/api-scm/ApplyCertificate.html)). " +
			"Bad input is refused at plan time, before anything is submitted. Destroying the resource withdraws an application " +
			"that is still under review; an issued certificate cannot be withdrawn and stays in the account.",
		Attributes: map[string]schema.Attribute{
			// Required inputs.
			"certificate_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the purchased certificate (status `PAID`), such as `scs1554192131150`. " +
					"It is also the resource id and the import id. Changing it always replaces the resource.",
				Validators: []validator.String{certificateID},
			},
			"domain": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Domain the certificate is bound to; for a multi-domain certificate, the primary one. " +
					"A DNS name of [RFC 1123](https://www.rfc-editor.org/rfc/rfc1123) labels in lower case, `*.` first for a wildcard " +
					"certificate, or a public IP address (version 4 or 6, validated by `FILE` only). At most 255 characters." + replacementNote,
				Validators: []validator.String{domainName},
			},
			"applicant_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the applicant, 1 to 63 characters." + replacementNote,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, maxNameLength)},
			},
			"applicant_phone": phoneAttribute("Phone number of the applicant", true),
			"applicant_email": emailAttribute("E-mail address of the applicant", true),
			"agree_privacy_protection": schema.BoolAttribute{
				Required: true,
				MarkdownDescription: "Acceptance of the SCM privacy statement. Must be `true`: the service refuses every " +
					"application without it, so `false` is refused at plan time.",
				Validators: []validator.Bool{mustAgree{}},
			},

			// Optional inputs.
			"sans": schema.SetAttribute{
				Optional:    true,
				ElementType: stringType,
				MarkdownDescription: "Additional domains of a multi-domain certificate, within the certificate's domain quota (and " +
					"wildcard quota, counting a wildcard `domain` too). Each is a domain name like `domain` and none repeats it; " +
					"sent to the service joined by `;` (at most 4096 characters). Single-domain and wildcard certificates take " +
					"none. `[]` is the same as leaving it out." + replacementNote,
				Validators: []validator.Set{
					setvalidator.NoNullValues(),
					setvalidator.ValueStringsAre(domainName),
				},
			},
			"csr": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "PEM certificate signing request, at most 5120 characters. Its signature must verify and " +
					"its common name or DNS names must cover `domain` and every entry of `sans`. Without it the service " +
					"generates the key pair. To make the key and the CSR in Terraform, use `tls_private_key` and " +
					"`tls_cert_request` (guide \"Your own key: CSRs from the tls provider\"): once the certificate is " +
					"issued, a changed CSR fails the plan, so that the key matching it is kept." + replacementNote + adoptionNote,
				Validators: []validator.String{stringvalidator.LengthAtMost(validate.MaxCSRLength), pemCSR},
			},
			"company_name":     nameAttribute("Company name. Required for OV and EV certificates.", returnedInput),
			"company_unit":     nameAttribute("Department of the company.", unreturnedInput),
			"company_province": nameAttribute("State or province of the company. Required for OV and EV certificates.", returnedInput),
			"company_city":     nameAttribute("City of the company. Required for OV and EV certificates.", returnedInput),
			"country": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Country of the company as an [ISO 3166-1 alpha-2](https://www.iso.org/iso-3166-country-codes.html) " +
					"code such as `CN` or `GB`. Required for OV and EV certificates." + replacementNote,
				Validators: []validator.String{countryCode},
			},
			"contact_name":  nameAttribute("Name of the technical contact.", returnedInput),
			"contact_phone": phoneAttribute("Phone number of the technical contact", false),
			"contact_email": emailAttribute("E-mail address of the technical contact", false),
			"auto_dns_auth": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Let SCM push the DNS validation records to Huawei Cloud DNS itself (the domain must be hosted " +
					"there). Defaults to `false`." + replacementNote + adoptionNote,
			},
			"domain_method": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "How domain ownership is proved: `DNS` (with the records in `dns_validation_records`), " +
					"`FILE` (the only method for a certificate bound to an IP address) or `EMAIL`. Left out, it is `FILE` for an " +
					"IP address and `DNS` otherwise." + replacementNote,
				Validators:    []validator.String{stringvalidator.OneOf(domainMethods...)},
				PlanModifiers: []planmodifier.String{defaultDomainMethod{}},
			},
			"key_algorithm": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Key algorithm of the certificate when the service generates the key (without `csr`, whose " +
					"key the certificate takes otherwise): one of `" + joinCodes(keyAlgorithms) + "`. The service defaults to `RSA_2048`." + replacementNote + adoptionNote,
				Validators: []validator.String{stringvalidator.OneOf(keyAlgorithms...)},
			},
			"ca_hash_algorithm": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Signature hash of the CA, only for GeoTrust OV certificates: `DEFAULT` or `SHA-256`." + replacementNote + adoptionNote,
				Validators:          []validator.String{stringvalidator.OneOf(caHashAlgorithms...)},
			},
			"wait_for_issued": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Make create wait, within the create timeout, until the certificate is `ISSUED`; a refused " +
					"application (`UNPASSED`) fails the apply, and a wait that times out or is interrupted ends with a warning, " +
					"the application under review and in the state (see \"Waiting for issuance\"). For applications that need nothing more from Terraform: " +
					"`auto_dns_auth`, `FILE` or `EMAIL` validation, or DNS records that exist already. When the records come from " +
					"this configuration, use `scm_certificate_validation` instead: create waiting here would never see them. " +
					"Defaults to `false`: create returns once the application is submitted (`CHECKING`). Changing it later has " +
					"no effect on an existing application.",
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{Create: true, Read: true, Delete: true},
				"How long each operation may take. Create includes the wait for the validation records and, with "+
					"`wait_for_issued`, for issuance; delete includes the wait for a withdrawal to finish.",
				map[string]string{
					"create": fmt.Sprintf("Time for create (default %s).", defaultCreateTimeout),
					"read":   fmt.Sprintf("Time for each refresh (default %s).", defaultReadTimeout),
					"delete": fmt.Sprintf("Time for destroy (default %s).", defaultDeleteTimeout),
				}),

			// Computed outputs.
			"id":                computedString("Resource id: the `certificate_id`."),
			"status":            computedString("Status of the certificate: `CHECKING` while under review, then `ISSUED`, or `UNPASSED` when refused. Refreshed on every read."),
			"type":              computedString("Type of the certificate, such as `DV_SSL_CERT` or `OV_SSL_CERT`."),
			"brand":             computedString("Certificate authority brand, such as `GLOBALSIGN` or `GEOTRUST`."),
			"domain_type":       computedString("`SINGLE_DOMAIN`, `WILDCARD` or `MULTI_DOMAIN`."),
			"validation_method": computedString("Validation method the service records for the application."),
			"issue_time":        computedString("When the certificate was issued; empty until then."),
			"not_before":        computedString("Start of validity; empty until issued."),
			"not_after":         computedString("End of validity as the service writes it (such as `2027-12-04 13:11:27.0`); empty until issued. Compute with `expires_at`."),
			"expires_at":        computedString(expiresAtDescription),
			"fingerprint":       computedString("SHA-1 fingerprint of the issued certificate; empty until issued."),
			// A list of objects rather than a nested attribute: Terraform's test mocks
			// (mock_provider, override_resource) can give a plain list its elements, but
			// give a computed nested list none.
			"dns_validation_records": schema.ListAttribute{
				Computed:    true,
				ElementType: dnsRecordType,
				MarkdownDescription: "DNS records that prove ownership of each domain, for DNS validation: one object per domain, " +
					"`domain` first, then `sans` in lexical order, each with `domain` (the domain it validates), `record_name` " +
					"(such as `_dnsauth.example.com`), `record_type` (such as `TXT`) and `record_value`. Each `domain` is known " +
					"already when the application is planned, so `for_each` over the list keyed by domain works in the apply " +
					"that creates it; the record fields are known after create (the name too: it is the authority's choice). " +
					"A wildcard and its base domain may share one record name with two values. The records are kept after " +
					"issuance, when the service no longer returns them. Empty for `FILE` and `EMAIL` validation. Unknown until " +
					"apply when `domain`, `sans` or `domain_method` are.",
				PlanModifiers: []planmodifier.List{plannedValidationRecords{}},
			},
		},
	}
}

// nameAttribute is an optional name-like input of 1 to 63 characters.
func nameAttribute(description string, kind inputKind) schema.StringAttribute {
	note := replacementNote
	if kind == unreturnedInput {
		note += adoptionNote
	}
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: description + " 1 to 63 characters; omit the attribute rather than giving an empty string." + note,
		Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, maxNameLength)},
	}
}

func phoneAttribute(description string, required bool) schema.StringAttribute {
	return schema.StringAttribute{
		Required:  required,
		Optional:  !required,
		Sensitive: true,
		MarkdownDescription: description + ": " + validate.PhoneRule + ". Sensitive: it never appears in plans, " +
			"diagnostics or logs." + replacementNote + maskedNote,
		Validators: []validator.String{phoneNumber},
	}
}

func emailAttribute(description string, required bool) schema.StringAttribute {
	return schema.StringAttribute{
		Required:  required,
		Optional:  !required,
		Sensitive: true,
		MarkdownDescription: description + ", at most 256 characters. Sensitive: it never appears in plans, diagnostics " +
			"or logs." + replacementNote + maskedNote,
		Validators: []validator.String{emailAddress},
	}
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description, PlanModifiers: keepComputedString}
}
