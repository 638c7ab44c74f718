package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // the SHA-1 fingerprint is what the service reports, not a security measure
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"strings"
	"time"
)

// issuer is the emulator's test certificate authority: made fresh at start-up, so that
// what it issues is real X.509 that chains to it, and is trusted by nothing else.
type issuer struct {
	key     *ecdsa.PrivateKey
	cert    *x509.Certificate
	certPEM string
}

// issuedPEM is what the export call returns for an issued certificate.
type issuedPEM struct {
	certificate string
	chain       string
	// privateKey is set only when the emulator generated the key (no CSR was sent).
	privateKey string
}

func newIssuer(now time.Time) (*issuer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "SCM Emulator Test CA", Organization: []string{"terraform-provider-scm emulator"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &issuer{key: key, cert: cert, certPEM: encodePEM("CERTIFICATE", der)}, nil
}

// issue makes the leaf certificate of r's application, valid from at for validity (0:
// the certificate's validity period in months), with the CSR's public key or a key made
// here per the requested key_algorithm.
func (i *issuer) issue(r *record, at time.Time, validity time.Duration) (*issuedPEM, *x509.Certificate, error) {
	out := &issuedPEM{chain: i.certPEM}
	public := r.csrKey
	if public == nil {
		key, err := generateKey(r.keyAlgorithm)
		if err != nil {
			return nil, nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, nil, err
		}
		out.privateKey = encodePEM("PRIVATE KEY", der)
		public = key.Public()
	}

	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return nil, nil, err
	}
	template := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: r.Domain},
		NotBefore:    at,
		NotAfter:     at.AddDate(0, r.ValidityPeriod, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, name := range append([]string{r.Domain}, splitSans(r.Sans)...) {
		if ip := net.ParseIP(name); ip != nil {
			template.IPAddresses = append(template.IPAddresses, ip)
		} else {
			template.DNSNames = append(template.DNSNames, name)
		}
	}
	if validity > 0 {
		template.NotAfter = at.Add(validity)
	}
	der, err := x509.CreateCertificate(rand.Reader, template, i.cert, public, i.key)
	if err != nil {
		return nil, nil, fmt.Errorf("issuing %s: %w", r.ID, err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	out.certificate = encodePEM("CERTIFICATE", der)
	return out, leaf, nil
}

// generateKey makes the key pair of a certificate the service generates the key for.
// Go's standard library has no SM2, so an SM2 request gets a P-256 key: the emulator
// says so in README rather than pretending.
func generateKey(algorithm string) (crypto.Signer, error) {
	switch algorithm {
	case "RSA_3072":
		return rsa.GenerateKey(rand.Reader, 3072)
	case "RSA_4096":
		return rsa.GenerateKey(rand.Reader, 4096)
	case "EC_P256", "SM2":
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "EC_P384":
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	default: // RSA_2048 is the service's default
		return rsa.GenerateKey(rand.Reader, 2048)
	}
}

// fingerprint is the SHA-1 of the certificate in upper-case hex, as the service shows it.
func fingerprint(cert *x509.Certificate) string {
	sum := sha1.Sum(cert.Raw) //nolint:gosec // see the import
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func encodePEM(blockType string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}))
}
