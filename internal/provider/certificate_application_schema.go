package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// replacementNote ends the description of every input the service cannot change.
const replacementNote = " Changing it replaces the application: the pending one is withdrawn, then a new one is submitted."

// adoptionNote ends the description of inputs the service never returns.
const adoptionNote = " The service never returns it, so after `terraform import` the configured value is adopted in place."

// Length caps of SCM-API.md.
const (
	maxNameLength = 63
	maxSansLength = 4096
)

var (
	domainMethods      = []string{"DNS", "FILE", "EMAIL"}
	keyAlgorithms      = []string{"RSA_2048", "RSA_3072", "RSA_4096", "EC_P256", "EC_P384", "SM2"}
	caHashAlgorithms   = []string{"DEFAULT", "SHA-256"}
	replaceString      = []planmodifier.String{stringplanmodifier.RequiresReplace()}
	adoptOrReplaceStr  = []planmodifier.String{stringplanmodifier.RequiresReplaceIf(replaceUnlessAdopting, "Requires replacement unless adopting the configured value after import.", "Requires replacement unless adopting the configured value after import.")}
	keepComputedString = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
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
					"It is also the resource id and the import id." + replacementNote,
				Validators:    []validator.String{certificateID},
				PlanModifiers: replaceString,
			},
			"domain": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Domain the certificate is bound to; for a multi-domain certificate, the primary one. " +
					"A DNS name of [RFC 1123](https://www.rfc-editor.org/rfc/rfc1123) labels in lower case, `*.` first for a wildcard " +
					"certificate, or a public IP address. At most 255 characters." + replacementNote,
				Validators:    []validator.String{domainName},
				PlanModifiers: replaceString,
			},
			"applicant_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the applicant, 1 to 63 characters." + replacementNote,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, maxNameLength)},
				PlanModifiers:       replaceString,
			},
			"applicant_phone": schema.StringAttribute{
				Required:            true,
				Sensitive:           true,
				MarkdownDescription: "Phone number of the applicant, such as `13212345678` or `+8613212345678`." + replacementNote,
				Validators:          []validator.String{phoneNumber},
				PlanModifiers:       replaceString,
			},
			"applicant_email": schema.StringAttribute{
				Required:            true,
				Sensitive:           true,
				MarkdownDescription: "E-mail address of the applicant, at most 256 characters." + replacementNote,
				Validators:          []validator.String{emailAddress},
				PlanModifiers:       replaceString,
			},
			"agree_privacy_protection": schema.BoolAttribute{
				Required: true,
				MarkdownDescription: "Acceptance of the SCM privacy statement. Must be `true`: the service refuses every " +
					"application without it, so `false` is refused at plan time.",
				Validators:    []validator.Bool{mustAgree{}},
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},

			// Optional inputs.
			"sans": schema.SetAttribute{
				Optional:    true,
				ElementType: stringType,
				MarkdownDescription: "Additional domains of a multi-domain certificate, within the certificate's domain quota. " +
					"Each is a domain name like `domain` and none repeats it; sent to the service joined by `;` (at most 4096 " +
					"characters). Single-domain and wildcard certificates take none." + replacementNote,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(domainName),
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
			},
			"csr": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "PEM certificate signing request, at most 5120 characters. Its signature must verify and " +
					"its common name or DNS names must cover `domain` and every entry of `sans`. Without it the service " +
					"generates the key pair." + replacementNote + adoptionNote,
				Validators:    []validator.String{stringvalidator.LengthAtMost(validate.MaxCSRLength), pemCSR},
				PlanModifiers: adoptOrReplaceStr,
			},
			"company_name":     optionalName("Company name. Required for OV and EV certificates."),
			"company_unit":     optionalName("Department of the company.", adoptionNote),
			"company_province": optionalName("State or province of the company. Required for OV and EV certificates."),
			"company_city":     optionalName("City of the company. Required for OV and EV certificates."),
			"country": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Country of the company as an [ISO 3166-1 alpha-2](https://www.iso.org/iso-3166-country-codes.html) " +
					"code such as `CN` or `GB`. Required for OV and EV certificates." + replacementNote,
				Validators:    []validator.String{countryCode},
				PlanModifiers: replaceString,
			},
			"contact_name": optionalName("Name of the technical contact."),
			"contact_phone": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Phone number of the technical contact." + replacementNote,
				Validators:          []validator.String{phoneNumber},
				PlanModifiers:       replaceString,
			},
			"contact_email": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "E-mail address of the technical contact, at most 256 characters." + replacementNote,
				Validators:          []validator.String{emailAddress},
				PlanModifiers:       replaceString,
			},
			"auto_dns_auth": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Push the DNS validation records to Huawei Cloud DNS automatically (the domain must be hosted " +
					"there). Defaults to `false`." + replacementNote + adoptionNote,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplaceIf(replaceUnlessAdoptingBool,
					"Requires replacement unless adopting the configured value after import.", "Requires replacement unless adopting the configured value after import.")},
			},
			"domain_method": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("DNS"),
				MarkdownDescription: "How domain ownership is proved: `DNS` (the default, with the records in " +
					"`dns_validation_records`), `FILE` (the only method for a certificate bound to an IP address) or `EMAIL`." + replacementNote,
				Validators:    []validator.String{stringvalidator.OneOf(domainMethods...)},
				PlanModifiers: replaceString,
			},
			"key_algorithm": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Key algorithm of the certificate when the service generates the key: one of `" +
					joinCodes(keyAlgorithms) + "`. The service defaults to `RSA_2048`." + replacementNote + adoptionNote,
				Validators:    []validator.String{stringvalidator.OneOf(keyAlgorithms...)},
				PlanModifiers: adoptOrReplaceStr,
			},
			"ca_hash_algorithm": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Signature hash of the CA, only for GeoTrust OV certificates: `DEFAULT` or `SHA-256`." + replacementNote + adoptionNote,
				Validators:          []validator.String{stringvalidator.OneOf(caHashAlgorithms...)},
				PlanModifiers:       adoptOrReplaceStr,
			},
			"wait_for_issued": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Make create wait, within the create timeout, until the certificate is `ISSUED`; a refused " +
					"application (`UNPASSED`) fails the apply. Defaults to `false`: create returns once the application is " +
					"submitted (`CHECKING`). Changing it later has no effect on an existing application.",
			},

			// Computed outputs.
			"id":                computedString("Resource id: the `certificate_id`."),
			"status":            computedString("Status of the certificate: `CHECKING` while under review, then `ISSUED`, or `UNPASSED` when refused. Refreshed on every read."),
			"type":              computedString("Type of the certificate, such as `DV_SSL_CERT` or `OV_SSL_CERT`."),
			"brand":             computedString("Certificate authority brand, such as `GLOBALSIGN` or `GEOTRUST`."),
			"domain_type":       computedString("`SINGLE_DOMAIN`, `WILDCARD` or `MULTI_DOMAIN`."),
			"validation_method": computedString("Validation method the service records for the application."),
			"issue_time":        computedString("When the certificate was issued; empty until then."),
			"not_before":        computedString("Start of validity; empty until issued."),
			"not_after":         computedString("End of validity; empty until issued."),
			"fingerprint":       computedString("SHA-1 fingerprint of the issued certificate; empty until issued."),
			"dns_validation_records": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "DNS records that prove ownership of each domain (DNS validation). Create them with your " +
					"DNS provider; the certificate is issued once the service sees them.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"domain":       schema.StringAttribute{Computed: true, MarkdownDescription: "Domain the record validates."},
						"record_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the record."},
						"record_type":  schema.StringAttribute{Computed: true, MarkdownDescription: "Type of the record, such as `TXT`."},
						"record_value": schema.StringAttribute{Computed: true, MarkdownDescription: "Value of the record."},
					},
				},
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Delete: true}),
		},
	}
}

func optionalName(description string, notes ...string) schema.StringAttribute {
	modifiers := replaceString
	note := replacementNote
	if len(notes) > 0 {
		modifiers = adoptOrReplaceStr
		note += notes[0]
	}
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: description + " 1 to 63 characters; omit the attribute rather than giving an empty string." + note,
		Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, maxNameLength)},
		PlanModifiers:       modifiers,
	}
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description, PlanModifiers: keepComputedString}
}
