package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
)

// TestAccCertificatesDataSource_findsAcrossPagesAndFilters: an account of 61
// certificates (two pages), of which two are applied for: one for www.example.com with
// shop.example.com, one for shop.example.com.cn, which the service's search also finds
// for "shop.example.com" but the domain filter must not.
func TestAccCertificatesDataSource_findsAcrossPagesAndFilters(t *testing.T) {
	seeds := make([]emulator.Seed, 61)
	for i := range seeds {
		seeds[i] = emulator.Seed{ID: fmt.Sprintf("scs%013d", i+1), DomainType: "MULTI_DOMAIN", DomainCount: 2}
	}
	target := newEmulatorTarget(t, emulator.Options{}, seeds...)
	client := target.client(t)
	multi := emulatortest.Application()
	multi.Sans = "shop.example.com"
	mustDo(t, client.Apply(context.Background(), seeds[7].ID, multi))
	lookalike := emulatortest.Application()
	lookalike.Domain = "shop.example.com.cn"
	mustDo(t, client.Apply(context.Background(), seeds[55].ID, lookalike))

	all, checking, shop := "data.scm_certificates.all", "data.scm_certificates.checking", "data.scm_certificates.shop"
	target.test(t, resource.TestCase{
		CheckDestroy: target.statuses(map[string]string{seeds[7].ID: "CHECKING", seeds[55].ID: "CHECKING"}),
		Steps: []resource.TestStep{{
			Config: target.provider + `
data "scm_certificates" "all" {}

data "scm_certificates" "checking" {
  status = "CHECKING"
}

data "scm_certificates" "shop" {
  domain = "shop.example.com"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("certificates"), knownvalue.ListSizeExact(61)),
				statecheck.ExpectKnownValue(checking, tfjsonpath.New("certificates"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(shop, tfjsonpath.New("certificates"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(seeds[7].ID), "name": knownvalue.StringExact("scm-000008"),
						"domain": knownvalue.StringExact("www.example.com"),
						"sans":   knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("shop.example.com")}),
						"status": knownvalue.StringExact("CHECKING"), "type": knownvalue.StringExact("DV_SSL_CERT"),
						"domain_type": knownvalue.StringExact("MULTI_DOMAIN"), "brand": knownvalue.StringExact("GLOBALSIGN"),
						"domain_count": knownvalue.Int64Exact(2), "wildcard_count": knownvalue.Int64Exact(0),
						"expire_time": knownvalue.StringExact(""),
						"expires_at":  knownvalue.Null(),
					}),
				})),
			},
		}},
	})
}
