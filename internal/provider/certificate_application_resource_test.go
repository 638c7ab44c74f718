package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

const resourceAddress = "scm_certificate_application.test"

func expect(name string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(resourceAddress, tfjsonPath(name), value)
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

func TestAccCertificateApplication_lifecycle(t *testing.T) {
	target := newTarget(t)
	config := target.application(`contact_name = "Jacky"`, `contact_email = "jk@example.com"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             resource.ComposeTestCheckFunc(statusIs(target, "PAID"), applicationsAre(target, 1)),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddress, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("id", knownvalue.StringExact(target.certID)),
					expect("status", knownvalue.StringExact("CHECKING")),
					expect("domain_method", knownvalue.StringExact("DNS")),
					expect("auto_dns_auth", knownvalue.Bool(false)),
					expect("type", knownvalue.NotNull()),
					expect("not_after", knownvalue.StringExact("")),
					expect("dns_validation_records", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"domain":       knownvalue.StringExact(target.domain),
							"record_type":  knownvalue.StringExact("TXT"),
							"record_name":  knownvalue.NotNull(),
							"record_value": knownvalue.NotNull(),
						}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(statusIs(target, "CHECKING"), applicationsAre(target, 1)),
			},
			{
				// The same configuration again: nothing to do, and nothing submitted.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: applicationsAre(target, 1),
			},
			{
				ResourceName:      resourceAddress,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccCertificateApplication_replacedWhenAnInputChanges(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: target.application()},
			{
				Config: target.application(`applicant_name = "Jerry"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expect("applicant_name", knownvalue.StringExact("Jerry"))},
				// The first application is withdrawn before the second is submitted.
				Check: resource.ComposeTestCheckFunc(applicationsAre(target, 2),
					countIs(target, "withdrawals", func(c emulator.Counts) int { return c.Withdrawals }, 1)),
			},
		},
	})
}

func TestAccCertificateApplication_withdrawnOutOfBandIsAppliedAgain(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	config := target.application()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := target.emu.WithdrawOutOfBand(target.certID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddress, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeTestCheckFunc(statusIs(target, "CHECKING"), applicationsAre(target, 2)),
			},
		},
	})
}

func TestAccCertificateApplication_changedOutOfBandShowsInThePlan(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	config := target.application()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					err := target.emu.Update(target.certID, func(c *emulator.Certificate) { c.ApplicationInfo.ApplicantName = "Mallory" })
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceAddress, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{expect("applicant_name", knownvalue.StringExact("Tom"))},
			},
		},
	})
}

func TestAccCertificateApplication_deletedCertificateLeavesTheState(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: target.application()},
			{
				// Read drops the application with a warning; planning it again then fails
				// on the missing certificate, before anything is submitted.
				PreConfig:   func() { target.emu.Delete(target.certID) },
				Config:      target.application(),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`There is no certificate scs1554192131150 in this account`),
			},
		},
	})
}

func TestAccCertificateApplication_multiDomain(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, emulator.Seed{ID: "scs1554192131150", DomainType: "MULTI_DOMAIN", DomainCount: 3, WildcardCount: 1})
	config := target.application(`sans = ["shop.example.com", "*.example.org"]`,
		fmt.Sprintf("csr = %q", testcert.CSR(t, "www.example.com", "shop.example.com", "*.example.org")))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("sans", knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("shop.example.com"), knownvalue.StringExact("*.example.org"),
					})),
					expect("domain_type", knownvalue.StringExact("MULTI_DOMAIN")),
					expect("dns_validation_records", knownvalue.ListSizeExact(3)),
				},
				Check: func(*terraform.State) error {
					if target.emu == nil {
						return nil
					}
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
	target := newEmulatorTarget(t, emulator.Options{}, emulator.Seed{ID: "scs1554192131150", Type: "OV_SSL_CERT", Brand: "GEOTRUST"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
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

func TestAccCertificateApplication_waitForIssued(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{ReviewTime: 300 * time.Millisecond})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             statusIs(target, "ISSUED"),
		Steps: []resource.TestStep{
			{
				Config: target.application("wait_for_issued = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("ISSUED")),
					expect("fingerprint", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F]{40}$`))),
					expect("not_after", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-`))),
				},
			},
		},
	})
}

