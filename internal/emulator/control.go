package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The controls act on the emulator from outside the API, as the vendor's console, the
// certificate authority or a DNS provider would. Each is also an HTTP call under
// /_emulator/ (control_http.go), so that shell scripts can do what Go tests do.

// Settings shape how the emulated service behaves; see Options for their meaning.
type Settings struct {
	ReviewTime       Duration `json:"review_time"`
	WithdrawalTime   Duration `json:"withdrawal_time"`
	DNSValidation    bool     `json:"dns_validation"`
	MaskPersonalData bool     `json:"mask_personal_data"`
	RecordsDelay     Duration `json:"records_delay"`
	// Validity is how long the certificates issued from now on are valid; 0: their
	// validity_period in months. The service clock turns an issued certificate EXPIRED
	// at its end.
	Validity Duration `json:"validity"`
}

// ControlError is a control call the emulator refuses; Status is the HTTP status the
// control API answers with it.
type ControlError struct {
	Status  int
	Message string
}

func (e *ControlError) Error() string { return e.Message }

func noSuchCertificate(id string) error {
	return &ControlError{http.StatusNotFound, "no certificate " + id}
}

func conflict(format string, args ...any) error {
	return &ControlError{http.StatusConflict, fmt.Sprintf(format, args...)}
}

// AddCertificates adds purchased certificates in status PAID.
func (s *Server) AddCertificates(seeds ...Seed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	records := make([]*record, 0, len(seeds))
	for _, seed := range seeds {
		r, err := newRecord(seed)
		if err != nil {
			return &ControlError{http.StatusBadRequest, err.Error()}
		}
		if _, exists := s.certs[seed.ID]; exists || slices.ContainsFunc(records, func(o *record) bool { return o.ID == seed.ID }) {
			return conflict("certificate %s exists already", seed.ID)
		}
		records = append(records, r)
	}
	for _, r := range records {
		r.changedAt = s.clock.time()
		s.certs[r.ID] = r
	}
	return nil
}

// Certificate returns what a show of id would return now, never masked.
func (s *Server) Certificate(id string) (Certificate, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.lookUp(id)
	if !ok {
		return Certificate{}, false
	}
	return r.snapshot(), true
}

// Certificates returns every certificate, sorted by id.
func (s *Server) Certificates() []Certificate {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Certificate, 0, len(s.certs))
	for _, r := range s.certs {
		s.advance(r)
		out = append(out, r.snapshot())
	}
	slices.SortFunc(out, func(a, b Certificate) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Update changes a certificate in place, as an out-of-band edit would. change gets a
// copy; what it leaves there is stored.
func (s *Server) Update(id string, change func(*Certificate)) error {
	s.mu.Lock()
	r, ok := s.lookUp(id)
	if !ok {
		s.mu.Unlock()
		return noSuchCertificate(id)
	}
	edited := r.snapshot()
	s.mu.Unlock()

	change(&edited)
	edited.ID = id

	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok = s.certs[id]; !ok {
		return noSuchCertificate(id)
	}
	statusChanged := edited.Status != r.Status
	r.Certificate = edited
	if statusChanged {
		s.setStatus(r, edited.Status, s.clock.time())
	} else {
		s.logEvent(EventEdited, id, "")
	}
	return nil
}

// Edit applies a JSON merge patch of the show call's fields, such as
// {"status":"UNPASSED"} or {"application_info":{"applicant_name":"Jerry"}}; id cannot
// change.
func (s *Server) Edit(id string, patch json.RawMessage) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(patch, &fields); err != nil {
		return &ControlError{http.StatusBadRequest, "the patch is not a JSON object: " + err.Error()}
	}
	if _, ok := fields["id"]; ok {
		return &ControlError{http.StatusBadRequest, "id cannot change"}
	}
	var problem error
	err := s.Update(id, func(c *Certificate) {
		current, _ := json.Marshal(c)
		merged := mergePatch(current, patch)
		dec := json.NewDecoder(bytes.NewReader(merged))
		dec.DisallowUnknownFields()
		var edited Certificate
		if err := dec.Decode(&edited); err != nil {
			problem = &ControlError{http.StatusBadRequest, "the patch does not fit a certificate: " + err.Error()}
			return
		}
		if edited.Status == "" {
			problem = &ControlError{http.StatusBadRequest, "status cannot be empty"}
			return
		}
		*c = edited
	})
	if err != nil {
		return err
	}
	return problem
}

