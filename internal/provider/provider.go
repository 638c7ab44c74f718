// Package provider is the Terraform provider for the SSL Certificate Manager (SCM) of
// Huawei Cloud.
package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

var (
	_ provider.Provider                       = &scmProvider{}
	_ provider.ProviderWithEphemeralResources = &scmProvider{}
	_ provider.ProviderWithListResources      = &scmProvider{}
)

// pacing is how the provider waits: the client's retries and request deadline, the
// polls of a status, and the wait for validation records. Tests against the emulator
// shorten it when they build the provider, so that nothing waits long in real time and no
// package state is shared between tests running in parallel.
type pacing struct {
	// backoff paces the client's retries; nil keeps scm.DefaultBackoff.
	backoff *scm.Backoff
	// requestTimeout bounds each attempt of a request; 0 keeps scm.DefaultRequestTimeout.
	requestTimeout time.Duration
	// pollMin is the first pause between two reads of a status, doubling up to pollMax.
	pollMin, pollMax time.Duration
	// recordsWait bounds create's wait for the DNS validation records.
	recordsWait time.Duration
}

// defaultRecordsWait is how long create waits for the service to report the DNS
// validation records. They come with the application's acceptance, or within seconds;
// a service that takes longer is not held on to for the whole create timeout.
const defaultRecordsWait = 5 * time.Minute

var defaultPacing = pacing{pollMin: 2 * time.Second, pollMax: 10 * time.Second, recordsWait: defaultRecordsWait}

// scmProvider holds what Configure needs besides the configuration.
type scmProvider struct {
	version string
	commit  string
	// getenv reads the environment fallbacks; tests replace it.
	getenv func(string) string
	pacing pacing
}

// New returns a constructor of the provider, as providerserver.Serve expects.
func New(version, commit string) func() provider.Provider {
	return newProvider(version, commit, defaultPacing, osGetenv)
}

func newProvider(version, commit string, pace pacing, getenv func(string) string) func() provider.Provider {
	return func() provider.Provider {
		return &scmProvider{version: version, commit: commit, getenv: getenv, pacing: pace}
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
				MarkdownDescription: fmt.Sprintf("Region whose SCM endpoint is used: %s have their own; any other region "+
					"of the Chinese mainland site (`cn-...`) takes `cn-north-4`'s, and one of the international site (`ap-`, "+
					"`af-`, `la-`, `sa-`, `me-`, `tr-`, `ru-`...) `ap-southeast-1`'s. SCM is a global service, so the region "+
					"only picks the endpoint; in other regions set `endpoint`. Environment: `%s`. Not needed when `endpoint` "+
					"is set.", regionList(), envRegion),
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
					"(`https://scm.{region}.myhuaweicloud.com`), without a path. Point it at the local emulator for tests. " +
					"Environment: `" + envEndpoint + "`.",
			},
			"insecure": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip verification of the endpoint's TLS certificate. Defaults to `false`; use only for test endpoints.",
			},
			"max_retries": schema.NumberAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a throttled or failed request is retried: a whole number from 0 to %d, "+
					"default `%d`. Retries back off exponentially (0.5 s, 1 s, 2 s ... up to 20 s), honour `Retry-After` and keep to "+
					"the rate limiter's pace; a request refused by a throttling policy the gateway names (HTTP 429) waits for the "+
					"policy's next window without spending a retry. An application is only submitted "+
					"again when the service provably did not take it. A refused connection is retried at most twice, and an "+
					"endpoint that cannot be the SCM API (no TLS, an unknown host, an untrusted certificate) not at all.",
					maxRetriesCap, scm.DefaultMaxRetries),
				Validators: []validator.Number{wholeNumberBetween{0, maxRetriesCap}},
			},
			"max_requests_per_second": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Most requests per second this provider configuration sends, over all its resources and data " +
					"sources. By default there is no fixed cap: the provider starts unpaced and, when the gateway throttles " +
					"(HTTP 429), keeps to the policy its answer names (so many calls per window), or else learns a pace. " +
					"Terraform starts a fresh provider for plan and for apply, so that learning starts again in each; a pipeline " +
					"that knows its account's API limit sets it here so that not even the first requests exceed it. It is a " +
					"ceiling: the provider never sends faster.",
				Validators: []validator.Float64{positiveNumber{}},
			},
			"renewal_warning_days": schema.NumberAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many days before a managed certificate (an application, a validation, an upload) "+
					"expires every plan that refreshes it warns, once per certificate, with the date, the days left and what to do; "+
					"an expired one warns too. A whole number from 0 (never warn) to %d, default `%d`, the console's auto-renewal "+
					"lead. Warnings only: a plan never fails for an expiry.", maxRenewalWarningDays, defaultRenewalWarningDays),
				Validators: []validator.Number{wholeNumberBetween{0, maxRenewalWarningDays}},
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
	cfg.Backoff = p.pacing.backoff
	cfg.RequestTimeout = p.pacing.requestTimeout
	cfg.Logger = tflogLogger{}
	cfg.UserAgent = fmt.Sprintf("terraform-provider-scm/%s (commit %s) Terraform/%s", p.version, p.commit, req.TerraformVersion)
	client, err := scm.NewClient(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the SCM client", err.Error())
		return
	}
	data := &providerData{client: client, pacing: p.pacing, renewalWarningDays: config.renewalWarningDays()}
	resp.ResourceData, resp.DataSourceData, resp.EphemeralResourceData, resp.ListResourceData = data, data, data, data
}

func (p *scmProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{newCertificateApplicationResource, newCertificateValidationResource, newUploadedCertificateResource}
}

func (p *scmProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newCertificateDataSource, newCertificatesDataSource}
}

func (p *scmProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{newCertificateApplicationList}
}

func (p *scmProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{newCertificateEphemeralResource}
}
