package validate

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// The messages below never quote a key: Go's parsers report ASN.1 internals, and a
// private key's bytes must reach no diagnostic or log.

// Certificates parses PEM certificates in order: one at least, each block a CERTIFICATE.
func Certificates(text string) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("PEM block %d is a %q, not a CERTIFICATE: give certificates only, from -----BEGIN CERTIFICATE----- "+
				"to -----END CERTIFICATE-----, and the key in private_key_wo", len(certs)+1, Excerpt(block.Type))
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d cannot be parsed: the encoded content between its BEGIN and END lines is "+
				"damaged or cut short; copy it again from where it was issued", len(certs)+1)
		}
		certs = append(certs, cert)
	}
	switch {
	case len(certs) == 0:
		return nil, errors.New("it is not PEM; give the certificate from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----")
	case strings.TrimSpace(string(rest)) != "":
		return nil, errors.New("there is text after the last certificate that is not a PEM block; remove it")
	}
	return certs, nil
}

// PrivateKey parses a PEM private key without a passphrase, PKCS#1 (RSA), PKCS#8 or SEC 1
// (EC), and returns its public key.
func PrivateKey(text string) (crypto.PublicKey, error) {
	block, rest := pem.Decode([]byte(text))
	switch {
	case block == nil:
		return nil, errors.New("it is not PEM; give the key from -----BEGIN ... PRIVATE KEY----- to -----END ... PRIVATE KEY-----")
	case block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] == "4,ENCRYPTED":
		return nil, errors.New("it is encrypted with a passphrase, which the service does not take; remove the passphrase, for " +
			"example with openssl pkey -in key.pem -out key-without-passphrase.pem (it asks for the passphrase), and keep the " +
			"result as secret as the original")
	case strings.TrimSpace(string(rest)) != "":
		return nil, errors.New("there is more after the key; give exactly one PEM block")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("the PEM block is a %q, not a private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)", Excerpt(block.Type))
	}
	signer, ok := key.(crypto.Signer)
	if err != nil || !ok {
		return nil, errors.New("the key cannot be parsed: the encoded content between its BEGIN and END lines is damaged, cut " +
			"short or of an algorithm this provider does not read (RSA, ECDSA and Ed25519 are read)")
	}
	return signer.Public(), nil
}

// KeyMatches checks that a private key's public key is the certificate's.
func KeyMatches(cert *x509.Certificate, public crypto.PublicKey) error {
	equal, ok := public.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !equal.Equal(cert.PublicKey) {
		return fmt.Errorf("the key does not belong to the certificate for %s: its public key is not the certificate's; give the "+
			"key the certificate was requested with", Excerpt(cert.Subject.CommonName))
	}
	return nil
}

// ChainLinks checks that each certificate was issued by the next one: the leaf by the
// first of the chain, and so on.
func ChainLinks(certs []*x509.Certificate) error {
	for i := 0; i+1 < len(certs); i++ {
		child, parent := certs[i], certs[i+1]
		if !bytes.Equal(child.RawIssuer, parent.RawSubject) || child.CheckSignatureFrom(parent) != nil {
			return fmt.Errorf("certificate %d (%s) was not issued by certificate %d (%s): give the chain in order, from the "+
				"issuer of the certificate up to the root", i+1, Excerpt(child.Subject.String()), i+2, Excerpt(parent.Subject.String()))
		}
	}
	return nil
}

var uploadNamePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{3,63}$`)

// UploadName checks the name of an uploaded certificate: 3 to 63 letters, digits, "_",
// "-" and "." (the SDK's ImportCertificateRequestBody).
func UploadName(name string) error {
	if !uploadNamePattern.MatchString(name) {
		return fmt.Errorf("%q is not a name the service takes: 3 to 63 letters, digits, \"_\", \"-\" and \".\"", Excerpt(name))
	}
	return nil
}
