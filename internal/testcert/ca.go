package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// Issued is a certificate from a throwaway CA, as an ACME CA would give it: the leaf,
// the chain (its intermediate), and the leaf's key, PEM.
type Issued struct {
	Certificate, Chain, PrivateKey string
	Leaf                           *x509.Certificate
}

// Issue makes a root, an intermediate and a leaf for names (the first as common name),
// valid until notAfter, with a fresh P-256 key in PKCS#8.
func Issue(t testing.TB, notAfter time.Time, names ...string) Issued {
	t.Helper()
	root, rootKey := certificate(t, nil, nil, pkix.Name{CommonName: "Test Root"}, nil, notAfter.AddDate(5, 0, 0), true)
	intermediate, intermediateKey := certificate(t, root, rootKey, pkix.Name{CommonName: "Test Intermediate"}, nil, notAfter.AddDate(1, 0, 0), true)
	leaf, leafKey := certificate(t, intermediate, intermediateKey, pkix.Name{CommonName: names[0]}, names, notAfter, false)
	der, err := x509.MarshalPKCS8PrivateKey(leafKey)
	if err != nil {
		t.Fatal(err)
	}
	return Issued{
		Certificate: encode("CERTIFICATE", leaf.Raw), Chain: encode("CERTIFICATE", intermediate.Raw),
		PrivateKey: encode("PRIVATE KEY", der), Leaf: leaf,
	}
}

func certificate(t testing.TB, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, subject pkix.Name, names []string,
	notAfter time.Time, ca bool,
) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: serial, Subject: subject, DNSNames: names,
		NotBefore: notAfter.AddDate(-1, 0, 0), NotAfter: notAfter,
		IsCA: ca, BasicConstraintsValid: ca,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
	}
	if parent == nil {
		parent, parentKey = template, key
	}
	der, err := x509.CreateCertificate(rand.Reader, template, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func encode(blockType string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}))
}
