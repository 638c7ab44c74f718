package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

var _ datasource.DataSourceWithConfigure = &certificateDataSource{}

// certificateDataSource reads one certificate, so that a later pipeline stage or another
// workspace can check issuance, feed the DNS validation records elsewhere, or deploy the
// issued certificate.
type certificateDataSource struct {
	data *providerData
}

type certificateDataSourceModel struct {
	ID                   types.String `tfsdk:"id"`
	CertificateID        types.String `tfsdk:"certificate_id"`
	Status               types.String `tfsdk:"status"`
	Name                 types.String `tfsdk:"name"`
	Type                 types.String `tfsdk:"type"`
	Brand                types.String `tfsdk:"brand"`
	Domain               types.String `tfsdk:"domain"`
	Sans                 types.Set    `tfsdk:"sans"`
	DomainType           types.String `tfsdk:"domain_type"`
	DomainCount          types.Int64  `tfsdk:"domain_count"`
	WildcardCount        types.Int64  `tfsdk:"wildcard_count"`
	ValidationMethod     types.String `tfsdk:"validation_method"`
	IssueTime            types.String `tfsdk:"issue_time"`
	NotBefore            types.String `tfsdk:"not_before"`
	NotAfter             types.String `tfsdk:"not_after"`
	ExpiresAt            types.String `tfsdk:"expires_at"`
	Fingerprint          types.String `tfsdk:"fingerprint"`
	DNSValidationRecords types.List   `tfsdk:"dns_validation_records"`
	Certificate          types.String `tfsdk:"certificate"`
	CertificateChain     types.String `tfsdk:"certificate_chain"`
}

func newCertificateDataSource() datasource.DataSource { return &certificateDataSource{} }

func (d *certificateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate"
}

func (d *certificateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one SCM certificate: its status, domains, validity and DNS validation records, and once it " +
			"is issued the certificate itself and its chain (public, so not sensitive; never the private key, which only " +
			"the `scm_certificate` ephemeral resource hands out). Use it in a later pipeline stage, or in another workspace, " +
			"to check that a certificate was issued, to publish its validation records, or to deploy it. It reads once; " +
			"`scm_certificate_validation` waits for issuance.",
		Attributes: map[string]schema.Attribute{
			"certificate_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the certificate, such as `scs1554192131150`.",
				Validators:          []validator.String{certificateID},
			},
			"id":                computed("The `certificate_id`."),
			"status":            computed("Status, such as `PAID`, `CHECKING`, `ISSUED` or `UNPASSED`."),
			"name":              computed("Name of the certificate."),
			"type":              computed("Type, such as `DV_SSL_CERT` or `OV_SSL_CERT`."),
			"brand":             computed("Certificate authority brand, such as `GLOBALSIGN`."),
			"domain":            computed("Domain bound to the certificate; empty before an application."),
			"sans":              schema.SetAttribute{Computed: true, ElementType: stringType, MarkdownDescription: "Additional domains of a multi-domain certificate."},
			"domain_type":       computed("`SINGLE_DOMAIN`, `WILDCARD` or `MULTI_DOMAIN`."),
			"domain_count":      schema.Int64Attribute{Computed: true, MarkdownDescription: "How many domains the certificate covers, the primary one included."},
			"wildcard_count":    schema.Int64Attribute{Computed: true, MarkdownDescription: "How many of those may be wildcards."},
			"validation_method": computed("`DNS`, `FILE` or `EMAIL`."),
			"issue_time":        computed("When the certificate was issued; empty until then."),
			"not_before":        computed("Start of validity; empty until issued."),
			"not_after":         computed("End of validity as the service writes it; empty until issued. Compute with `expires_at`."),
			"expires_at":        computed(expiresAtDescription),
			"fingerprint":       computed("Fingerprint of the issued certificate; empty until issued."),
			// A list of objects, as the resource's, so that test mocks can fill it.
			"dns_validation_records": schema.ListAttribute{
				Computed:    true,
				ElementType: dnsRecordType,
				MarkdownDescription: "DNS records that prove ownership of each domain, as the service reports them (it stops after " +
					"issuance): objects with `domain`, `record_name`, `record_type` (such as `TXT`) and `record_value`.",
			},
			"certificate":       computed("The issued certificate, PEM. Null until the certificate is `ISSUED`."),
			"certificate_chain": computed("The chain of certificate authorities that signed it, PEM. Null until the certificate is `ISSUED`."),
		},
	}
}

func (d *certificateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *certificateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	ctx = withPrivacyMasks(ctx)
	var config certificateDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !configured(d.data, &resp.Diagnostics) {
		return
	}
	id := config.CertificateID.ValueString()
	cert, err := d.data.client.ShowCertificate(ctx, id)
	if scm.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("certificate_id"), "Certificate not found",
			fmt.Sprintf("There is no certificate %s in this account. Check certificate_id against the SCM console.", id))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read certificate "+id, explain(err))
		return
	}

	state := certificateDataSourceModel{
		ID: types.StringValue(cert.ID), CertificateID: types.StringValue(cert.ID), Status: types.StringValue(cert.Status),
		Name: types.StringValue(cert.Name), Type: types.StringValue(cert.Type), Brand: types.StringValue(cert.Brand),
		Domain: types.StringValue(cert.Domain), DomainType: types.StringValue(cert.DomainType),
		DomainCount: types.Int64Value(cert.DomainCount), WildcardCount: types.Int64Value(cert.WildcardCount),
		ValidationMethod: types.StringValue(cert.ValidationMethod),
		IssueTime:        types.StringValue(cert.IssueTime), NotBefore: types.StringValue(cert.NotBefore),
		NotAfter: types.StringValue(cert.NotAfter), Fingerprint: types.StringValue(cert.Fingerprint),
		Certificate: types.StringNull(), CertificateChain: types.StringNull(),
	}
	expires, diags := expiresAt(cert.ID, cert.NotAfter)
	resp.Diagnostics.Append(diags...)
	state.ExpiresAt = expires
	sans, diags := sansValue(cert.Sans, types.SetNull(stringType))
	resp.Diagnostics.Append(diags...)
	records, diags := recordsAsAnswered(cert.Authentication)
	resp.Diagnostics.Append(diags...)
	state.Sans, state.DNSValidationRecords = sans, records
	if cert.Status == scm.StatusIssued || cert.Status == scm.StatusUpload {
		// The export answer carries the private key, if the service made it or it was
		// uploaded with the certificate; this path never holds it (ExportPublicCertificate).
		exported, err := d.data.client.ExportPublicCertificate(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Cannot fetch issued certificate "+id, explain(err))
			return
		}
		state.Certificate, state.CertificateChain = types.StringValue(exported.Certificate), types.StringValue(exported.CertificateChain)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// recordsAsAnswered is the service's validation records as a list, in its order.
func recordsAsAnswered(records []scm.DomainValidationRecord) (types.List, diag.Diagnostics) {
	elements := make([]attr.Value, 0, len(records))
	for _, r := range records {
		elements = append(elements, types.ObjectValueMust(dnsRecordType.AttrTypes, map[string]attr.Value{
			"domain": types.StringValue(r.Domain), "record_name": types.StringValue(r.RecordName),
			"record_type": types.StringValue(r.RecordType), "record_value": types.StringValue(r.RecordValue),
		}))
	}
	return types.ListValue(dnsRecordType, elements)
}
