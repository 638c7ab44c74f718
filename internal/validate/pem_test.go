package validate_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/testcert"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

func TestUploadedCertificatesAreChecked(t *testing.T) {
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	other := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")

	certs, err := validate.Certificates(issued.Certificate + issued.Chain)
	if err != nil || len(certs) != 2 || validate.ChainLinks(certs) != nil {
		t.Fatalf("a leaf and its issuer: %d certificates, %v, links: %v", len(certs), err, validate.ChainLinks(certs))
	}
	if err := validate.ChainLinks([]*x509.Certificate{certs[0], mustCertificates(t, other.Chain)[0]}); err == nil ||
		!strings.Contains(err.Error(), "was not issued by") {
		t.Errorf("a chain of another CA: %v", err)
	}
	public, err := validate.PrivateKey(issued.PrivateKey)
	if err != nil || validate.KeyMatches(certs[0], public) != nil {
		t.Errorf("the leaf's own key: %v, %v", err, validate.KeyMatches(certs[0], public))
	}
	otherKey, _ := validate.PrivateKey(other.PrivateKey)
	if err := validate.KeyMatches(certs[0], otherKey); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Errorf("another key: %v", err)
	}

	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalECPrivateKey(ecKey)
	for name, text := range map[string]string{
		"PKCS#1": string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)})),
		"SEC 1":  string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER})),
		"PKCS#8": issued.PrivateKey,
	} {
		if _, err := validate.PrivateKey(text); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	//nolint:staticcheck // the legacy encryption is what openssl's -des3 writes, and what must be refused
	encrypted, _ := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey), []byte("secret"), x509.PEMCipherAES256)
	for name, tt := range map[string]struct{ text, want string }{
		"encrypted, legacy": {string(pem.EncodeToMemory(encrypted)), "openssl pkey"},
		"encrypted, PKCS#8": {"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n", "passphrase"},
		"a certificate":     {issued.Certificate, "not a private key"},
		"damaged":           {strings.Replace(issued.PrivateKey, "M", "A", 3), "cannot be parsed"},
		"not PEM":           {"secret", "not PEM"},
	} {
		_, err := validate.PrivateKey(tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tt.want)
		}
	}
	for name, text := range map[string]string{"a key": issued.PrivateKey, "nothing": "", "trailing text": issued.Certificate + "x"} {
		if _, err := validate.Certificates(text); err == nil {
			t.Errorf("%s read as certificates", name)
		}
	}
	for name, ok := range map[string]bool{"www-example.com_2026": true, "ab": false, "with space": false, strings.Repeat("a", 64): false} {
		if (validate.UploadName(name) == nil) != ok {
			t.Errorf("UploadName(%q) accepted: %v, want %v", name, !ok, ok)
		}
	}
}

func mustCertificates(t *testing.T, text string) []*x509.Certificate {
	t.Helper()
	certs, err := validate.Certificates(text)
	if err != nil {
		t.Fatal(err)
	}
	return certs
}

// FuzzPrivateKey: whatever is given as a key, reading it never panics, and every error is
// one of the fixed texts (with at most the PEM block's type quoted): a key's bytes reach no
// diagnostic.
func FuzzPrivateKey(f *testing.F) {
	quoted := regexp.MustCompile(`"[^"]*"`)
	fixed := map[string]bool{}
	for _, text := range []string{"", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----\n",
		"-----BEGIN X-----\nAA==\n-----END X-----\n", "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\nx",
		"-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n"} {
		_, err := validate.PrivateKey(text)
		fixed[quoted.ReplaceAllString(err.Error(), `""`)] = true
	}
	f.Add("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n")
	f.Add("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END RSA PRIVATE KEY-----\n")
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := validate.PrivateKey(text); err != nil && !fixed[quoted.ReplaceAllString(err.Error(), `""`)] {
			t.Errorf("the error %q is none of the fixed texts", err)
		}
	})
}
