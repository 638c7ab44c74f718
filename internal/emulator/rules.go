package emulator

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// serviceError is an error answer the emulator sends.
type serviceError struct {
	status int
	code   string
	msg    string
}

func badParameter(format string, args ...any) *serviceError {
	return &serviceError{status: 400, code: "SCM.0005", msg: fmt.Sprintf(format, args...)}
}

func badDomains(format string, args ...any) *serviceError {
	return &serviceError{status: 400, code: "SCM.0015", msg: fmt.Sprintf(format, args...)}
}

var (
	domainLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// phonePattern is a number as people write it: an optional +, groups of digits apart by
	// single spaces, hyphens or dots, groups in parentheses, and an optional extension
	// (ext, x or #). The digit count and the length are checked apart.
	phonePattern = regexp.MustCompile(`^\+?(?:\(\d+\)|\d+)(?:[ .-]?(?:\(\d+\)|\d+))*(?:\s*(?:(?i:ext)\.?|[xX#])\s*\d+)?$`)
	countryCode  = regexp.MustCompile(`^[A-Z]{2}$`)
)

var enumerations = map[string][]string{
	"domain_method":     {"DNS", "FILE", "EMAIL"},
	"key_algorithm":     {"RSA_2048", "RSA_3072", "RSA_4096", "EC_P256", "EC_P384", "SM2"},
	"ca_hash_algorithm": {"DEFAULT", "SHA-256"},
}

// checkApplication enforces the request rules of the API reference for one certificate,
// and returns the public key of the CSR when one was sent.
func checkApplication(c *record, req *applyRequest) (crypto.PublicKey, *serviceError) {
	if req.AgreePrivacyProtection == nil || !*req.AgreePrivacyProtection {
		return nil, badParameter("agree_privacy_protection must be true")
	}
	if err := checkFields(req); err != nil {
		return nil, err
	}
	if isIP(req.Domain) && req.method() != "FILE" {
		return nil, badParameter("domain %s is an IP address, which only FILE validation can prove; set domain_method to FILE", req.Domain)
	}
	if strings.HasPrefix(c.Type, "OV_") || strings.HasPrefix(c.Type, "EV_") {
		for name, v := range map[string]string{
			"company_name": req.CompanyName, "company_province": req.CompanyProvince,
			"company_city": req.CompanyCity, "country": req.Country,
		} {
			if v == "" {
				return nil, badParameter("%s is required for %s certificates", name, c.Type)
			}
		}
	}
	domains := append([]string{req.Domain}, splitSans(req.Sans)...)
	if err := checkDomainsFit(c, domains); err != nil {
		return nil, err
	}
	if req.CSR != "" {
		return checkCSR(req.CSR, domains)
	}
	return nil, nil
}