// mergePatch applies an RFC 7386 merge patch to a JSON object.
func mergePatch(target, patch []byte) []byte {
	var t, p map[string]json.RawMessage
	if json.Unmarshal(target, &t) != nil || json.Unmarshal(patch, &p) != nil {
		return patch
	}
	for key, value := range p {
		switch {
		case string(value) == "null":
			delete(t, key)
		case len(value) > 0 && value[0] == '{' && len(t[key]) > 0 && t[key][0] == '{':
			t[key] = mergePatch(t[key], value)
		default:
			t[key] = value
		}
	}
	merged, _ := json.Marshal(t)
	return merged
}

// Issue ends the review of a certificate's application now, with a certificate.
func (s *Server) Issue(id string) error { return s.endReview(id, false) }

// Refuse ends the review of a certificate's application now, as UNPASSED.
func (s *Server) Refuse(id string) error { return s.endReview(id, true) }

func (s *Server) endReview(id string, refuse bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.lookUp(id)
	if !ok {
		return noSuchCertificate(id)
	}
	if r.Status != "CHECKING" {
		return conflict("certificate %s is %s; only an application under review (CHECKING) can be issued or refused", id, r.Status)
	}
	keep := r.refuse
	r.refuse = refuse
	s.finishReview(r, s.clock.time())
	r.refuse = keep
	return nil
}

// Withdraw returns a certificate that has an application to PAID at once, as a
// withdrawal in the console would once finished.
func (s *Server) Withdraw(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.lookUp(id)
	if !ok {
		return noSuchCertificate(id)
	}
	if r.Status == "PAID" {
		return conflict("certificate %s is PAID; it has no application to withdraw", id)
	}
	r.clearApplication()
	s.setStatus(r, "PAID", s.clock.time())
	return nil
}

// Delete removes a certificate, as deleting it in the console would.
func (s *Server) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.certs[id]; !ok {
		return noSuchCertificate(id)
	}
	delete(s.certs, id)
	s.logEvent(EventDeleted, id, "")
	return nil
}

// SetFaults replaces the faults and the rate limit.
func (s *Server) SetFaults(f Faults) error {
	f = f.withDefaults()
	if err := f.check(); err != nil {
		return &ControlError{http.StatusBadRequest, err.Error()}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.bucket, s.window = f, f.bucket(), windowCounter{}
	return nil
}

// Faults returns the faults and rate limit in force.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// Script queues faults for the next requests of op, ahead of the random ones.
func (s *Server) Script(op Operation, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script[op] = append(s.script[op], faults...)
}

// SetSettings replaces the settings.
func (s *Server) SetSettings(settings Settings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings = settings
}

// Settings returns the settings in force.
func (s *Server) Settings() Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

// AdvanceClock moves the service clock forward by d: reviews and withdrawals due by then
// end.
func (s *Server) AdvanceClock(d time.Duration) error {
	if d < 0 {
		return &ControlError{http.StatusBadRequest, "the clock only moves forward"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock.offset += d
	return nil
}

// Now returns the service clock's time.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clock.time()
}

// PublishRecord publishes a DNS TXT value under a name, as a DNS provider would; with
// DNS validation on, an application is issued once all its records are published.
// Several values may share a name.
func (s *Server) PublishRecord(name, value string) error {
	r := PublishedRecord{Name: name, Value: value}.normalise()
	if r.Name == "" || r.Value == "" {
		return &ControlError{http.StatusBadRequest, "a record needs a name and a value"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, done := s.published[r]; !done {
		s.published[r] = s.clock.time()
		s.logEvent(EventPublished, "", r.Name)
	}
	return nil
}

// PublishedRecords returns the records published so far, sorted.
func (s *Server) PublishedRecords() []PublishedRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]PublishedRecord, 0, len(s.published))
	for r := range s.published {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b PublishedRecord) int {
		return cmpOr(strings.Compare(a.Name, b.Name), strings.Compare(a.Value, b.Value))
	})
	return out
}

// Events returns what happened so far, in order.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.events)
}

// Observe calls observe with every API exchange, after the emulator acted and before the
// client hears the answer: a test can then change the emulator at an exact point of a
// conversation (a review that ends right after a given answer), whatever the timing.
// Observers run on the request's goroutine, outside the emulator's lock, so requests in
// flight together call them concurrently. There is no HTTP form: it runs code.
func (s *Server) Observe(observe func(Exchange)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.observers = append(slices.Clone(s.observers), observe)
}
