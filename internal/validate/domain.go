package validate

import (
	"fmt"
	"net/netip"
	"strings"
)

// MaxDomainLength is the service's cap on the domain field: a DNS name of at most 253
// characters (RFC 1035) with the "*." of a wildcard.
const MaxDomainLength = 255

const maxHostLength = 253

// Domain accepts a DNS name of RFC 1123 labels, optionally with a leading "*." for a
// wildcard, or a bare public IP address (certificates for an IP validate by FILE).
func Domain(name string) error {
	if name == "" {
		return fmt.Errorf("the domain is empty; give a name such as www.example.com")
	}
	if len(name) > MaxDomainLength {
		return fmt.Errorf("%q is %d characters long; a domain has at most %d", truncate(name), len(name), MaxDomainLength)
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
		return fmt.Errorf("%q is %d characters long without the wildcard; a DNS name has at most %d", truncate(name), len(host), maxHostLength)
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
		return fmt.Errorf("the label %q is longer than 63 characters", truncate(label))
	}
	if label[0] == '-' || label[len(label)-1] == '-' {
		return fmt.Errorf("the label %q starts or ends with a hyphen", label)
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		letterDigitOrHyphen := 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-'
		if !letterDigitOrHyphen {
			return fmt.Errorf("the label %q has the character %q; use letters, digits and hyphens (punycode for other scripts)", label, rune(c))
		}
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// truncate shortens long values quoted in messages.
func truncate(s string) string {
	const limit = 40
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "..."
}
