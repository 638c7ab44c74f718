package noopprovider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// The floor must accept exactly what the real provider's schema accepts and keep the
// configured values, or the benchmarks would compare different work. What the plan
// leaves unknown (the status, a validation record's fields) it stores as null, or as
// placeholders; what the plan knows (the record's domain) it keeps.
func TestAccNoopProviderStoresThePlan(t *testing.T) {
	for fill, unknown := range map[bool]knownvalue.Check{false: knownvalue.Null(), true: knownvalue.StringExact(placeholder)} {
		t.Run(fmt.Sprintf("fill computed %v", fill), func(t *testing.T) { testNoopProvider(t, fill, unknown) })
	}
}

func testNoopProvider(t *testing.T, fill bool, unknown knownvalue.Check) {
	record := tfjsonpath.New("dns_validation_records").AtSliceIndex(0)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"scm": providerserver.NewProtocol6WithError(New(fill)()),
		},
		Steps: []resource.TestStep{{
			Config: `
provider "scm" {
  endpoint = "http://127.0.0.1:1"
}

resource "scm_certificate_application" "test" {
  certificate_id           = "scs1554192131150"
  domain                   = "www.example.com"
  applicant_name           = "Tom"
  applicant_phone          = "13212345678"
  applicant_email          = "tom@example.com"
  agree_privacy_protection = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("scm_certificate_application.test", tfjsonpath.New("domain"), knownvalue.StringExact("www.example.com")),
				statecheck.ExpectKnownValue("scm_certificate_application.test", tfjsonpath.New("domain_method"), knownvalue.StringExact("DNS")),
				statecheck.ExpectKnownValue("scm_certificate_application.test", tfjsonpath.New("status"), unknown),
				statecheck.ExpectKnownValue("scm_certificate_application.test", tfjsonpath.New("dns_validation_records"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("scm_certificate_application.test", record.AtMapKey("domain"), knownvalue.StringExact("www.example.com")),
				statecheck.ExpectKnownValue("scm_certificate_application.test", record.AtMapKey("record_value"), unknown),
			},
		}},
	})
}
