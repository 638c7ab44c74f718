package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
)

func TestAccCertificateDataSource_followsTheApplication(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, emulator.Seed{ID: emulatortest.CertificateID, DomainType: "MULTI_DOMAIN", DomainCount: 3})
	const dataAddress = "data.scm_certificate.test"
	dataSource := fmt.Sprintf(`
data "scm_certificate" "test" {
  certificate_id = %q
  depends_on     = [scm_certificate_application.test]
}
`, target.certID)
	config := target.application(`sans = ["shop.example.com"]`) + dataSource
	target.test(t, resource.TestCase{
		CheckDestroy: target.statuses(map[string]string{target.certID: "ISSUED"}),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("status"), knownvalue.StringExact("CHECKING")),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("domain"), knownvalue.StringExact("www.example.com")),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("sans"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("shop.example.com")})),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("domain_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("dns_validation_records"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("not_after"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("certificate"), knownvalue.Null()),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("certificate_chain"), knownvalue.Null()),
				},
			},
			{
				// Once issued, the next read shows validity and fingerprint.
				PreConfig: func() { mustDo(t, target.emu.Issue(target.certID)) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("status"), knownvalue.StringExact("ISSUED")),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("fingerprint"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F]{40}$`))),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("certificate"), knownvalue.StringRegexp(regexp.MustCompile(`^-----BEGIN CERTIFICATE-----`))),
					statecheck.ExpectKnownValue(dataAddress, tfjsonpath.New("certificate_chain"), knownvalue.StringRegexp(regexp.MustCompile(`^-----BEGIN CERTIFICATE-----`))),
				},
			},
		},
	})
}

func TestAccCertificateDataSource_missingCertificateNamesTheID(t *testing.T) {
	target := newTarget(t)
	target.test(t, resource.TestCase{
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
