package validate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets check that no input panics and that whatever is accepted has the
// properties the service relies on. Crashers found are kept under testdata/fuzz.

func FuzzDomain(f *testing.F) {
	for _, s := range []string{"www.example.com", "*.example.com", "8.8.8.8", "::1", "a..b", "-a.b", "*.*.a", "xn--fiqs8s.cn", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if Domain(name) != nil {
			return
		}
		if len(name) > MaxDomainLength {
			t.Fatalf("accepted %d characters", len(name))
		}
		if strings.ContainsAny(name, " \t\n;,/@") {
			t.Fatalf("accepted %q, whose characters would break the ;-joined sans", name)
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"tom@example.com", "a@b.c", "Tom <tom@example.com>", "@", "a@[1.2.3.4]", "\"a b\"@example.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, address string) {
		if Email(address) == nil && (utf8.RuneCountInString(address) > MaxEmailLength || !strings.Contains(address, "@")) {
			t.Fatalf("accepted %q", address)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"13212345678", "+86 132 1234 5678", "(010) 8888-8888", "555-1234 ext. 89", "1-2-3-4-5", "++1", "+", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, number string) {
		if Phone(number) != nil {
			return
		}
		digits := 0
		for _, r := range number {
			if r >= '0' && r <= '9' {
				digits++
			} else if !strings.ContainsRune("+ -.()extEXT#", r) {
				t.Fatalf("accepted %q with the character %q", number, r)
			}
		}
		if digits < MinPhoneDigits || digits > MaxPhoneDigits || utf8.RuneCountInString(number) > MaxPhoneLength {
			t.Fatalf("accepted %q with %d digits", number, digits)
		}
		if strings.Count(number, "(") > 1 || strings.Count(number, "+") > 1 {
			t.Fatalf("accepted %q", number)
		}
	})
}

func FuzzCountryCode(f *testing.F) {
	for _, s := range []string{"CN", "cn", "UK", "XX", "", "CHN", "ÇN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		if CountryCode(code) == nil && (len(code) != 2 || strings.ToUpper(code) != code || !utf8.ValidString(code)) {
			t.Fatalf("accepted %q", code)
		}
	})
}

func FuzzCSR(f *testing.F) {
	f.Add("-----BEGIN CERTIFICATE REQUEST-----\nMIIBADCBpwIBADAaMRgwFgYDVQQDDA93d3cuZXhhbXBsZS5jb20wWTATBgcqhkjO\n-----END CERTIFICATE REQUEST-----\n")
	f.Add("garbage")
	f.Add("")
	// The property is that no text, however damaged, makes the checks panic.
	f.Fuzz(func(_ *testing.T, text string) {
		if csr, err := CSR(text); err == nil {
			_ = CSRCovers(csr, []string{"www.example.com", "*.example.com", "8.8.8.8"})
		}
	})
}
