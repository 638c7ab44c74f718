package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

func TestAccCertificateDataSource_followsTheApplication(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, emulator.Seed{ID: "scs1554192131150", DomainType: "MULTI_DOMAIN", DomainCount: 3})
	const dataAddress = "data.scm_certificate.test"
	dataSource := fmt.Sprintf(`
data "scm_certificate" "test" {
  certificate_id = %q
  depends_on     = [scm_certificate_application.test]
}
`, target.certID)
	config := target.application(`sans = ["shop.example.com"]`) + dataSource
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataAddress, tfjsonPath("status"), knownvalue.StringExact("CHECKING")),
					statecheck.ExpectKnownValue(dataAddress, tfjsonPath("domain"), knownvalue.StringExact("www.example.com")),
					statecheck.ExpectKnownValue(dataAddress, tfjsonPath("sans"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("shop.example.com")})),
					statecheck.ExpectKnownValue(dataAddress, tfjsonPath("domain_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(dataAddress, tfjsonPath("dns_validation_records"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(dataAddress, tfjsonPath("not_after"), knownvalue.StringExact("")),
				},
			},
			{
				// Once issued, the next read shows validity and fingerprint.
				PreConfig: func() {
					if err := target.emu.Issue(target.certID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataAddress, tfjsonPath("status"), knownvalue.StringExact("ISSUED")),
					statecheck.ExpectKnownValue(dataAddress, tfjsonPath("fingerprint"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F]{40}$`))),
				},
			},
		},
	})
}

func TestAccCertificateDataSource_missingCertificateNamesTheID(t *testing.T) {
	target := newTarget(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: target.provider + `
data "scm_certificate" "missing" {
  certificate_id = "scs9999999999999"
}
`,
			ExpectError: regexp.MustCompile(`no certificate scs9999999999999`),
		}},
	})
}
