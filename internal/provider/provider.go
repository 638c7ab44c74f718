// Package provider is the Terraform provider for the SSL Certificate Manager (SCM) of
// Huawei Cloud.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

var _ provider.Provider = &scmProvider{}

// clientBackoff paces the client's retries; nil keeps scm.DefaultBackoff. Tests against
// the emulator shorten it.
var clientBackoff *scm.Backoff

// scmProvider holds what Configure needs besides the configuration.
type scmProvider struct {
	version string
	commit  string
	// getenv reads the environment fallbacks; tests replace it.
	getenv func(string) string
}

// New returns a constructor of the provider, as providerserver.Serve expects.
func New(version, commit string) func() provider.Provider {
	return func() provider.Provider {
		return &scmProvider{version: version, commit: commit, getenv: osGetenv}
	}
}

func (p *scmProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "scm"
	resp.Version = p.version
}

func (p *scmProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages certificate applications of the " +
			"[SSL Certificate Manager (SCM)](https://support.huaweicloud.com/intl/en-us/api-scm/scm_api_01_0001.html) of Huawei Cloud. " +
			"Every attribute falls back to an environment variable, the same names the vendor's own provider reads.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Region whose SCM endpoint is used: one of `%s`. "+
					"SCM is a global service, so the region only picks the endpoint. Environment: `%s`. "+
					"Not needed when `endpoint` is set.", joinCodes(scm.KnownRegions()), envRegion),
			},
			"access_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Access key (AK) of the credentials that sign every request. Environment: `" + envAccessKey + "`.",
			},
			"secret_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Secret key (SK) of the credentials. Environment: `" + envSecretKey + "`.",
			},
			"security_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Security token of temporary credentials (AK/SK obtained from IAM with a token), " +
					"sent and signed as `X-Security-Token`. Environment: `" + envSecurityToken + "`.",
			},
			"domain_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Account (domain) id, sent as `X-Domain-Id` when set. Environment: `" + envDomainID + "`.",
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the SCM API, overriding the one built from `region` " +
					"(`https://scm.{region}.myhuaweicloud.com`). Point it at the local emulator for tests. " +
					"Environment: `" + envEndpoint + "`.",
			},
			"insecure": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip verification of the endpoint's TLS certificate. Defaults to `false`; use only for test endpoints.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a throttled or failed request is retried, with exponential backoff. "+
					"Defaults to `%d`. An application is only retried when the service provably did not receive it.", scm.DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, 50)},
			},
		},
	}
}

func (p *scmProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.hasUnknown() {
		// Values from other resources are known only during apply; resources skip their
		// plan-time checks until then.
		return
	}
	cfg, diags := config.clientConfig(p.getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Backoff = clientBackoff
	cfg.UserAgent = fmt.Sprintf("terraform-provider-scm/%s (commit %s) Terraform/%s", p.version, p.commit, req.TerraformVersion)
	client, err := scm.NewClient(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the SCM client", err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *scmProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{newCertificateApplicationResource}
}

func (p *scmProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newCertificateDataSource}
}
