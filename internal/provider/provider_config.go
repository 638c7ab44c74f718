package provider

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// Environment variables read when an attribute is not set; the vendor's provider uses
// the same names, so pipelines that already set them work unchanged.
// Names of environment variables, not credentials.
//
//nolint:gosec // G101: these are the variables' names
const (
	envRegion        = "HW_REGION_NAME"
	envAccessKey     = "HW_ACCESS_KEY"
	envSecretKey     = "HW_SECRET_KEY"
	envSecurityToken = "HW_SECURITY_TOKEN"
	envDomainID      = "HW_DOMAIN_ID"
	envEndpoint      = "HW_SCM_ENDPOINT"
)

var osGetenv = os.Getenv

// providerModel is the provider block.
type providerModel struct {
	Region        types.String `tfsdk:"region"`
	AccessKey     types.String `tfsdk:"access_key"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
	DomainID      types.String `tfsdk:"domain_id"`
	Endpoint      types.String `tfsdk:"endpoint"`
	Insecure      types.Bool   `tfsdk:"insecure"`
	// MaxRetries is a Number rather than an Int64: the framework's Int64 conversion
	// fails on a fractional value with an error that blames the provider, before any
	// validator can say what is wrong.
	MaxRetries           types.Number  `tfsdk:"max_retries"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
	// RenewalWarningDays is a Number for the same reason as MaxRetries.
	RenewalWarningDays types.Number `tfsdk:"renewal_warning_days"`
}

// defaultRenewalWarningDays is how many days before its end a certificate warns: the
// console's auto-renewal buys and applies for the successor 30 days before expiry.
const defaultRenewalWarningDays = 30

// renewalWarningDays is renewal_warning_days, or its default.
func (m providerModel) renewalWarningDays() int {
	if m.RenewalWarningDays.IsNull() {
		return defaultRenewalWarningDays
	}
	days, _ := m.RenewalWarningDays.ValueBigFloat().Int64() // the validator took a whole number
	return int(days)
}

// maxRetriesCap bounds max_retries: with the backoff's 20 s ceiling, 50 retries already
// wait a quarter of an hour.
const maxRetriesCap = 50

func (m providerModel) hasUnknown() bool {
	for _, v := range []interface{ IsUnknown() bool }{
		m.Region, m.AccessKey, m.SecretKey, m.SecurityToken, m.DomainID, m.Endpoint, m.Insecure, m.MaxRetries, m.MaxRequestsPerSecond,
		m.RenewalWarningDays,
	} {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// clientConfig resolves every attribute against its environment fallback and checks
// that the result is complete.
func (m providerModel) clientConfig(getenv func(string) string) (scm.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	pick := func(v types.String, env string) string {
		if !v.IsNull() {
			return v.ValueString()
		}
		return getenv(env)
	}
	cfg := scm.Config{
		Endpoint: pick(m.Endpoint, envEndpoint),
		Credentials: scm.Credentials{
			AccessKey:     pick(m.AccessKey, envAccessKey),
			SecretKey:     pick(m.SecretKey, envSecretKey),
			SecurityToken: pick(m.SecurityToken, envSecurityToken),
		},
		DomainID:   pick(m.DomainID, envDomainID),
		Insecure:   m.Insecure.ValueBool(),
		MaxRetries: scm.DefaultMaxRetries,
	}
	if !m.MaxRetries.IsNull() {
		retries, _ := m.MaxRetries.ValueBigFloat().Int64() // the validator took a whole number
		cfg.MaxRetries = int(retries)
	}
	cfg.MaxRequestsPerSecond = m.MaxRequestsPerSecond.ValueFloat64()

	for _, required := range []struct {
		attribute, env, value, what string
	}{
		{"access_key", envAccessKey, cfg.Credentials.AccessKey, "the access key (AK)"},
		{"secret_key", envSecretKey, cfg.Credentials.SecretKey, "the secret key (SK)"},
	} {
		if required.value == "" {
			diags.AddAttributeError(path.Root(required.attribute), "Missing "+required.attribute,
				fmt.Sprintf("The provider needs %s to sign requests. Set %q in the provider block or the environment variable %s.",
					required.what, required.attribute, required.env))
		}
	}

	if cfg.Endpoint == "" {
		region := pick(m.Region, envRegion)
		switch endpoint, err := scm.EndpointForRegion(region); {
		case region == "":
			diags.AddAttributeError(path.Root("region"), "Missing region",
				fmt.Sprintf("The provider needs a region to find the SCM endpoint. Set \"region\" in the provider block or the "+
					"environment variable %s to one of %s, or set \"endpoint\" (%s).", envRegion, regionList(), envEndpoint))
		case err != nil:
			diags.AddAttributeError(path.Root("region"), "Unknown region",
				fmt.Sprintf("SCM has no documented endpoint for region %q (from \"region\" in the provider block, or else the "+
					"environment variable %s). Set \"endpoint\" in the provider block (or %s) to the SCM URL of your account's "+
					"site. SCM is a global service; its endpoints are:\n\n%s\n\nRegions of the Chinese mainland site (cn-...) take "+
					"https://scm.cn-north-4.myhuaweicloud.com by themselves, those of the international site (ap-, af-, la-, sa-, "+
					"me-, tr-, ru-...) https://scm.ap-southeast-1.myhuaweicloud.com.",
					validate.Excerpt(region), envRegion, envEndpoint, endpointList()))
		default:
			cfg.Endpoint = endpoint
		}
	} else if !strings.HasPrefix(cfg.Endpoint, "https://") && !strings.HasPrefix(cfg.Endpoint, "http://") {
		diags.AddAttributeError(path.Root("endpoint"), "Invalid endpoint",
			fmt.Sprintf("The endpoint %q is not an http or https URL; give a base URL such as https://scm.ap-southeast-1.myhuaweicloud.com.", cfg.Endpoint))
	}
	return cfg, diags
}

func joinCodes(codes []string) string {
	return strings.Join(codes, ", ")
}

// regionList is the known regions for documentation, as `a`, `b` or `c`.
func regionList() string {
	regions := scm.KnownRegions()
	quoted := make([]string, len(regions))
	for i, r := range regions {
		quoted[i] = "`" + r + "`"
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

// endpointList is one line per known region with its endpoint.
func endpointList() string {
	var lines []string
	for _, region := range scm.KnownRegions() {
		endpoint, _ := scm.EndpointForRegion(region)
		lines = append(lines, fmt.Sprintf("  %-17s %s", region, endpoint))
	}
	return strings.Join(lines, "\n")
}
