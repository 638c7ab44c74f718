package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// validationRecords are the DNS TXT records that prove ownership of each domain. A
// wildcard and its base domain share one record name (_dnsauth.<base>) with different
// values, as authorities do, so a DNS provider must publish both values in one record set.
func validationRecords(id string, domains []string) []ValidationRecord {
	out := make([]ValidationRecord, 0, len(domains))
	for _, d := range domains {
		sum := sha256.Sum256([]byte(id + "/" + d))
		out = append(out, ValidationRecord{
			Domain:      d,
			RecordName:  "_dnsauth." + strings.TrimPrefix(d, "*."),
			RecordType:  "TXT",
			RecordValue: hex.EncodeToString(sum[:16]),
		})
	}
	return out
}

// PublishedRecord is a TXT value published under a name, as a DNS provider would.
type PublishedRecord struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// normalise makes a record comparable however a DNS provider writes it: names in lower
// case without the final dot, values without the quotes TXT records are written with.
func (p PublishedRecord) normalise() PublishedRecord {
	return PublishedRecord{
		Name:  strings.TrimSuffix(strings.ToLower(strings.TrimSpace(p.Name)), "."),
		Value: strings.Trim(strings.TrimSpace(p.Value), `"`),
	}
}

// recordsPublishedAt says when the last of r's validation records was published, and
// false while one of them is not; the caller holds s.mu.
func (s *Server) recordsPublishedAt(r *record) (time.Time, bool) {
	var latest time.Time
	for _, want := range r.Authentication {
		at, ok := s.published[PublishedRecord{Name: want.RecordName, Value: want.RecordValue}.normalise()]
		if !ok {
			return time.Time{}, false
		}
		if at.After(latest) {
			latest = at
		}
	}
	return latest, true
}
