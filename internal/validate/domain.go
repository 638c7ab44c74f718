package validate

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// MaxDomainLength is the service's cap on the domain field: a DNS name of at most 253
// characters (RFC 1035) with the "*." of a wildcard.
const MaxDomainLength = 255

const maxHostLength = 253

// Domain accepts a DNS name of RFC 1123 labels, optionally with a leading "*." for a
// wildcard, or a bare public IP address, version 4 or 6, in its plain form (certificates
// for an IP validate by FILE). Whether the service takes IPv6 is not documented; it is
// accepted here rather than refused by mistake, and the service has the last word.
func Domain(name string) error {
	if name == "" {
		return fmt.Errorf("the domain is empty; give a name such as www.example.com")
	}
	if len(name) > MaxDomainLength {
		return fmt.Errorf("%q is %d characters long; a domain has at most %d", Excerpt(name), len(name), MaxDomainLength)
	}
	if addr, err := netip.ParseAddr(name); err == nil {
		if addr.Zone() != "" || addr.String() != name {
			return fmt.Errorf("%q is not an IP address in its plain form; write it as %s", name, addr.WithZone("").String())
		}
		if !addr.IsGlobalUnicast() || addr.IsPrivate() {
			return fmt.Errorf("%q is not a public IP address; a certificate can only be bound to a public one", name)
		}
		return nil
	}
	if strings.ToLower(name) != name {
		return fmt.Errorf("%q has upper-case letters; write the domain in lower case, as the service stores it", name)
	}
	host := strings.TrimPrefix(name, "*.")
	if strings.Contains(host, "*") {
		return fmt.Errorf("%q has a misplaced *; only a leading \"*.\" is allowed, as in *.example.com", name)
	}
	if len(host) > maxHostLength {
		return fmt.Errorf("%q is %d characters long without the wildcard; a DNS name has at most %d", Excerpt(name), len(host), maxHostLength)
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return fmt.Errorf("%q is not a fully qualified domain name; give at least two labels, such as example.com", name)
	}
	for _, label := range labels {
		if err := dnsLabel(label); err != nil {
			return fmt.Errorf("%q is not a valid domain name: %w", name, err)
		}
	}
	if tld := labels[len(labels)-1]; isDigits(tld) {
		return fmt.Errorf("%q is not a valid domain name: the last label %q is all digits", name, tld)
	}
	return nil
}

// dnsLabel checks one label under RFC 1123: 1 to 63 letters, digits and hyphens, not
// starting or ending with a hyphen.
func dnsLabel(label string) error {
	if label == "" {
		return fmt.Errorf("it has an empty label (two dots in a row, or a dot at either end)")
	}
	if len(label) > 63 {
		return fmt.Errorf("the label %q is longer than 63 characters", Excerpt(label))
	}
	if label[0] == '-' || label[len(label)-1] == '-' {
		return fmt.Errorf("the label %q starts or ends with a hyphen", label)
	}
	for _, c := range label {
		letterDigitOrHyphen := 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-'
		if !letterDigitOrHyphen {
			return fmt.Errorf("the label %q has the character %q; use letters, digits and hyphens (punycode, as xn--..., for other scripts)", Excerpt(label), c)
		}
	}
	return nil
}

// IsIP reports whether a domain is an IP address, which only FILE validation can prove.
func IsIP(domain string) bool {
	_, err := netip.ParseAddr(domain)
	return err == nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Excerpt shortens a long value for a message: its first 40 characters and "...".
func Excerpt(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit]) + "..."
}
