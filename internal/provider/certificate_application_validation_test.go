package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

// Certificates of the validation tests, one of each kind the plan-time checks tell apart.
const (
	dvCertificate       = "scs1554192131150"
	multiCertificate    = "scs1554192131151"
	ovCertificate       = "scs1554192131152"
	wildcardCertificate = "scs1554192131153"
	bigMultiCertificate = "scs1554192131154"
	ipCertificate       = "scs1554192131155"
	ipv6Certificate     = "scs1554192131156"
)

var validationSeeds = []emulator.Seed{
	{ID: dvCertificate},
	{ID: multiCertificate, DomainType: "MULTI_DOMAIN", DomainCount: 2, WildcardCount: 1},
	{ID: ovCertificate, Type: "OV_SSL_CERT"},
	{ID: wildcardCertificate, DomainType: "WILDCARD"},
	{ID: bigMultiCertificate, DomainType: "MULTI_DOMAIN", DomainCount: 500, WildcardCount: 2},
	{ID: ipCertificate},
	{ID: ipv6Certificate},
}

func quoted(s string) string { return fmt.Sprintf("%q", s) }

// TestAccCertificateApplication_invalidConfigurations plans one invalid configuration
// after another. Each must fail at plan time with an error that names the attribute,
// and the service must not see a single application.
func TestAccCertificateApplication_invalidConfigurations(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, validationSeeds...)
	otherCSR := testcert.CSR(t, "other.example.com")
	wwwCSR := testcert.CSR(t, "www.example.com")
	long := func(n int) string { return strings.Repeat("a", n) }
	manySans := make([]string, 0, 300)
	for i := range 300 {
		manySans = append(manySans, quoted(fmt.Sprintf("host-%03d.subdomain.example.com", i)))
	}

	tests := []struct {
		name       string
		attributes []string
		want       string // a regular expression the error must match; it names the attribute
	}{
		{"privacy agreement refused", []string{"agree_privacy_protection = false"}, `agree_privacy_protection is false.*privacy`},
		{"domain empty", []string{`domain = ""`}, `domain must be a domain name.*empty`},
		{"domain over 255 characters", []string{"domain = " + quoted(long(250)+".example.com")}, `domain must be.*at most 255`},
		{"domain over 253 without wildcard", []string{"domain = " + quoted(long(63)+"."+long(63)+"."+long(63)+"."+long(63))}, `domain must be.*at most 253`},
		{"domain with a space", []string{`domain = "www example.com"`}, `domain must be.*character`},
		{"domain in upper case", []string{`domain = "WWW.example.com"`}, `domain must be.*lower case`},
		{"domain without a dot", []string{`domain = "localhost"`}, `domain must be.*two labels`},
		{"domain with a misplaced wildcard", []string{`domain = "www.*.example.com"`}, `domain must be.*misplaced`},
		{"domain label over 63", []string{"domain = " + quoted(long(64)+".com")}, `domain must be.*longer than 63`},
		{"domain a private address", []string{`domain = "192.168.1.10"`}, `domain must be.*public IP`},
		{"domain a URL", []string{`domain = "https://www.example.com"`}, `domain must be.*character`},
		{"domain missing", []string{"domain = omit"}, `argument "domain" is required`},
		{"applicant name empty", []string{`applicant_name = ""`}, `applicant_name UTF-8 character count must be between 1 and 63, got: 0`},
		{"applicant name over 63", []string{"applicant_name = " + quoted(long(64))}, `applicant_name UTF-8 character count must be between 1 and 63, got: 64`},
		{"applicant phone not a number", []string{`applicant_phone = "call me"`}, `applicant_phone must be a phone number.*the character 'c'`},
		{"applicant phone empty", []string{`applicant_phone = ""`}, `applicant_phone must be a phone number.*0 digits`},
		{"applicant phone over 20 digits", []string{`applicant_phone = "132123456789012345678"`}, `applicant_phone must be.*21 digits`},
		{"applicant phone with two area codes", []string{`applicant_phone = "(010) (8888) 8888"`}, `applicant_phone must be.*more than one pair of parentheses`},
		{"applicant phone over 32 characters", []string{`applicant_phone = "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7"`}, `applicant_phone must be.*33 characters long`},
		{"applicant e-mail without @", []string{`applicant_email = "example.huawei.com"`}, `applicant_email must be an e-mail address.*not a bare e-mail address`},
		{"applicant e-mail empty", []string{`applicant_email = ""`}, `applicant_email must be an e-mail address`},
		{"applicant e-mail over 256 characters", []string{"applicant_email = " + quoted(strings.Repeat("ü", 64)+"@"+long(188)+".com")}, `applicant_email must be.*257 characters long; an address has at most 256`},
		{"contact e-mail with a display name", []string{`contact_email = "Jacky <jk@example.com>"`}, `contact_email must be an e-mail address`},
		{"contact phone too short", []string{`contact_phone = "12"`}, `contact_phone must be.*2 digits`},
		{"contact name over 63", []string{"contact_name = " + quoted(long(64))}, `contact_name UTF-8 character count must be between 1 and 63`},
		{"company name over 63", []string{"company_name = " + quoted(long(64))}, `company_name UTF-8 character count must be between 1 and 63`},
		{"company name empty", []string{`company_name = ""`}, `company_name UTF-8 character count must be between 1 and 63, got: 0`},
		{"company unit over 63", []string{"company_unit = " + quoted(long(64))}, `company_unit UTF-8 character count must be between 1 and 63`},
		{"company province over 63", []string{"company_province = " + quoted(long(64))}, `company_province UTF-8 character count must be between 1 and 63`},
		{"company city over 63", []string{"company_city = " + quoted(strings.Repeat("市", 64))}, `company_city UTF-8 character count must be between 1 and 63`},
		{"country of three letters", []string{`country = "CHN"`}, `country must be an ISO 3166-1.*not an ISO 3166-1 alpha-2`},
		{"country in lower case", []string{`country = "cn"`}, `country must be.*upper case`},
		{"country UK", []string{`country = "UK"`}, `country must be.*"GB"`},
		{"country unassigned", []string{`country = "XX"`}, `country must be.*not an ISO 3166-1`},
		{"domain method unknown", []string{`domain_method = "HTTP"`}, `domain_method value must be one of`},
		{"key algorithm unknown", []string{`key_algorithm = "RSA_1024"`}, `key_algorithm value must be one of`},
		{"CA hash algorithm unknown", []string{`ca_hash_algorithm = "SHA-1"`}, `ca_hash_algorithm value must be one of`},
		{"certificate id too short", []string{`certificate_id = "scs123"`}, `certificate_id must be an SCM certificate id`},
		{"certificate id in upper case", []string{`certificate_id = "SCS1554192131150"`}, `certificate_id must be an SCM certificate id`},
		{"sans with a null", []string{`sans = ["a.example.com", null]`}, `(sans.*must not contain null values|contains a null value)`},
		{"sans with a bad name", []string{`sans = ["not a domain"]`}, `sans.*must be a domain name`},
		{"domain with a non-ASCII letter", []string{`domain = "müller.example.com"`}, `domain must be.*the character 'ü'.*punycode`},
		{"an IP address validated by DNS", []string{`domain = "8.8.8.8"`, `domain_method = "DNS"`}, `domain is an IP address.*only FILE.*domain_method = "FILE"`},
		{"an IP address validated by e-mail", []string{`domain = "2001:4860:4860::8888"`, `domain_method = "EMAIL"`}, `domain is an IP address.*domain_method is EMAIL`},
		{"wildcards beyond the certificate's quota", []string{"certificate_id = " + quoted(bigMultiCertificate), `domain = "*.example.com"`,
			`sans = ["*.example.org", "*.example.net", "shop.example.com"]`}, `covers 2 wildcard domains, and domain and sans name 3`},
		{"a create timeout of zero", []string{`timeouts = { create = "0s" }`}, `timeouts.create is "0s"; give a duration above zero`},
		{"a negative delete timeout", []string{`timeouts = { delete = "-5m" }`}, `timeouts.delete is "-5m"; give a duration above zero`},
		{"a timeout that is not a duration", []string{`timeouts = { read = "ten minutes" }`}, `timeouts.read is "ten minutes"`},
		{"sans repeat the domain", []string{`sans = ["www.example.com"]`}, `sans repeats the primary domain`},
		{"sans over 4096 characters", []string{"certificate_id = " + quoted(bigMultiCertificate), "sans = [" + strings.Join(manySans, ", ") + "]"}, `sans joined by ";" is \d+ characters long`},
		{"csr not PEM", []string{`csr = "garbage"`}, `csr must be a PEM certificate signing request.*not PEM`},
		{"csr a damaged PEM", []string{"csr = " + quoted("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")}, `csr must be.*cannot be parsed`},
		{"csr a certificate", []string{"csr = " + quoted(strings.ReplaceAll(wwwCSR, "CERTIFICATE REQUEST", "CERTIFICATE"))}, `csr must be.*not a CERTIFICATE REQUEST`},
		{"csr for another domain", []string{"csr = " + quoted(otherCSR)}, `csr does not match domain and sans.*other\.example\.com`},
		{"csr missing a san", []string{"certificate_id = " + quoted(multiCertificate), `sans = ["shop.example.com"]`, "csr = " + quoted(wwwCSR)}, `csr does not match.*shop\.example\.com`},
		{"csr with key_algorithm", []string{"csr = " + quoted(wwwCSR), `key_algorithm = "RSA_4096"`}, `key_algorithm does not apply with a csr.*takes\s+the key of the CSR`},
		{"csr over 5120 characters", []string{"csr = " + quoted(wwwCSR+strings.Repeat("\n", 5121-len(wwwCSR)))}, `csr string length must be at most 5120`},
		{"sans over the certificate's quota", []string{"certificate_id = " + quoted(multiCertificate), `sans = ["a.example.com", "b.example.com"]`}, `covers 2 domains in all, and domain plus sans name 3`},
		{"sans on a single-domain certificate", []string{`sans = ["api.example.com"]`}, `SINGLE_DOMAIN certificate.*Remove sans`},
		{"wildcard on a single-domain certificate", []string{`domain = "*.example.com"`}, `single-domain certificate and cannot cover`},
		{"plain domain on a wildcard certificate", []string{"certificate_id = " + quoted(wildcardCertificate)}, `domain must start with "\*\."`},
		{"OV without company data", []string{"certificate_id = " + quoted(ovCertificate)}, `OV_SSL_CERT certificate.*Set company_name`},
		{"OV without country", []string{"certificate_id = " + quoted(ovCertificate), `company_name = "Example"`, `company_province = "Sichuan"`, `company_city = "Chengdu"`}, `Set country`},
		{"CA hash algorithm on a DV certificate", []string{`ca_hash_algorithm = "SHA-256"`}, `ca_hash_algorithm applies only to GeoTrust OV`},
	}
	if len(tests) < 60 {
		t.Fatalf("the corpus has %d cases; keep at least 60", len(tests))
	}

	steps := make([]resource.TestStep, 0, len(tests))
	for _, tt := range tests {
		steps = append(steps, resource.TestStep{
			Config:      target.application(tt.attributes...),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile("(?s)" + flexibleSpaces(tt.want)),
		})
	}
	target.test(t, resource.TestCase{Steps: steps})

	if counts := target.emu.Counts(); counts.ApplyAttempts != 0 || counts.Applications != 0 {
		t.Errorf("the service saw %d application requests for invalid configurations, want none", counts.ApplyAttempts)
	}
}

