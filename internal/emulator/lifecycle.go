package emulator

import "time"

// The status machine runs lazily: a certificate catches up with the service clock
// whenever it is looked at, so the emulator needs no background goroutines.

const timeLayout = "2006-01-02 15:04:05.0"

// knownStatuses are the statuses the API reference documents.
var knownStatuses = []string{
	"PAID", "CHECKING", "CHECKING_ORG", "ISSUING", "CANCELCHECKING", "UNPASSED", "ISSUED", "EXPIRED",
	"REVOKING", "REVOKED", "UPLOAD", "SUPPLEMENTCHECKING", "CANCELSUPPLEMENTING",
}

// advance brings r up to date with the service clock; the caller holds s.mu.
func (s *Server) advance(r *record) {
	now := s.clock.time()
	switch r.Status {
	case "CHECKING":
		if at, ends := s.reviewEnds(r); ends && !now.Before(at) {
			s.finishReview(r, at)
		}
	case "CANCELCHECKING":
		if at := r.changedAt.Add(time.Duration(s.settings.WithdrawalTime)); !now.Before(at) {
			r.clearApplication()
			s.setStatus(r, "PAID", at)
		}
	case "ISSUED":
		if end, err := time.Parse(timeLayout, r.NotAfter); err == nil && !now.Before(end) {
			s.setStatus(r, "EXPIRED", end)
		}
	}
}

// reviewEnds says when the review of r's application ends on its own, if it does.
func (s *Server) reviewEnds(r *record) (time.Time, bool) {
	review := time.Duration(s.settings.ReviewTime)
	if !s.settings.DNSValidation {
		return r.changedAt.Add(review), review > 0
	}
	end := r.changedAt.Add(review)
	if r.ValidationMethod == "DNS" && !r.autoDNS {
		published, ok := s.recordsPublishedAt(r)
		if !ok {
			return time.Time{}, false
		}
		if published.After(end) {
			end = published
		}
	}
	return end, true
}

func (s *Server) setStatus(r *record, status string, at time.Time) {
	r.Status, r.changedAt = status, at
	kind := map[string]string{
		"CHECKING": EventApplied, "CANCELCHECKING": EventWithdrawn, "PAID": EventPaid,
		"ISSUED": EventIssued, "UNPASSED": EventRefused,
	}[status]
	if kind == "" {
		kind = EventEdited
	}
	s.logEvent(kind, r.ID, status)
}

// finishReview ends the review of an application: refused, or issued with a real
// certificate from the test authority.
func (s *Server) finishReview(r *record, at time.Time) {
	if r.refuse {
		s.setStatus(r, "UNPASSED", at)
		return
	}
	issued, leaf, err := s.issuer.issue(r, at, time.Duration(s.settings.Validity))
	if err != nil {
		// Only a broken random source gets here; the review then stays open.
		return
	}
	r.issued = issued
	r.IssueTime = at.UTC().Format(timeLayout)
	r.NotBefore = leaf.NotBefore.UTC().Format(timeLayout)
	r.NotAfter = leaf.NotAfter.UTC().Format(timeLayout)
	r.Fingerprint = fingerprint(leaf)
	s.setStatus(r, "ISSUED", at)
}
