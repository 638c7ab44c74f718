package emulator

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Uploads: POST /v3/scm/certificates/import and DELETE /v3/scm/certificates/{id}, as the
// API reference documents them ("Importing a Certificate", "Deleting a Certificate"),
// with the error codes of its SCM error table. What it leaves open (a duplicate's answer,
// deleting a certificate a cloud service uses) the emulator answers as docs/api-notes.md
// assumes.

// importRequest is the body of an upload; the SM2 fields are taken and ignored.
type importRequest struct {
	Name                string `json:"name"`
	Certificate         string `json:"certificate"`
	CertificateChain    string `json:"certificate_chain"`
	PrivateKey          string `json:"private_key"`
	DuplicateCheck      *bool  `json:"duplicate_check"`
	EnterpriseProjectID string `json:"enterprise_project_id"`
	EncCertificate      string `json:"enc_certificate"`
	EncPrivateKey       string `json:"enc_private_key"`
}

// The reference's length caps of the upload's fields.
const (
	maxUploadCertificate = 4096
	maxUploadChain       = 8192
	maxUploadKey         = 4096
)

var uploadName = regexp.MustCompile(`^[A-Za-z0-9_.-]{3,63}$`)

func (s *Server) importCertificate(req apiRequest) (int, any) {
	s.counts.UploadAttempts++
	bad := func(code, msg string) (int, any) { return http.StatusBadRequest, errorAnswer{code, msg} }
	var upload importRequest
	dec := json.NewDecoder(bytes.NewReader(req.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&upload); err != nil {
		return bad("SCM.0005", "the request body is invalid: "+err.Error())
	}
	switch {
	case !uploadName.MatchString(upload.Name):
		return bad("SCM.0005", "name must be 3 to 63 letters, digits, underscores, hyphens and dots")
	case len(upload.Certificate) > maxUploadCertificate || len(upload.CertificateChain) > maxUploadChain ||
		len(upload.PrivateKey) > maxUploadKey:
		return bad("SCM.0005", "certificate, certificate_chain or private_key is longer than the service takes")
	}
	certs := parseCertificates(upload.Certificate)
	if len(certs) == 0 {
		return bad("SCM.0006", "The uploaded certificate failed to be resolved. Ensure that the uploaded certificate has been issued.")
	}
	leaf, chain := certs[0], upload.CertificateChain
	if chain == "" {
		for _, c := range certs[1:] {
			chain += encodePEM("CERTIFICATE", c.Raw)
		}
	}
	key, ok := parsePrivateKey(upload.PrivateKey)
	if !ok {
		return bad("SCM.0012", "The uploaded private key failed to be resolved. Ensure that the certificate has been issued.")
	}
	if matches, _ := key.(interface{ Equal(crypto.PublicKey) bool }); matches == nil || !matches.Equal(leaf.PublicKey) {
		return bad("SCM.0014", "The uploaded certificate does not match the private key.")
	}
	sum := fingerprint(leaf)
	if upload.DuplicateCheck != nil && *upload.DuplicateCheck {
		for _, c := range s.certs {
			if c.Status == "UPLOAD" && c.Fingerprint == sum {
				return bad("SCM.0005", "The certificate has been uploaded already as "+c.ID+".")
			}
		}
	}

	id := s.newCertificateID()
	domain, sans := leaf.Subject.CommonName, leaf.DNSNames
	if domain == "" && len(sans) > 0 {
		domain = sans[0]
	}
	sans = slices.DeleteFunc(slices.Clone(sans), func(name string) bool { return name == domain })
	project := upload.EnterpriseProjectID
	if project == "" {
		project = "0"
	}
	r := &record{Certificate: Certificate{
		ID: id, Status: "UPLOAD", Name: upload.Name, SignatureAlgorithm: strings.ToUpper(leaf.SignatureAlgorithm.String()),
		Domain: domain, Sans: strings.Join(sans, ";"), DomainType: "SINGLE_DOMAIN", DomainCount: 1 + len(sans),
		NotBefore: leaf.NotBefore.UTC().Format(timeLayout), NotAfter: leaf.NotAfter.UTC().Format(timeLayout),
		Fingerprint: sum, EnterpriseProjectID: project,
	}}
	r.issued = &issuedPEM{certificate: encodePEM("CERTIFICATE", leaf.Raw), chain: chain, privateKey: upload.PrivateKey}
	r.changedAt = s.clock.time()
	s.certs[id] = r
	s.counts.Uploads++
	s.logEvent(EventUploaded, id, upload.Name)
	return http.StatusOK, map[string]string{"certificate_id": id}
}

// newCertificateID makes an id like the service's, unique in the store.
func (s *Server) newCertificateID() string {
	for n := s.clock.time().UnixMilli(); ; n++ {
		if id := fmt.Sprintf("scs%013d", n%1e13); s.certs[id] == nil {
			return id
		}
	}
}

func (s *Server) deleteCertificate(req apiRequest) (int, any) {
	s.counts.DeleteAttempts++
	c, ok := s.lookUp(req.id)
	switch {
	case !ok:
		return notFound(req.id)
	case c.inUse != "":
		return wrongStatus("The certificate is in use by " + c.inUse + " and cannot be deleted. Remove it from " + c.inUse + " first.")
	case underReview(c.Status) || c.Status == "CANCELCHECKING":
		return wrongStatus("the certificate is " + c.Status + "; an application under review cannot be deleted")
	}
	delete(s.certs, req.id)
	s.counts.Deletes++
	s.logEvent(EventDeleted, req.id, "")
	return http.StatusNoContent, nil
}

func parseCertificates(text string) []*x509.Certificate {
	var certs []*x509.Certificate
	for rest := []byte(text); ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil || block.Type != "CERTIFICATE" {
			return certs
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil
		}
		certs = append(certs, cert)
	}
}

// parsePrivateKey reads a key without a passphrase and returns its public key. The
// provider's own checks (internal/validate) do the same: the emulator imports nothing of
// the provider's, so that a mistake there cannot hide here.
func parsePrivateKey(text string) (crypto.PublicKey, bool) {
	block, _ := pem.Decode([]byte(text))
	if block == nil || block.Headers["Proc-Type"] != "" {
		return nil, false
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
		return nil, false
	}
	signer, ok := key.(crypto.Signer)
	if err != nil || !ok {
		return nil, false
	}
	return signer.Public(), true
}

// SetInUse marks a certificate as used by a cloud service, such as "ELB": the service
// then refuses to delete it. An empty service clears the mark.
func (s *Server) SetInUse(id, service string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.certs[id]
	if !ok {
		return noSuchCertificate(id)
	}
	c.inUse = service
	return nil
}
