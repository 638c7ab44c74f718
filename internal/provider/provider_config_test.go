package provider

import (
	"math/big"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
)

func env(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

func TestProviderConfigFallsBackToTheEnvironment(t *testing.T) {
	cfg, diags := providerModel{}.clientConfig(env(map[string]string{
		envRegion: "ap-southeast-1", envAccessKey: "AK", envSecretKey: "SK",
		envSecurityToken: "TOKEN", envDomainID: "DOMAIN",
	}))
	if diags.HasError() {
		t.Fatalf("diagnostics: %v", diags)
	}
	if cfg.Endpoint != "https://scm.ap-southeast-1.myhuaweicloud.com" || cfg.Credentials.AccessKey != "AK" ||
		cfg.Credentials.SecretKey != "SK" || cfg.Credentials.SecurityToken != "TOKEN" || cfg.DomainID != "DOMAIN" {
		t.Errorf("config = %+v", cfg)
	}
	if cfg.MaxRetries != 5 {
		t.Errorf("max retries = %d, want the default 5", cfg.MaxRetries)
	}
}

// A pipeline set up for the vendor's provider in a region without an SCM endpoint of its
// own (HW_REGION_NAME=ap-southeast-3) reaches its site's endpoint unchanged.
func TestProviderConfigTakesTheSitesEndpointForOtherRegions(t *testing.T) {
	cfg, diags := providerModel{}.clientConfig(env(map[string]string{envRegion: "ap-southeast-3", envAccessKey: "AK", envSecretKey: "SK"}))
	if diags.HasError() || cfg.Endpoint != "https://scm.ap-southeast-1.myhuaweicloud.com" {
		t.Errorf("HW_REGION_NAME=ap-southeast-3: endpoint %q, %v", cfg.Endpoint, diags)
	}
}

func TestProviderConfigPrefersTheBlockToTheEnvironment(t *testing.T) {
	model := providerModel{
		Region: types.StringValue("cn-north-4"), AccessKey: types.StringValue("block-ak"), SecretKey: types.StringValue("block-sk"),
		MaxRetries: types.NumberValue(big.NewFloat(0)), Insecure: types.BoolValue(true), MaxRequestsPerSecond: types.Float64Value(4),
	}
	cfg, diags := model.clientConfig(env(map[string]string{envRegion: "ap-southeast-1", envAccessKey: "env-ak", envSecretKey: "env-sk"}))
	if diags.HasError() {
		t.Fatalf("diagnostics: %v", diags)
	}
	if cfg.Endpoint != "https://scm.cn-north-4.myhuaweicloud.com" || cfg.Credentials.AccessKey != "block-ak" || cfg.MaxRetries != 0 ||
		!cfg.Insecure || cfg.MaxRequestsPerSecond != 4 {
		t.Errorf("config = %+v", cfg)
	}
}

func TestProviderConfigEndpointNeedsNoRegion(t *testing.T) {
	cfg, diags := providerModel{}.clientConfig(env(map[string]string{envEndpoint: "http://127.0.0.1:9999", envAccessKey: "AK", envSecretKey: "SK"}))
	if diags.HasError() || cfg.Endpoint != "http://127.0.0.1:9999" {
		t.Fatalf("endpoint %q, diagnostics %v", cfg.Endpoint, diags)
	}
}

func TestProviderConfigNamesWhatIsMissing(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"nothing at all", nil, []string{"access_key", envAccessKey, "secret_key", envSecretKey, "region", envRegion}},
		{"no secret key", map[string]string{envRegion: "cn-north-4", envAccessKey: "AK"}, []string{"secret_key", envSecretKey}},
		{"a region of no site with an SCM endpoint", map[string]string{envRegion: "eu-west-101", envAccessKey: "AK", envSecretKey: "SK"},
			[]string{`"eu-west-101"`, envRegion, `Set "endpoint"`, envEndpoint, "https://scm.ap-southeast-1.myhuaweicloud.com",
				"https://scm.cn-north-4.myhuaweicloud.com", "https://scm.my-kualalumpur-1.myhuaweicloud.com"}},
		{"endpoint without scheme", map[string]string{envEndpoint: "scm.example.com", envAccessKey: "AK", envSecretKey: "SK"}, []string{"not an http or https URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := providerModel{}.clientConfig(env(tt.env))
			if !diags.HasError() {
				t.Fatal("no error")
			}
			var text strings.Builder
			for _, d := range diags {
				text.WriteString(d.Summary() + " " + d.Detail() + "\n")
			}
			for _, want := range tt.want {
				if !strings.Contains(text.String(), want) {
					t.Errorf("diagnostics do not mention %q:\n%s", want, text.String())
				}
			}
		})
	}
}

