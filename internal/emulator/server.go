// Package emulator is a local SSL Certificate Manager service: it verifies AK/SK
// signatures, enforces the request rules of SCM-API.md, keeps certificates and moves
// them through the real statuses, and injects faults on demand. Tests use it in-process
// with httptest; cmd/scm-emulator runs it as a process.
//
// It imports nothing from the rest of the project, so that it catches the client's
// mistakes instead of mirroring them.
package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Options configure a Server.
type Options struct {
	AccessKey string
	SecretKey string
	// ReviewTime is how long an application stays CHECKING before it is issued (or
	// refused); zero keeps it CHECKING until Issue is called.
	ReviewTime time.Duration
	// WithdrawalTime is how long a withdrawal stays CANCELCHECKING before PAID.
	WithdrawalTime time.Duration
	// RandomSeed makes the random faults repeatable.
	RandomSeed uint64
	// Now replaces the clock (tests).
	Now func() time.Time
}

// Server is the emulated SCM service. It is an http.Handler.
type Server struct {
	opts    Options
	handler http.Handler

	mu        sync.Mutex
	certs     map[string]*record
	faults    Faults
	script    map[Operation][]Fault
	rng       *rand.Rand
	counts    Counts
	requestNo int
}

// New returns a server holding the seeded certificates.
func New(opts Options, seeds ...Seed) (*Server, error) {
	if opts.AccessKey == "" || opts.SecretKey == "" {
		return nil, fmt.Errorf("emulator: an access key and a secret key are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:   opts,
		certs:  map[string]*record{},
		script: map[Operation][]Fault{},
		rng:    rand.New(rand.NewPCG(opts.RandomSeed, opts.RandomSeed^0x5eed)), //nolint:gosec // fault draws need no cryptographic randomness
		counts: Counts{ApplicationsByCertificate: map[string]int{}},
	}
	if err := s.AddCertificates(seeds...); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /v3/scm/certificates/{id}", s.api(OpShow, s.show))
	mux.Handle("POST /v3/scm/certificates/{id}/apply", s.api(OpApply, s.apply))
	mux.Handle("POST /v3/scm/certificates/{id}/cancel-cert", s.api(OpWithdraw, s.withdraw))
	s.registerAdmin(mux)
	s.handler = mux
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// operation acts on a request under s.mu and returns the HTTP status and the answer.
type operation func(id string, body []byte, now time.Time) (int, any)

// api wraps an operation with what the gateway does: faults, signature, request ids.
func (s *Server) api(op Operation, act operation) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return
		}
		s.mu.Lock()
		s.counts.Requests++
		s.requestNo++
		w.Header().Set("X-Request-Id", fmt.Sprintf("emu-%08d", s.requestNo))
		fault := s.pickFault(op)
		retryAfter := s.faults.RetryAfter
		delay := s.faults.Delay
		if fault == Throttle {
			s.counts.Throttled++
		}
		s.mu.Unlock()

		now := s.opts.Now()
		switch {
		case fault == Throttle:
			if retryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter.Seconds())))
			}
			writeJSON(w, http.StatusTooManyRequests, errorAnswer{"APIGW.0308", "The throttling threshold has been reached"})
			return
		case verifySignature(r, body, s.opts.AccessKey, s.opts.SecretKey, now) != nil:
			s.count(func(c *Counts) { c.Unauthorized++ })
			writeJSON(w, http.StatusUnauthorized, errorAnswer{"APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail"})
			return
		case fault == ServerError:
			s.count(func(c *Counts) { c.ServerErrors++ })
			writeJSON(w, http.StatusInternalServerError, errorAnswer{"SCM.0016", "Internal error, please try again later"})
			return
		case fault == Slow:
			if !sleep(r.Context(), delay) {
				return
			}
		}

		s.mu.Lock()
		status, answer := act(r.PathValue("id"), body, s.opts.Now())
		if status >= 400 && status < 500 {
			s.counts.Rejected++
		}
		if fault == DropAfterAct {
			s.counts.Dropped++
		}
		s.mu.Unlock()

		if fault == DropAfterAct {
			dropConnection(w)
			return
		}
		writeJSON(w, status, answer)
	})
}

func (s *Server) count(update func(*Counts)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	update(&s.counts)
}

func (s *Server) show(id string, _ []byte, now time.Time) (int, any) {
	s.counts.Shows++
	c, ok := s.certs[id]
	if !ok {
		return http.StatusNotFound, errorAnswer{"SCM.0020", "certificate " + id + " does not exist"}
	}
	s.advance(c, now)
	return http.StatusOK, c.Certificate
}

func (s *Server) apply(id string, body []byte, now time.Time) (int, any) {
	s.counts.ApplyAttempts++
	c, ok := s.certs[id]
	if !ok {
		return http.StatusNotFound, errorAnswer{"SCM.0020", "certificate " + id + " does not exist"}
	}
	var req applyRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return http.StatusBadRequest, errorAnswer{"SCM.0005", "the request body is invalid: " + err.Error()}
	}
	s.advance(c, now)
	if c.Status != "PAID" {
		return http.StatusBadRequest, errorAnswer{"SCM.0010", "the certificate is " + c.Status + "; only a PAID certificate can be applied for"}
	}
	if rejection := checkApplication(c, &req); rejection != nil {
		return rejection.status, errorAnswer{rejection.code, rejection.msg}
	}

	domains := append([]string{req.Domain}, splitSans(req.Sans)...)
	c.Domain, c.Sans = req.Domain, req.Sans
	c.ValidationMethod = req.DomainMethod
	if c.ValidationMethod == "" {
		c.ValidationMethod = "DNS"
	}
	c.ApplicationInfo = ApplicationInfo{
		Country: req.Country, CompanyName: req.CompanyName, CompanyProvince: req.CompanyProvince,
		CompanyCity: req.CompanyCity, ApplicantName: req.ApplicantName, ApplicantPhone: req.ApplicantPhone,
		ApplicantEmail: req.ApplicantEmail, ContactName: req.ContactName, ContactPhone: req.ContactPhone,
		ContactEmail: req.ContactEmail,
	}
	c.Authentication = validationRecords(c.ID, domains)
	c.setStatus("CHECKING", now)
	s.counts.Applications++
	s.counts.ApplicationsByCertificate[id]++
	return http.StatusOK, map[string]string{"request_info": "success"}
}

func (s *Server) withdraw(id string, _ []byte, now time.Time) (int, any) {
	s.counts.WithdrawAttempts++
	c, ok := s.certs[id]
	if !ok {
		return http.StatusNotFound, errorAnswer{"SCM.0020", "certificate " + id + " does not exist"}
	}
	s.advance(c, now)
	switch c.Status {
	case "CHECKING", "CHECKING_ORG", "SUPPLEMENTCHECKING":
	default:
		return http.StatusBadRequest, errorAnswer{"SCM.0010", "the certificate is " + c.Status + "; only an application under review can be withdrawn"}
	}
	c.setStatus("CANCELCHECKING", now)
	s.advance(c, now)
	s.counts.Withdrawals++
	return http.StatusOK, map[string]string{"cert_id": id, "message": "success"}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// dropConnection closes the connection without a response, as a broken network would.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: aborting the handler resets the stream
	}
	_ = conn.Close()
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
