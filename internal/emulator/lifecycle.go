package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// The status machine runs lazily: a certificate catches up with the clock whenever it is
// looked at, so the emulator needs no background goroutines.

const timeLayout = "2006-01-02 15:04:05.0"

func (s *Server) advance(r *record, now time.Time) {
	switch r.Status {
	case "CHECKING":
		if s.opts.ReviewTime > 0 && now.Sub(r.changedAt) >= s.opts.ReviewTime {
			s.finishReview(r, r.changedAt.Add(s.opts.ReviewTime))
		}
	case "CANCELCHECKING":
		if now.Sub(r.changedAt) >= s.opts.WithdrawalTime {
			r.clearApplication()
			r.setStatus("PAID", r.changedAt.Add(s.opts.WithdrawalTime))
		}
	}
}

func (r *record) setStatus(status string, at time.Time) {
	r.Status, r.changedAt = status, at
}

// finishReview ends the review of an application: refused, or issued for a year.
func (s *Server) finishReview(r *record, at time.Time) {
	if r.refuse {
		r.setStatus("UNPASSED", at)
		return
	}
	r.setStatus("ISSUED", at)
	r.IssueTime = at.UTC().Format(timeLayout)
	r.NotBefore = at.UTC().Format(timeLayout)
	r.NotAfter = at.UTC().AddDate(0, r.ValidityPeriod, 0).Format(timeLayout)
	sum := sha256.Sum256([]byte(r.ID + r.Domain + r.IssueTime))
	r.Fingerprint = strings.ToUpper(hex.EncodeToString(sum[:20]))
}

// validationRecords are the DNS TXT records that prove ownership of each domain.
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