func TestProviderConfigUnknownValuesAreNotAnError(t *testing.T) {
	if !(providerModel{Endpoint: types.StringUnknown()}).hasUnknown() {
		t.Error("an unknown endpoint is not noticed")
	}
	if (providerModel{Endpoint: types.StringValue("http://x")}).hasUnknown() {
		t.Error("known values are taken for unknown")
	}
}

func TestAccProvider_unknownRegionFailsThePlan(t *testing.T) {
	target := &accTarget{getenv: env(nil)}
	target.test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
provider "scm" {
  region     = "mars-north-1"
  access_key = "AK"
  secret_key = "SK"
}
` + resourceBlock("test", emulatortest.CertificateID),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Unknown region.*"mars-north-1".*HW_REGION_NAME.*https://scm.ap-southeast-1.myhuaweicloud.com`),
		}},
	})
}

// TestAccProvider_fractionalMaxRetriesIsTheUsersMistake: a value that is not a whole
// number is refused with a message about max_retries, not a provider error.
func TestAccProvider_fractionalMaxRetriesIsTheUsersMistake(t *testing.T) {
	target := &accTarget{getenv: env(nil)}
	target.test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: strings.Replace(emulatorProviderBlock("http://127.0.0.1:1"), "max_retries = 3", "max_retries = 2.5", 1) +
				resourceBlock("test", emulatortest.CertificateID),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)max_retries is 2.5; it must be a whole number from 0 to 50`),
		}},
	})
}

func TestAccProvider_unknownEndpointDefersTheChecks(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	// The endpoint comes from a resource, so it is unknown when the plan is made; the
	// plan must still succeed and the apply use the endpoint once it is known.
	ws := newCLIWorkspace(t, target)
	ws.apply(strings.Replace(target.provider, `endpoint    = "`, `endpoint    = terraform_data.endpoint.output == "" ? "" : "`, 1) + `
resource "terraform_data" "endpoint" {
  input = "` + target.url + `"
}
` + resourceBlock("test", target.certID))
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

func TestAccProvider_userAgentNamesProviderAndTerraformVersions(t *testing.T) {
	if realCloud() {
		t.Skip("inspects requests on a local server")
	}
	emu, err := emulator.New(emulator.Options{AccessKey: testAccessKey, SecretKey: testSecretKey}, emulator.Seed{ID: emulatortest.CertificateID})
	if err != nil {
		t.Fatal(err)
	}
	var userAgent atomic.Value
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		userAgent.Store(r.UserAgent())
		emu.ServeHTTP(w, r)
	}))
	defer ts.Close()

	target := &accTarget{}
	target.test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: emulatorProviderBlock(ts.URL) + `
data "scm_certificate" "test" {
  certificate_id = "` + emulatortest.CertificateID + `"
}
`,
		}},
	})
	got, _ := userAgent.Load().(string)
	if !regexp.MustCompile(`^terraform-provider-scm/test \(commit test\) Terraform/\d+\.\d+\.\d+`).MatchString(got) {
		t.Errorf("User-Agent = %q, want the provider's and Terraform's versions", got)
	}
}
