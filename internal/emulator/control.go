package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// The calls below act on the emulator from outside the API, as a person in the
// vendor's console or the review process would: tests use them to cause drift.

// AddCertificates adds purchased certificates in status PAID.
func (s *Server) AddCertificates(seeds ...Seed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, seed := range seeds {
		r, err := newRecord(seed)
		if err != nil {
			return err
		}
		if _, exists := s.certs[seed.ID]; exists {
			return fmt.Errorf("certificate %s exists already", seed.ID)
		}
		s.certs[seed.ID] = r
	}
	return nil
}

// Certificate returns what a show of id would return now.
func (s *Server) Certificate(id string) (Certificate, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.certs[id]
	if !ok {
		return Certificate{}, false
	}
	s.advance(r, s.opts.Now())
	c := r.Certificate
	c.Authentication = append([]ValidationRecord(nil), r.Authentication...)
	return c, true
}

// Update changes a certificate in place, as an out-of-band edit would.
func (s *Server) Update(id string, change func(*Certificate)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.certs[id]
	if !ok {
		return fmt.Errorf("no certificate %s", id)
	}
	s.advance(r, s.opts.Now())
	change(&r.Certificate)
	return nil
}

// Issue ends the review of a certificate's application now (ISSUED, or UNPASSED when
// the seed says Refuse).
func (s *Server) Issue(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.certs[id]
	if !ok || r.Status != "CHECKING" {
		return fmt.Errorf("certificate %s has no application under review", id)
	}
	s.finishReview(r, s.opts.Now())
	return nil
}

// WithdrawOutOfBand returns a certificate with an application to PAID at once.
func (s *Server) WithdrawOutOfBand(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.certs[id]
	if !ok {
		return fmt.Errorf("no certificate %s", id)
	}
	r.clearApplication()
	r.setStatus("PAID", s.opts.Now())
	return nil
}

// Delete removes a certificate, as deleting it in the console would.
func (s *Server) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.certs, id)
}

// registerAdmin serves the control calls over HTTP for a running emulator process
// (the demo and the benchmarks). They are not part of the SCM API and are not signed.
func (s *Server) registerAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET /_emulator/counts", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Counts())
	})
	mux.HandleFunc("POST /_emulator/counts/reset", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetCounts()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("PUT /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
			writeJSON(w, http.StatusBadRequest, errorAnswer{"EMULATOR", err.Error()})
			return
		}
		s.SetFaults(f)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_emulator/certificates", func(w http.ResponseWriter, r *http.Request) {
		var seeds []Seed
		if err := json.NewDecoder(r.Body).Decode(&seeds); err != nil {
			writeJSON(w, http.StatusBadRequest, errorAnswer{"EMULATOR", err.Error()})
			return
		}
		if err := s.AddCertificates(seeds...); err != nil {
			writeJSON(w, http.StatusBadRequest, errorAnswer{"EMULATOR", err.Error()})
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("GET /_emulator/certificates/{id}", func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.Certificate(r.PathValue("id"))
		if !ok {
			writeJSON(w, http.StatusNotFound, errorAnswer{"EMULATOR", "no such certificate"})
			return
		}
		writeJSON(w, http.StatusOK, c)
	})
}
