package provider

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

var _ datasource.DataSourceWithConfigure = &certificatesDataSource{}

// certificatesDataSource lists the account's certificates, to find one by domain or
// status.
type certificatesDataSource struct {
	data *providerData
}

type certificatesDataSourceModel struct {
	Status            types.String `tfsdk:"status"`
	Domain            types.String `tfsdk:"domain"`
	ExpiresWithinDays types.Int64  `tfsdk:"expires_within_days"`
	Certificates      types.List   `tfsdk:"certificates"`
}

var certificateSummaryType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "name": types.StringType, "domain": types.StringType, "sans": types.SetType{ElemType: types.StringType},
	"status": types.StringType, "type": types.StringType, "domain_type": types.StringType, "brand": types.StringType,
	"domain_count": types.Int64Type, "wildcard_count": types.Int64Type, "expire_time": types.StringType,
	"expires_at": types.StringType,
}}

func newCertificatesDataSource() datasource.DataSource { return &certificatesDataSource{} }

func (d *certificatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificates"
}

func (d *certificatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's certificates, optionally those in one status or for one domain. It reads " +
			"every page of the service's list (50 certificates a page).\n\n" +
			"Do not feed a `PAID` certificate found here straight into an application's `certificate_id`: once applied " +
			"for, the certificate is no longer `PAID`, so the next plan finds another one (or none) and would replace the " +
			"application. Pin the id you found instead, or ignore later changes with " +
			"`lifecycle { ignore_changes = [certificate_id] }`.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only certificates in this status, such as `PAID` or `ISSUED` (`ALL`, the default, for every status).",
				Validators:          []validator.String{stringvalidator.OneOf(append(scm.KnownStatuses(), "ALL")...)},
			},
			"domain": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only certificates whose domain, or one of whose additional domains, is exactly this one.",
				Validators:          []validator.String{domainName},
			},
			"expires_within_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Only certificates that expire within this many days from now, or have expired: what needs " +
					"renewal. Certificates without an end of validity (not issued) are left out.",
				Validators: []validator.Int64{int64validator.Between(0, maxRenewalWarningDays)},
			},
			"certificates": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The certificates, in the service's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":             computed("Id of the certificate."),
					"name":           computed("Name of the certificate."),
					"domain":         computed("Domain bound to it; empty before an application."),
					"sans":           schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Its additional domains."},
					"status":         computed("Its status."),
					"type":           computed("Its type, such as `DV_SSL_CERT`."),
					"domain_type":    computed("`SINGLE_DOMAIN`, `WILDCARD` or `MULTI_DOMAIN`."),
					"brand":          computed("Certificate authority brand."),
					"domain_count":   schema.Int64Attribute{Computed: true, MarkdownDescription: "How many domains it covers."},
					"wildcard_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many of them may be wildcards."},
					"expire_time":    computed("End of validity as the service writes it; empty until issued."),
					"expires_at":     computed(expiresAtDescription),
				}},
			},
		},
	}
}

func (d *certificatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *certificatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	var config certificatesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !configured(d.data, &resp.Diagnostics) {
		return
	}
	domain := config.Domain.ValueString()
	found, err := d.data.client.ListCertificates(ctx, scm.ListFilter{Status: config.Status.ValueString(), Content: domain})
	if err != nil {
		resp.Diagnostics.AddError("Cannot list certificates", explain(err))
		return
	}
	elements := make([]attr.Value, 0, len(found))
	now := time.Now()
	for _, c := range found {
		// The service's search also matches names and parts of domains.
		if domain != "" && !coversExactly(c, domain) {
			continue
		}
		expires, diags := expiresAt(c.ID, c.ExpireTime)
		resp.Diagnostics.Append(diags...)
		if !config.ExpiresWithinDays.IsNull() && !expiresWithin(expires, now, config.ExpiresWithinDays.ValueInt64()) {
			continue
		}
		sans := strings.FieldsFunc(c.Sans, func(r rune) bool { return r == ';' })
		sanValues := make([]attr.Value, 0, len(sans))
		for _, s := range sans {
			sanValues = append(sanValues, types.StringValue(strings.TrimSpace(s)))
		}
		elements = append(elements, types.ObjectValueMust(certificateSummaryType.AttrTypes, map[string]attr.Value{
			"id": types.StringValue(c.ID), "name": types.StringValue(c.Name), "domain": types.StringValue(c.Domain),
			"sans": types.SetValueMust(types.StringType, sanValues), "status": types.StringValue(c.Status),
			"type": types.StringValue(c.Type), "domain_type": types.StringValue(c.DomainType), "brand": types.StringValue(c.Brand),
			"domain_count": types.Int64Value(c.DomainCount), "wildcard_count": types.Int64Value(c.WildcardCount),
			"expire_time": types.StringValue(c.ExpireTime), "expires_at": expires,
		}))
	}
	list, diags := types.ListValue(certificateSummaryType, elements)
	resp.Diagnostics.Append(diags...)
	config.Certificates = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
