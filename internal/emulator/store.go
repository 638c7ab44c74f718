package emulator

import (
	"crypto"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"time"
)

// Seed describes a purchased certificate the emulator holds, in status PAID.
type Seed struct {
	// ID is 16 letters or digits, such as scs1554192131150.
	ID string `json:"id"`
	// Type is DV_SSL_CERT (the default), DV_SSL_CERT_BASIC, OV_SSL_CERT, OV_SSL_CERT_PRO,
	// EV_SSL_CERT or EV_SSL_CERT_PRO. OV and EV applications need the company fields.
	Type string `json:"type,omitempty"`
	// DomainType is SINGLE_DOMAIN (the default), WILDCARD or MULTI_DOMAIN.
	DomainType string `json:"domain_type,omitempty"`
	// DomainCount is how many domains a multi-domain certificate covers, the primary one
	// included (default 1).
	DomainCount int `json:"domain_count,omitempty"`
	// WildcardCount is how many of those may be wildcards (default 0).
	WildcardCount int `json:"wildcard_count,omitempty"`
	// Brand is the authority: GLOBALSIGN (the default), SYMANTEC, GEOTRUST or CFCA.
	Brand string `json:"brand,omitempty"`
	// Refuse makes every review of this certificate end UNPASSED instead of ISSUED.
	Refuse bool `json:"refuse,omitempty"`
	// InUse names a cloud service that uses the certificate, such as "ELB": deleting it is
	// refused (SetInUse changes it later).
	InUse string `json:"in_use,omitempty"`
}

var seedIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{16}$`)

var certificateTypes = map[string]bool{
	"DV_SSL_CERT": true, "DV_SSL_CERT_BASIC": true, "OV_SSL_CERT": true,
	"OV_SSL_CERT_PRO": true, "EV_SSL_CERT": true, "EV_SSL_CERT_PRO": true,
}

var brands = map[string]bool{"GLOBALSIGN": true, "SYMANTEC": true, "GEOTRUST": true, "CFCA": true}

// LoadSeeds reads a JSON array of Seed from a file; unknown fields are refused, so that a
// misspelt field is not silently ignored.
func LoadSeeds(path string) ([]Seed, error) {
	f, err := os.Open(path) //nolint:gosec // the file the user named on the command line
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	var seeds []Seed
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seeds); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return seeds, nil
}

// record is a certificate with what the emulator needs to move it along.
type record struct {
	Certificate
	refuse    bool
	changedAt time.Time
	// appliedAt is when the application was taken.
	appliedAt time.Time
	// What the application asked for that the show call does not return.
	autoDNS      bool
	keyAlgorithm string
	csrKey       crypto.PublicKey
	// issued holds the PEM pieces the export call returns, once issued (or uploaded).
	issued *issuedPEM
	// inUse names the cloud service that uses the certificate; "" for none.
	inUse string
}

func newRecord(seed Seed) (*record, error) {
	if !seedIDPattern.MatchString(seed.ID) {
		return nil, fmt.Errorf("certificate id %q: want 16 letters or digits, like scs1554192131150", seed.ID)
	}
	if seed.Type == "" {
		seed.Type = "DV_SSL_CERT"
	}
	if !certificateTypes[seed.Type] {
		return nil, fmt.Errorf("certificate %s: unknown type %q", seed.ID, seed.Type)
	}
	switch seed.DomainType {
	case "":
		seed.DomainType = "SINGLE_DOMAIN"
	case "SINGLE_DOMAIN", "WILDCARD", "MULTI_DOMAIN":
	default:
		return nil, fmt.Errorf("certificate %s: unknown domain type %q", seed.ID, seed.DomainType)
	}
	if seed.DomainCount < 1 {
		seed.DomainCount = 1
	}
	if seed.WildcardCount < 0 || seed.WildcardCount > seed.DomainCount {
		return nil, fmt.Errorf("certificate %s: wildcard_count %d is not between 0 and domain_count %d", seed.ID, seed.WildcardCount, seed.DomainCount)
	}
	if seed.Brand == "" {
		seed.Brand = "GLOBALSIGN"
	}
	if !brands[seed.Brand] {
		return nil, fmt.Errorf("certificate %s: unknown brand %q", seed.ID, seed.Brand)
	}
	return &record{
		Certificate: Certificate{
			ID:                  seed.ID,
			Status:              "PAID",
			OrderID:             "CS" + seed.ID[3:],
			Name:                "scm-" + seed.ID[len(seed.ID)-6:],
			Type:                seed.Type,
			Brand:               seed.Brand,
			SignatureAlgorithm:  "SHA256WITHRSA",
			ValidityPeriod:      12,
			DomainType:          seed.DomainType,
			DomainCount:         seed.DomainCount,
			WildcardCount:       seed.WildcardCount,
			EnterpriseProjectID: "0",
		},
		refuse: seed.Refuse, inUse: seed.InUse,
	}, nil
}

// snapshot is a deep copy of the certificate, safe to encode after the lock is released.
func (r *record) snapshot() Certificate {
	c := r.Certificate
	c.Authentication = append([]ValidationRecord(nil), r.Authentication...)
	return c
}

// clearApplication returns the certificate to its purchased state.
func (r *record) clearApplication() {
	r.Domain, r.Sans, r.ValidationMethod = "", "", ""
	r.ApplicationInfo = ApplicationInfo{}
	r.Authentication = nil
	r.IssueTime, r.NotBefore, r.NotAfter, r.Fingerprint = "", "", "", ""
	r.autoDNS, r.keyAlgorithm, r.csrKey, r.issued = false, "", nil, nil
}