func TestAccCertificateApplication_waitForIssuedFailsWhenRefused(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{ReviewTime: 200 * time.Millisecond},
		emulator.Seed{ID: "scs1554192131150", Refuse: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      target.application("wait_for_issued = true"),
				ExpectError: regexp.MustCompile(`(?s)was refused.*status\s+UNPASSED.*apply\s+-replace`),
			},
		},
	})
	if got := target.emu.Counts().Applications; got != 1 {
		t.Errorf("applications = %d, want 1", got)
	}
}

func TestAccCertificateApplication_destroyKeepsAnIssuedCertificate(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		// Destroy leaves the issued certificate alone: nothing is withdrawn.
		CheckDestroy: resource.ComposeTestCheckFunc(statusIs(target, "ISSUED"),
			countIs(target, "withdrawals", func(c emulator.Counts) int { return c.Withdrawals }, 0)),
		Steps: []resource.TestStep{
			{
				Config: target.application(),
				Check: func(*terraform.State) error {
					return target.emu.Issue(target.certID)
				},
			},
			{
				// The refresh sees the issued certificate, and destroy leaves it alone.
				Config:            target.application(),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("ISSUED"))},
			},
		},
	})
}

func TestAccCertificateApplication_replacementWaitsForTheWithdrawal(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{WithdrawalTime: 300 * time.Millisecond})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: target.application()},
			{
				// Delete waits out CANCELCHECKING, so the new application finds the
				// certificate PAID.
				Config: target.application(`contact_name = "Jacky"`),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("CHECKING")),
					expect("contact_name", knownvalue.StringExact("Jacky")),
				},
				Check: applicationsAre(target, 2),
			},
		},
	})
}

func TestAccCertificateApplication_createWaitsForAnEarlierWithdrawal(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{WithdrawalTime: 2 * time.Second})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			// An application withdrawn just before the apply: the certificate is still
			// CANCELCHECKING when Create submits, so it waits for PAID and submits again.
			PreConfig: func() {
				submitOutsideTerraform(t, target)
				if err := newTestClient(t, target).Withdraw(context.Background(), target.certID); err != nil {
					t.Fatal(err)
				}
			},
			Config:            target.application(),
			ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("CHECKING"))},
			// One application is refused while the certificate is CANCELCHECKING.
			Check: resource.ComposeTestCheckFunc(applicationsAre(target, 2),
				countIs(target, "rejections", func(c emulator.Counts) int { return c.Rejected }, 1)),
		}},
	})
}

func TestAccCertificateApplication_importAdoptsInputsTheServiceNeverReturns(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	submitOutsideTerraform(t, target)

	config := target.application(`key_algorithm = "RSA_4096"`, `auto_dns_auth = true`, `company_unit = "IT"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       resourceAddress,
				ImportState:        true,
				ImportStateId:      target.certID,
				ImportStatePersist: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("key_algorithm", knownvalue.StringExact("RSA_4096")),
					expect("auto_dns_auth", knownvalue.Bool(true)),
					expect("status", knownvalue.StringExact("CHECKING")),
				},
				Check: applicationsAre(target, 1),
			},
			{
				// Adopted once: from now on a change replaces as usual.
				Config: target.application(`key_algorithm = "EC_P256"`, `auto_dns_auth = true`, `company_unit = "IT"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: applicationsAre(target, 2),
			},
		},
	})
}

func TestAccCertificateApplication_importThenPlanIsEmpty(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	submitOutsideTerraform(t, target)
	config := target.application()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config, ResourceName: resourceAddress, ImportState: true, ImportStateId: target.certID, ImportStatePersist: true},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccCertificateApplication_plannedOnACertificateThatHasAnApplication(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	submitOutsideTerraform(t, target)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      target.application(),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)already has an application.*terraform import <resource address> scs1554192131150`),
			},
		},
	})
}

// submitOutsideTerraform applies for the target's certificate as another tool would.
func submitOutsideTerraform(t *testing.T, target *accTarget) {
	t.Helper()
	client := newTestClient(t, target)
	application := validTestApplication()
	if err := client.Apply(context.Background(), target.certID, application); err != nil {
		t.Fatal(err)
	}
}

func tfjsonPath(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