// flexibleSpaces lets a pattern match across the line breaks Terraform wraps errors at.
func flexibleSpaces(pattern string) string {
	return strings.ReplaceAll(pattern, " ", `\s+`)
}

// TestAccCertificateApplication_valuesAtTheCapsAreAccepted applies values exactly at
// every length cap.
func TestAccCertificateApplication_valuesAtTheCapsAreAccepted(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, validationSeeds...)
	wildcardDomain := "*." + strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 61)
	email := strings.Repeat("e", 64) + "@" + strings.Repeat("f", 187) + ".com"
	name := strings.Repeat("名", 63)

	csr := testcert.CSR(t, "www.example.com")
	csr += strings.Repeat("\n", 5120-len(csr))

	sans, joined := []string{}, 0
	for i := 0; joined < 4096; i++ {
		host := fmt.Sprintf("h%03d.example.com", i)
		if rest := 4096 - joined - 1; rest < len(host)+1 {
			host = strings.Repeat("x", rest-len(".example.com")) + ".example.com" // the last one fills the cap exactly
		}
		if joined > 0 {
			joined++
		}
		joined += len(host)
		sans = append(sans, quoted(host))
	}

	wildcard := newTargetFor(target, wildcardCertificate)
	multi := newTargetFor(target, bigMultiCertificate)
	config := target.provider +
		resourceBlock("test", dvCertificate, "applicant_name = "+quoted(name), "applicant_email = "+quoted(email),
			"company_name = "+quoted(name), "company_unit = "+quoted(name), "company_province = "+quoted(name),
			"company_city = "+quoted(name), "contact_name = "+quoted(name), "contact_email = "+quoted(email),
			"csr = "+quoted(csr)) +
		resourceBlock("wildcard", wildcard.certID, "domain = "+quoted(wildcardDomain)) +
		resourceBlock("multi", multi.certID, "sans = ["+strings.Join(sans, ", ")+"]")

	ws := newCLIWorkspace(t, target)
	ws.apply(config)
	ws.expectAttribute("status", "CHECKING")
	if got := ws.attribute("scm_certificate_application.wildcard", "domain"); got != wildcardDomain {
		t.Errorf("wildcard domain = %v", got)
	}
	if got, _ := ws.attribute("scm_certificate_application.multi", "sans").([]any); len(got) != len(sans) {
		t.Errorf("%d sans in the state, want %d", len(got), len(sans))
	}
	ws.destroy()
	ws.check(target.statuses(nil))
	if joined != 4096 {
		t.Fatalf("the sans joined to %d characters, want exactly 4096", joined)
	}
	if got := target.emu.Counts().Applications; got != 3 {
		t.Errorf("applications = %d, want 3", got)
	}
	ws.destroy()
	ws.check(target.statuses(nil))
}

