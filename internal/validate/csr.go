package validate

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
)

// MaxCSRLength is the service's cap on the csr field.
const MaxCSRLength = 5120

// CSR parses a PEM certificate signing request and verifies its signature.
func CSR(text string) (*x509.CertificateRequest, error) {
	block, rest := pem.Decode([]byte(text))
	if block == nil {
		return nil, fmt.Errorf("it is not PEM; give the whole request, from -----BEGIN CERTIFICATE REQUEST----- to -----END CERTIFICATE REQUEST-----")
	}
	if block.Type != "CERTIFICATE REQUEST" && block.Type != "NEW CERTIFICATE REQUEST" {
		return nil, fmt.Errorf("the PEM block is a %q, not a CERTIFICATE REQUEST; give the CSR, not a key or a certificate", block.Type)
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, fmt.Errorf("there is more after the request; give exactly one PEM block")
	}
	// Go's parser reports ASN.1 internals ("asn1: structure error: tags don't match ..."),
	// which say nothing to the person holding the file: the messages say what it means.
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("the request cannot be parsed: the encoded content between the BEGIN and END lines is damaged, " +
			"cut short or not a certificate signing request; generate it again, for example with openssl req -new")
	}
	if err := csr.CheckSignature(); err != nil {
		return nil, fmt.Errorf("its signature does not match its content: the request was altered or damaged, or its key " +
			"algorithm is not supported; generate it again")
	}
	return csr, nil
}

// CSRCovers checks that every domain is named by the request, as its common name or
// among its DNS names (or IP addresses, for a certificate bound to an IP).
func CSRCovers(csr *x509.CertificateRequest, domains []string) error {
	names := map[string]bool{strings.ToLower(csr.Subject.CommonName): true}
	for _, n := range csr.DNSNames {
		names[strings.ToLower(n)] = true
	}
	for _, ip := range csr.IPAddresses {
		names[ip.String()] = true
	}
	var missing []string
	for _, d := range domains {
		if !names[d] {
			missing = append(missing, d)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the request is for %s, not for %s; generate a CSR whose common name or DNS names include them",
			describeNames(csr), strings.Join(missing, ", "))
	}
	return nil
}

func describeNames(csr *x509.CertificateRequest) string {
	var names []string
	if csr.Subject.CommonName != "" {
		names = append(names, csr.Subject.CommonName)
	}
	for _, n := range csr.DNSNames {
		if n != csr.Subject.CommonName {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "no name at all"
	}
	return strings.Join(names, ", ")
}