func checkFields(req *applyRequest) *serviceError {
	required := map[string]string{
		"domain": req.Domain, "applicant_name": req.ApplicantName,
		"applicant_phone": req.ApplicantPhone, "applicant_email": req.ApplicantEmail,
	}
	for name, v := range required {
		if v == "" {
			return badParameter("%s is required", name)
		}
	}
	limits := []struct {
		name  string
		value string
		max   int
	}{
		{"domain", req.Domain, 255}, {"sans", req.Sans, 4096}, {"csr", req.CSR, 5120},
		{"company_name", req.CompanyName, 63}, {"company_unit", req.CompanyUnit, 63},
		{"company_province", req.CompanyProvince, 63}, {"company_city", req.CompanyCity, 63},
		{"applicant_name", req.ApplicantName, 63}, {"contact_name", req.ContactName, 63},
		{"applicant_email", req.ApplicantEmail, 256}, {"contact_email", req.ContactEmail, 256},
	}
	for _, l := range limits {
		if utf8.RuneCountInString(l.value) > l.max {
			return badParameter("%s is longer than %d characters", l.name, l.max)
		}
	}
	for name, v := range map[string]string{"applicant_email": req.ApplicantEmail, "contact_email": req.ContactEmail} {
		if v == "" {
			continue
		}
		if addr, err := mail.ParseAddress(v); err != nil || addr.Address != v {
			return badParameter("%s is not an e-mail address", name)
		}
	}
	for name, v := range map[string]string{"applicant_phone": req.ApplicantPhone, "contact_phone": req.ContactPhone} {
		if v != "" && !validPhone(v) {
			return badParameter("%s is not a phone number", name)
		}
	}
	if req.Country != "" && !countryCode.MatchString(req.Country) {
		return badParameter("country must be a two-letter code")
	}
	values := map[string]string{"domain_method": req.DomainMethod, "key_algorithm": req.KeyAlgorithm, "ca_hash_algorithm": req.CAHashAlgorithm}
	for name, allowed := range enumerations {
		if v := values[name]; v != "" && !slices.Contains(allowed, v) {
			return badParameter("%s must be one of %s", name, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func checkDomainsFit(c *record, domains []string) *serviceError {
	seen := map[string]bool{}
	wildcards := 0
	for _, d := range domains {
		if !validDomain(d) {
			return badDomains("%q is not a domain name", d)
		}
		if seen[d] {
			return badDomains("%q is given twice", d)
		}
		seen[d] = true
		if strings.HasPrefix(d, "*.") {
			wildcards++
		}
	}
	switch c.DomainType {
	case "SINGLE_DOMAIN":
		if len(domains) > 1 || wildcards > 0 {
			return badDomains("a single-domain certificate covers one domain and no wildcard")
		}
	case "WILDCARD":
		if len(domains) > 1 || wildcards != 1 {
			return badDomains("a wildcard certificate covers exactly one *.domain")
		}
	case "MULTI_DOMAIN":
		if len(domains) > c.DomainCount {
			return badDomains("the certificate covers %d domains, the application names %d", c.DomainCount, len(domains))
		}
		if wildcards > c.WildcardCount {
			return badDomains("the certificate covers %d wildcard domains, the application names %d", c.WildcardCount, wildcards)
		}
	}
	return nil
}

// validPhone takes 5 to 20 digits in at most 32 characters, written as phonePattern says,
// with at most one pair of parentheses.
func validPhone(v string) bool {
	digits := 0
	for _, r := range v {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return len(v) <= 32 && digits >= 5 && digits <= 20 && strings.Count(v, "(") <= 1 && phonePattern.MatchString(v)
}

func isIP(d string) bool { return net.ParseIP(d) != nil }

// validDomain takes a DNS name, or a public IP address (version 4 or 6) in its plain form.
func validDomain(d string) bool {
	if ip := net.ParseIP(d); ip != nil {
		return ip.String() == d && ip.IsGlobalUnicast() && !ip.IsPrivate()
	}
	d = strings.TrimPrefix(d, "*.")
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabel.MatchString(l) {
			return false
		}
	}
	return true
}

// checkCSR accepts a PEM request with a valid signature whose names cover every domain,
// and returns its public key.
func checkCSR(text string, domains []string) (crypto.PublicKey, *serviceError) {
	block, _ := pem.Decode([]byte(text))
	if block == nil || block.Type != "CERTIFICATE REQUEST" {
		return nil, badParameter("csr is not a PEM certificate request")
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return nil, badParameter("csr cannot be parsed: %v", err)
	}
	if err := csr.CheckSignature(); err != nil {
		return nil, badParameter("csr signature does not verify")
	}
	names := map[string]bool{strings.ToLower(csr.Subject.CommonName): true}
	for _, n := range csr.DNSNames {
		names[strings.ToLower(n)] = true
	}
	for _, ip := range csr.IPAddresses {
		names[ip.String()] = true
	}
	for _, d := range domains {
		if !names[d] {
			return nil, badParameter("csr does not match the domain %q", d)
		}
	}
	return csr.PublicKey, nil
}

func splitSans(sans string) []string {
	if sans == "" {
		return nil
	}
	return strings.Split(sans, ";")
}