func newTargetFor(target *accTarget, certID string) *accTarget {
	copied := *target
	copied.certID = certID
	return &copied
}

// TestAccCertificateApplication_valuesPeopleWriteAreAccepted applies values that were
// once refused at plan time although the service takes them: landline numbers with area
// codes and extensions, sans = [] from a module's default, and IP addresses (version 4
// and 6) with the validation method left to its default, FILE.
func TestAccCertificateApplication_valuesPeopleWriteAreAccepted(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, validationSeeds...)
	config := target.provider +
		resourceBlock("test", dvCertificate, `applicant_phone = "+1 (555) 123-4567 ext 89"`, `contact_phone = "010.8888.8888"`, `sans = []`) +
		resourceBlock("ip", ipCertificate, `domain = "203.0.113.10"`) +
		resourceBlock("ipv6", ipv6Certificate, `domain = "2001:4860:4860::8888"`)
	ws := newCLIWorkspace(t, target)
	ws.apply(config)
	ws.expectAttribute("status", "CHECKING")
	ws.expectAttribute("sans", []any{})
	if method := ws.attribute("scm_certificate_application.ip", "domain_method"); method != "FILE" {
		t.Errorf("an IP address without domain_method validates by %v, want FILE", method)
	}
	if records, _ := ws.attribute("scm_certificate_application.ip", "dns_validation_records").([]any); len(records) != 0 {
		t.Errorf("FILE validation has DNS records: %v", records)
	}
	if method := ws.attribute("scm_certificate_application.ipv6", "domain_method"); method != "FILE" {
		t.Errorf("an IPv6 address without domain_method validates by %v, want FILE", method)
	}
	// The form the configuration used is what the state keeps: nothing to do.
	ws.planIsEmpty(config)
	if got := target.emu.Counts().Applications; got != 3 {
		t.Errorf("applications = %d, want 3", got)
	}
	ws.destroy()
	ws.check(target.statuses(nil))
}
