package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

var _ ephemeral.EphemeralResourceWithConfigure = &certificateEphemeralResource{}

// certificateEphemeralResource hands over an issued certificate with its private key.
// An ephemeral resource's values live for one Terraform run and are never written to the
// state or the plan, which is why the private key is offered here and nowhere else.
type certificateEphemeralResource struct {
	data *providerData
}

type certificateEphemeralModel struct {
	CertificateID    types.String `tfsdk:"certificate_id"`
	Certificate      types.String `tfsdk:"certificate"`
	CertificateChain types.String `tfsdk:"certificate_chain"`
	PrivateKey       types.String `tfsdk:"private_key"`
}

func newCertificateEphemeralResource() ephemeral.EphemeralResource {
	return &certificateEphemeralResource{}
}

func (e *certificateEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate"
}

func (e *certificateEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Hands over an issued certificate, its chain and its private key for the length of one Terraform " +
			"run, without any of it entering the state or the plan (Terraform v1.10 and later). Use it where a key must " +
			"travel: a provisioner or `connection` block, or a write-only argument of another provider (Terraform v1.11 and " +
			"later). Where a cloud service takes the certificate by its SCM id (the vendor's load balancer does), no key " +
			"needs to pass through Terraform at all.",
		Attributes: map[string]schema.Attribute{
			"certificate_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of an issued certificate. To open it only once the certificate is issued, set it from " +
					"`scm_certificate_validation.<name>.id`, which stays unknown until then.",
				Validators: []validator.String{certificateID},
			},
			"certificate":       schema.StringAttribute{Computed: true, MarkdownDescription: "The certificate, PEM."},
			"certificate_chain": schema.StringAttribute{Computed: true, MarkdownDescription: "The chain of certificate authorities that signed it, PEM."},
			"private_key": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The private key, PEM, when the service generated the key pair. Empty when the application " +
					"sent its own CSR: the service never held that key.",
			},
		},
	}
}

func (e *certificateEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *certificateEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	var config certificateEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !configured(e.data, &resp.Diagnostics) {
		return
	}
	id := config.CertificateID.ValueString()
	cert, err := e.data.client.ShowCertificate(ctx, id)
	switch {
	case scm.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("certificate_id"), "Certificate "+id+" not found",
			fmt.Sprintf("There is no certificate %s in this account. Check certificate_id.", id))
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot read certificate "+id, explain(err))
		return
	case cert.Status != scm.StatusIssued && cert.Status != scm.StatusUpload:
		resp.Diagnostics.AddAttributeError(path.Root("certificate_id"), "Certificate "+id+" is not issued",
			fmt.Sprintf("Certificate %s is %s; only an issued or uploaded certificate can be handed over. To wait for issuance in the "+
				"same apply, set certificate_id from scm_certificate_validation (as scm_certificate_validation.<name>.id), "+
				"whose attributes are known only once the certificate is issued.", id, cert.Status))
		return
	}
	exported, err := e.data.client.ExportCertificate(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot fetch issued certificate "+id, explain(err))
		return
	}
	config.Certificate = types.StringValue(exported.Certificate)
	config.CertificateChain = types.StringValue(exported.CertificateChain)
	config.PrivateKey = types.StringValue(exported.PrivateKey)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &config)...)
}
