package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

const resourceAddress = "scm_certificate_application.test"

func expect(name string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(resourceAddress, tfjsonpath.New(name), value)
}

// statusIs checks what the emulator holds, beyond what Terraform saw.
func statusIs(target *accTarget, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if target.emu == nil {
			return nil
		}
		cert, ok := target.emu.Certificate(target.certID)
		if !ok {
			return fmt.Errorf("certificate %s is gone from the emulator", target.certID)
		}
		if cert.Status != want {
			return fmt.Errorf("certificate %s is %s in the service, want %s", target.certID, cert.Status, want)
		}
		return nil
	}
}

func applicationsAre(target *accTarget, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if target.emu == nil {
			return nil
		}
		if got := target.emu.Counts().ApplicationsByCertificate[target.certID]; got != want {
			return fmt.Errorf("the service accepted %d applications for %s, want %d", got, target.certID, want)
		}
		return nil
	}
}

// countIs checks one of the emulator's counters after a step.
func countIs(target *accTarget, counter string, read func(emulator.Counts) int, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := read(target.emu.Counts()); got != want {
			return fmt.Errorf("the emulator counted %d %s, want %d", got, counter, want)
		}
		return nil
	}
}

func withdrawals(c emulator.Counts) int { return c.Withdrawals }

func planActionIs(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddress, action)}}
}

func emptyPlan() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

func TestAccCertificateApplication_lifecycle(t *testing.T) {
	target := newTarget(t)
	config := target.application(`contact_name = "Jacky"`, `contact_email = "jk@example.com"`)
	target.test(t, resource.TestCase{
		CheckDestroy: resource.ComposeTestCheckFunc(statusIs(target, "PAID"), applicationsAre(target, 1)),
		Steps: []resource.TestStep{
			{
				Config:           config,
				ConfigPlanChecks: planActionIs(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("id", knownvalue.StringExact(target.certID)),
					expect("status", knownvalue.StringExact("CHECKING")),
					expect("domain_method", knownvalue.StringExact("DNS")),
					expect("auto_dns_auth", knownvalue.Bool(false)),
					expect("type", knownvalue.NotNull()),
					expect("not_after", knownvalue.StringExact("")),
					expect("dns_validation_records", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"domain":       knownvalue.StringExact(target.domain),
							"record_type":  knownvalue.StringExact("TXT"),
							"record_name":  knownvalue.StringRegexp(regexp.MustCompile(`.`)),
							"record_value": knownvalue.StringRegexp(regexp.MustCompile(`.`)),
						}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(statusIs(target, "CHECKING"), applicationsAre(target, 1)),
			},
			{
				// The same configuration again: nothing to do, and nothing submitted.
				Config:           config,
				ConfigPlanChecks: emptyPlan(),
				Check:            applicationsAre(target, 1),
			},
			{ResourceName: resourceAddress, ImportState: true, ImportStateVerify: true},
		},
	})
}

func TestAccCertificateApplication_multiDomain(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, emulator.Seed{ID: emulatortest.CertificateID, DomainType: "MULTI_DOMAIN", DomainCount: 3, WildcardCount: 1})
	config := target.application(`sans = ["shop.example.com", "*.example.org"]`,
		fmt.Sprintf("csr = %q", testcert.CSR(t, "www.example.com", "shop.example.com", "*.example.org")))
	target.test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("sans", knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("shop.example.com"), knownvalue.StringExact("*.example.org"),
					})),
					expect("domain_type", knownvalue.StringExact("MULTI_DOMAIN")),
					// The primary domain first, then the sans in lexical order.
					expect("dns_validation_records", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"domain": knownvalue.StringExact("www.example.com")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"domain": knownvalue.StringExact("*.example.org")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"domain": knownvalue.StringExact("shop.example.com")}),
					})),
				},
				Check: func(*terraform.State) error {
					cert, _ := target.emu.Certificate(target.certID)
					if cert.Sans != "*.example.org;shop.example.com" {
						return fmt.Errorf("the service holds sans %q, want them sorted and joined by ;", cert.Sans)
					}
					return nil
				},
			},
			{ResourceName: resourceAddress, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"csr"}},
		},
	})
}

func TestAccCertificateApplication_organisationValidated(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, emulator.Seed{ID: emulatortest.CertificateID, Type: "OV_SSL_CERT", Brand: "GEOTRUST"})
	target.test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: target.application(
					`company_name = "Example Ltd"`, `company_unit = "IT"`, `company_province = "Sichuan"`,
					`company_city = "Chengdu"`, `country = "CN"`, `ca_hash_algorithm = "SHA-256"`, `key_algorithm = "EC_P256"`),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("type", knownvalue.StringExact("OV_SSL_CERT")),
					expect("company_name", knownvalue.StringExact("Example Ltd")),
					expect("company_unit", knownvalue.StringExact("IT")),
					expect("country", knownvalue.StringExact("CN")),
				},
			},
			{
				ResourceName: resourceAddress, ImportState: true, ImportStateVerify: true,
				// The service never returns these inputs.
				ImportStateVerifyIgnore: []string{"company_unit", "ca_hash_algorithm", "key_algorithm"},
			},
		},
	})
}

// submitOutsideTerraform applies for the target's certificate as another tool would.
func submitOutsideTerraform(t *testing.T, target *accTarget) {
	t.Helper()
	mustDo(t, target.client(t).Apply(context.Background(), target.certID, emulatortest.Application()))
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// check reports an error from any goroutine (an emulator observer runs on the request's).
func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Error(err)
	}
}
