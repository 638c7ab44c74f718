package provider

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

var _ list.ListResourceWithConfigure = &certificateApplicationList{}

// certificateApplicationList lists the account's certificates that have an application,
// for terraform query (Terraform 1.14 and later): each result is the identity an import
// block needs and, with include_resource, the state an import would read, so that
// -generate-config-out writes configuration that plans as imports only.
type certificateApplicationList struct {
	data *providerData
}

type certificateApplicationListModel struct {
	Status            types.String `tfsdk:"status"`
	Domain            types.String `tfsdk:"domain"`
	Search            types.String `tfsdk:"search"`
	ExpiresWithinDays types.Int64  `tfsdk:"expires_within_days"`
}

func newCertificateApplicationList() list.ListResource { return &certificateApplicationList{} }

func (l *certificateApplicationList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_application"
}

// listableStatuses are the statuses whose certificates hold an application to import:
// not PAID (none yet), not being withdrawn (none soon), not UPLOAD (never applied for).
func listableStatuses() []string {
	return slices.DeleteFunc(scm.KnownStatuses(), func(status string) bool { return !listable(status) })
}

func listable(status string) bool {
	return status != scm.StatusPaid && status != scm.StatusUpload && !scm.Allows(status).Withdrawing
}

func (l *certificateApplicationList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's certificates that have an application, for `terraform query` (Terraform " +
			"1.14 and later), with the identity an `import` block needs. With `include_resource = true` each result holds " +
			"what an import would read, so that `terraform query -generate-config-out` writes configuration that plans as " +
			"imports only, once the phones and e-mails are filled in (the service's values are sensitive, and generated " +
			"as `null`). Certificates still `PAID`, being withdrawn or uploaded have no application and are left out.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only certificates in this status: one of `" + strings.Join(listableStatuses(), "`, `") +
					"`. Every status with an application when left out.",
				Validators: []validator.String{stringvalidator.OneOf(listableStatuses()...)},
			},
			"domain": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only certificates whose domain, or one of whose additional domains, is exactly this one.",
				Validators:          []validator.String{domainName},
			},
			"search": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only certificates that the service's search finds by this text in their names and domains " +
					"(parts of words match, as in the console).",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"expires_within_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Only certificates that expire within this many days from now, or have expired: what needs " +
					"renewal.",
				Validators: []validator.Int64{int64validator.Between(0, maxRenewalWarningDays)},
			},
		},
	}
}

func (l *certificateApplicationList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *certificateApplicationList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx = withPrivacyMasks(ctx)
	var config certificateApplicationListModel
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &config)...)
	if diags.HasError() || !configured(l.data, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	domain := config.Domain.ValueString()
	filter := scm.ListFilter{Status: config.Status.ValueString(), Content: domain}
	if !config.Search.IsNull() {
		filter.Content = config.Search.ValueString()
	}
	now := time.Now()
	stream.Results = func(push func(list.ListResult) bool) {
		var pushed int64
		stopped := false
		err := l.data.client.EachCertificate(ctx, filter, func(cert scm.CertificateSummary) bool {
			if !listable(cert.Status) || domain != "" && !coversExactly(cert, domain) {
				return true
			}
			if !config.ExpiresWithinDays.IsNull() {
				if expires, _ := expiresAt(cert.ID, cert.ExpireTime); !expiresWithin(expires, now, config.ExpiresWithinDays.ValueInt64()) {
					return true
				}
			}
			result := req.NewListResult(ctx)
			result.DisplayName = cert.Domain + " (" + cert.ID + ")"
			result.Diagnostics.Append(setIdentity(ctx, result.Identity, types.StringValue(cert.ID))...)
			if req.IncludeResource {
				l.fillResource(ctx, req, cert.ID, &result)
			}
			pushed++
			if !push(result) || req.Limit > 0 && pushed >= req.Limit {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			var failed diag.Diagnostics
			failed.AddError("Cannot list certificates", explain(err))
			push(list.ListResult{Diagnostics: failed})
		}
	}
}

// fillResource puts into result the state an import of id would read.
func (l *certificateApplicationList) fillResource(ctx context.Context, req list.ListRequest, id string, result *list.ListResult) {
	cert, err := l.data.client.ShowCertificate(ctx, id)
	if err != nil {
		result.Diagnostics.AddError("Cannot read certificate "+id, explain(err))
		return
	}
	application := importedApplication(id)
	_, diags := application.takeReturnedInputs(cert)
	result.Diagnostics.Append(diags...)
	result.Diagnostics.Append(application.takeComputed(cert)...)
	raw, diags := applicationCodec.encode(ctx, &application, req.ResourceSchema.Type())
	result.Diagnostics.Append(diags...)
	if !diags.HasError() {
		result.Resource.Raw = raw
	}
}

// coversExactly applies the exact-match rule of scm_certificates to the service's fuzzy
// search: the domain, or one of the additional domains, is exactly this one.
func coversExactly(cert scm.CertificateSummary, domain string) bool {
	if cert.Domain == domain {
		return true
	}
	for _, san := range strings.FieldsFunc(cert.Sans, func(r rune) bool { return r == ';' }) {
		if strings.TrimSpace(san) == domain {
			return true
		}
	}
	return false
}
