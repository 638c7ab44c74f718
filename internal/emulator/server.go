// Package emulator is a local SSL Certificate Manager service: it verifies AK/SK
// signatures, enforces the request rules of the API reference, keeps certificates and
// moves them through the real statuses, issues real X.509 certificates from a test
// authority, and misbehaves on demand (faults, a rate limit, masked answers). Tests use it
// in-process with httptest; cmd/scm-emulator runs it as a process.
//
// Every control is a Go method on Server and an HTTP call under /_emulator/ (control.go,
// control_http.go); settings that shape start-up are flags of cmd/scm-emulator too.
//
// It imports nothing from the rest of the project, so that it catches the client's
// mistakes instead of mirroring them.
package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Options configure a Server.
type Options struct {
	AccessKey string
	SecretKey string
	// ReviewTime is how long the authority takes to review an application. Zero means the
	// review never ends on its own: Issue or Refuse end it, and with DNSValidation so does
	// the publication of the application's records.
	ReviewTime time.Duration
	// WithdrawalTime is how long a withdrawal stays CANCELCHECKING before PAID.
	WithdrawalTime time.Duration
	// DNSValidation makes a DNS-validated application wait for its validation records:
	// it is issued once every record is published (PublishRecord) and its review time
	// has passed. auto_dns_auth = true counts as published.
	DNSValidation bool
	// MaskPersonalData makes the show call mask phones and e-mails, as 13****28932.
	MaskPersonalData bool
	// RecordsDelay is how long after an application the show call starts to report its
	// DNS validation records (by the service clock); until then it reports none.
	RecordsDelay time.Duration
	// Validity is how long issued certificates are valid (Settings.Validity); 0: their
	// validity_period in months.
	Validity time.Duration
	// Faults are the faults and rate limit the emulator starts with.
	Faults Faults
	// RandomSeed makes the random faults repeatable.
	RandomSeed uint64
	// Now is the gateway's clock, for signature dates and the rate limit (default
	// time.Now).
	Now func() time.Time
	// FrozenClock stops the service clock at start-up: reviews and withdrawals then end
	// only when AdvanceClock moves it.
	FrozenClock bool
}

// Exchange is what an observer learns of one API request, before its answer is sent.
type Exchange struct {
	Operation     Operation
	CertificateID string
	// HTTPStatus and ErrorCode are the answer's; HTTPStatus is 0 for a dropped connection.
	HTTPStatus int
	ErrorCode  string
	// CertificateStatus is the certificate's status after the request ("" if there is none).
	CertificateStatus string
}

// Server is the emulated SCM service. It is an http.Handler.
type Server struct {
	opts    Options
	handler http.Handler
	// certificateCalls serve the calls on one certificate (routes.go).
	certificateCalls map[certificateRoute]http.Handler
	issuer           *issuer

	mu        sync.Mutex
	certs     map[string]*record
	settings  Settings
	clock     serviceClock
	faults    Faults
	bucket    *rate.Limiter
	window    windowCounter
	script    map[Operation][]Fault
	rng       *rand.Rand
	counts    Counts
	requestNo int
	published map[PublishedRecord]time.Time
	events    []Event
	observers []func(Exchange)
}

