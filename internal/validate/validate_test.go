package validate

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net"
	"strings"
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/testcases"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

func TestDomain(t *testing.T) {
	valid := []string{
		"example.com", "www.example.com", "*.example.com", "xn--fiqs8s.example.cn", "a-b.example.co.uk",
		"8.8.8.8", "2001:4860:4860::8888",
		strings.Repeat("a", 63) + ".com",
		// Exactly at the 255-character cap: "*." and a DNS name of 253.
		"*." + strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 61),
	}
	for _, d := range valid {
		if err := Domain(d); err != nil {
			t.Errorf("Domain(%q) = %v, want it accepted", d, err)
		}
	}
	invalid := map[string]string{
		"":                                "empty",
		"localhost":                       "two labels",
		"Example.com":                     "lower case",
		"exa mple.com":                    "character",
		"-example.com":                    "hyphen",
		"example-.com":                    "hyphen",
		"example..com":                    "empty label",
		"www.*.example.com":               "misplaced",
		"**.example.com":                  "misplaced",
		"example.123":                     "all digits",
		strings.Repeat("a", 64) + ".com":  "longer than 63",
		strings.Repeat("a.", 128) + "com": "at most 255",
		"10.0.0.1":                        "public",
		"127.0.0.1":                       "public",
		"user@example.com":                "character",
		"http://example.com":              "character",
	}
	for d, want := range invalid {
		err := Domain(d)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Domain(%q) = %v, want an error mentioning %q", d, err, want)
		}
	}
}

func TestEmail(t *testing.T) {
	for _, e := range []string{"tom@example.com", "first.last+tag@sub.example.org", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 187) + ".com"} {
		if err := Email(e); err != nil {
			t.Errorf("Email(%q) = %v", e, err)
		}
	}
	for _, e := range []string{"", "example.huawei.com", "Tom <tom@example.com>", "tom@localhost", "tom@", "@example.com", "tom@[10.0.0.1]",
		strings.Repeat("a", 64) + "@" + strings.Repeat("b", 188) + ".com"} {
		if err := Email(e); err == nil {
			t.Errorf("Email(%q) accepted", e)
		}
	}
}

func TestPhone(t *testing.T) {
	for _, tt := range testcases.Phones {
		if err := Phone(tt.Number); (err == nil) != tt.Valid {
			t.Errorf("Phone(%q) = %v, want valid %v", tt.Number, err, tt.Valid)
		}
	}
}

// TestContactErrorsDoNotRepeatTheValue: phones and e-mails are personal data, and the
// validators' messages reach diagnostics and logs.
func TestContactErrorsDoNotRepeatTheValue(t *testing.T) {
	for _, value := range []string{"13987654321 call me", "9876", "tom.private@", "Tom <tom.private@example.com>"} {
		for _, err := range []error{Phone(value), Email(value)} {
			if err != nil && strings.Contains(err.Error(), strings.Fields(value)[0]) {
				t.Errorf("the message %q repeats the value %q", err, value)
			}
		}
	}
}

func TestEmailLengthCountsCharacters(t *testing.T) {
	local := strings.Repeat("ü", 60)
	address := local + "@" + strings.Repeat("b", 191) + ".com" // 256 characters, 316 bytes
	if err := Email(address); err != nil {
		t.Errorf("an address of 256 characters (more bytes) was refused: %v", err)
	}
	if err := Email("a" + address); err == nil || !strings.Contains(err.Error(), "257 characters") {
		t.Errorf("an address of 257 characters: %v", err)
	}
}

func TestDomainNamesTheOffendingCharacter(t *testing.T) {
	err := Domain("müller.example.com")
	if err == nil || !strings.Contains(err.Error(), `'ü'`) {
		t.Errorf("err = %v, want it to show the character 'ü'", err)
	}
}

func TestCountryCode(t *testing.T) {
	if n := len(countryCodes); n != 249 {
		t.Errorf("%d country codes, want the 249 of ISO 3166-1", n)
	}
	for _, c := range []string{"CN", "US", "GB", "DE", "SS", "ZW"} {
		if err := CountryCode(c); err != nil {
			t.Errorf("CountryCode(%q) = %v", c, err)
		}
	}
	for c, want := range map[string]string{"cn": "upper case", "UK": "GB", "YU": "ISO", "XX": "ISO", "CHN": "ISO", "": "ISO"} {
		if err := CountryCode(c); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CountryCode(%q) = %v, want an error mentioning %q", c, err, want)
		}
	}
}

func TestCertificateID(t *testing.T) {
	if err := CertificateID("scs1554192131150"); err != nil {
		t.Error(err)
	}
	for _, id := range []string{"", "scs155419213115", "scs15541921311500", "SCS1554192131150", "scs-554192131150"} {
		if err := CertificateID(id); err == nil {
			t.Errorf("CertificateID(%q) accepted", id)
		}
	}
}

func TestCSR(t *testing.T) {
	good := testcert.CSR(t, "www.example.com", "api.example.com")
	csr, err := CSR(good)
	if err != nil {
		t.Fatalf("CSR: %v", err)
	}
	if err := CSRCovers(csr, []string{"www.example.com", "api.example.com"}); err != nil {
		t.Errorf("CSRCovers: %v", err)
	}
	if err := CSRCovers(csr, []string{"www.example.com", "shop.example.com"}); err == nil || !strings.Contains(err.Error(), "not for shop.example.com") {
		t.Errorf("CSRCovers of another domain = %v, want it to name shop.example.com", err)
	}

	block, _ := pem.Decode([]byte(good))
	tampered := append([]byte(nil), block.Bytes...)
	tampered[len(tampered)-5] ^= 0xff
	invalid := map[string]string{
		"":        "not PEM",
		"garbage": "not PEM",
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: block.Bytes})):       "not a CERTIFICATE REQUEST",
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: []byte{1}})): "cannot be parsed",
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: tampered})):  "generate it again",
		good + good: "exactly one",
	}
	for text, want := range invalid {
		_, err := CSR(text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CSR(%.30q) = %v, want an error mentioning %q", text, err, want)
		}
		if err != nil && (strings.Contains(err.Error(), "asn1") || strings.Contains(err.Error(), "x509:")) {
			t.Errorf("CSR(%.30q) = %v: the message shows the parser's internals", text, err)
		}
	}
}

func TestCSRForAnIPAddress(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{IPAddresses: []net.IP{net.ParseIP("8.8.8.8")}}, key)
	csr, err := CSR(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})))
	if err != nil {
		t.Fatal(err)
	}
	if err := CSRCovers(csr, []string{"8.8.8.8"}); err != nil {
		t.Error(err)
	}
}
