package emulator

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"time"
)

// Seed describes a purchased certificate the emulator starts with.
type Seed struct {
	ID string `json:"id"`
	// Type is DV_SSL_CERT, DV_SSL_CERT_BASIC, OV_SSL_CERT, OV_SSL_CERT_PRO, EV_SSL_CERT or EV_SSL_CERT_PRO.
	Type string `json:"type"`
	// DomainType is SINGLE_DOMAIN, WILDCARD or MULTI_DOMAIN.
	DomainType string `json:"domain_type"`
	// DomainCount is how many domains a multi-domain certificate covers, the primary included.
	DomainCount int `json:"domain_count"`
	// WildcardCount is how many of them may be wildcards.
	WildcardCount int    `json:"wildcard_count"`
	Brand         string `json:"brand"`
	// Refuse makes the review end UNPASSED instead of ISSUED.
	Refuse bool `json:"refuse"`
}

var seedIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{16}$`)

var certificateTypes = map[string]bool{
	"DV_SSL_CERT": true, "DV_SSL_CERT_BASIC": true, "OV_SSL_CERT": true,
	"OV_SSL_CERT_PRO": true, "EV_SSL_CERT": true, "EV_SSL_CERT_PRO": true,
}

// LoadSeeds reads a JSON array of Seed from a file.
func LoadSeeds(path string) ([]Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var seeds []Seed
	if err := json.Unmarshal(data, &seeds); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return seeds, nil
}

// record is a certificate with what the emulator needs to move it along.
type record struct {
	Certificate
	refuse    bool
	changedAt time.Time
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
	if seed.Brand == "" {
		seed.Brand = "GLOBALSIGN"
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
		refuse: seed.Refuse,
	}, nil
}

// clearApplication returns the certificate to its purchased state.
func (r *record) clearApplication() {
	r.Domain, r.Sans, r.ValidationMethod = "", "", ""
	r.ApplicationInfo = ApplicationInfo{}
	r.Authentication = nil
	r.IssueTime, r.NotBefore, r.NotAfter, r.Fingerprint = "", "", "", ""
}