// New returns a server holding the seeded certificates.
func New(opts Options, seeds ...Seed) (*Server, error) {
	if opts.AccessKey == "" || opts.SecretKey == "" {
		return nil, fmt.Errorf("emulator: an access key and a secret key are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.Faults = opts.Faults.withDefaults()
	if err := opts.Faults.check(); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	ca, err := newIssuer(opts.Now())
	if err != nil {
		return nil, fmt.Errorf("emulator: making the test authority: %w", err)
	}
	s := &Server{
		opts:   opts,
		issuer: ca,
		certs:  map[string]*record{},
		settings: Settings{
			ReviewTime: Duration(opts.ReviewTime), WithdrawalTime: Duration(opts.WithdrawalTime),
			DNSValidation: opts.DNSValidation, MaskPersonalData: opts.MaskPersonalData, RecordsDelay: Duration(opts.RecordsDelay),
			Validity: Duration(opts.Validity),
		},
		clock:     newServiceClock(opts.Now, opts.FrozenClock),
		faults:    opts.Faults,
		bucket:    opts.Faults.bucket(),
		script:    map[Operation][]Fault{},
		rng:       rand.New(rand.NewPCG(opts.RandomSeed, opts.RandomSeed^0x5eed)), //nolint:gosec // fault draws need no cryptographic randomness
		counts:    newCounts(),
		published: map[PublishedRecord]time.Time{},
	}
	if err := s.AddCertificates(seeds...); err != nil {
		return nil, err
	}
	s.certificateCalls = map[certificateRoute]http.Handler{
		{http.MethodGet, ""}:             s.api(OpShow, s.show),
		{http.MethodPost, "apply"}:       s.api(OpApply, s.apply),
		{http.MethodPost, "cancel-cert"}: s.api(OpWithdraw, s.withdraw),
		{http.MethodPost, "export"}:      s.api(OpExport, s.export),
		{http.MethodDelete, ""}:          s.api(OpDelete, s.deleteCertificate),
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+certificatesPath, s.api(OpList, s.list))
	mux.Handle("POST "+importPath, s.api(OpImport, s.importCertificate))
	s.registerControls(mux)
	s.handler = mux
	return s, nil
}

// importPath is the upload call, which the router of calls on one certificate must not
// take for a certificate named "import".
const importPath = certificatesPath + "/import"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == importPath {
		s.handler.ServeHTTP(w, r)
		return
	}
	if handler, id := routeCertificateCall(s.certificateCalls, r); handler != nil {
		r.SetPathValue("id", id)
		handler.ServeHTTP(w, r)
		return
	}
	s.handler.ServeHTTP(w, r)
}

// CertificateAuthority returns the PEM certificate of the emulator's test authority,
// which signs every certificate it issues.
func (s *Server) CertificateAuthority() string { return s.issuer.certPEM }

// apiRequest is what an operation acts on.
type apiRequest struct {
	id    string
	body  []byte
	query url.Values
}

// operation acts on a request under s.mu and returns the HTTP status and the answer,
// which must share nothing with the store (it is encoded after the lock is released).
type operation func(req apiRequest) (int, any)

// api wraps an operation with what the gateway does: the rate limit, faults, the
// signature, request ids; then it tells the observers.
func (s *Server) api(op Operation, act operation) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return
		}
		gatewayNow := s.opts.Now()
		s.mu.Lock()
		s.counts.Requests++
		s.requestNo++
		w.Header().Set("X-Request-Id", fmt.Sprintf("emu-%08d", s.requestNo))
		// The policies refuse first, then the random faults; the 429 names the policy
		// that refused, as the gateway's does, and none for a random one.
		refusal := ""
		switch {
		case s.bucket != nil && !s.bucket.AllowN(gatewayNow, 1):
			refusal = s.faults.bucketPolicy()
		case !s.window.admits(s.faults, gatewayNow):
			refusal = policyMessage(s.faults.WindowLimit, time.Duration(s.faults.Window))
		}
		fault := NoFault
		if refusal == "" {
			fault = s.pickFault(op)
		}
		retryAfter, delay := s.faults.RetryAfter, s.faults.Delay
		if refusal != "" {
			s.counts.RateLimited++
		}
		if fault == Throttle {
			refusal = throttledMessage
		}
		if refusal != "" {
			s.counts.Throttled++
		}
		s.mu.Unlock()

		req := apiRequest{id: r.PathValue("id"), body: body, query: r.URL.Query()}
		switch {
		case refusal != "":
			if retryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(int(time.Duration(retryAfter).Seconds())))
			}
			s.answer(w, op, req.id, http.StatusTooManyRequests, errorAnswer{"APIGW.0308", refusal})
			return
		case verifySignature(r, body, s.opts.AccessKey, s.opts.SecretKey, gatewayNow) != nil:
			s.count(func(c *Counts) { c.Unauthorized++ })
			s.answer(w, op, req.id, http.StatusUnauthorized, errorAnswer{"APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail"})
			return
		case fault == ServerError:
			s.count(func(c *Counts) { c.ServerErrors++ })
			s.answer(w, op, req.id, http.StatusInternalServerError, errorAnswer{"SCM.0016", "Internal error, please try again later"})
			return
		case fault == Slow:
			if !sleep(r.Context(), time.Duration(delay)) {
				return
			}
		}

		s.mu.Lock()
		status, answer := act(req)
		if status >= 400 && status < 500 {
			s.counts.Rejected++
		}
		if fault == DropAfterAct {
			s.counts.Dropped++
		}
		s.mu.Unlock()

		if fault == DropAfterAct {
			s.notify(op, req.id, 0, nil)
			dropConnection(w)
			return
		}
		s.answer(w, op, req.id, status, answer)
	})
}

// answer tells the observers, then writes the answer: an observer may change the
// emulator before the client can act on what it hears.
func (s *Server) answer(w http.ResponseWriter, op Operation, id string, status int, answer any) {
	s.notify(op, id, status, answer)
	writeJSON(w, status, answer)
}

func (s *Server) notify(op Operation, id string, status int, answer any) {
	s.mu.Lock()
	observers := s.observers
	exchange := Exchange{Operation: op, CertificateID: id, HTTPStatus: status}
	if c, ok := s.certs[id]; ok {
		exchange.CertificateStatus = c.Status
	}
	s.mu.Unlock()
	if e, ok := answer.(errorAnswer); ok {
		exchange.ErrorCode = e.ErrorCode
	}
	for _, observe := range observers {
		observe(exchange)
	}
}

func (s *Server) count(update func(*Counts)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	update(&s.counts)
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
