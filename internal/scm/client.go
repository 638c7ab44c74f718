// Package scm is a client of the SSL Certificate Manager API of Huawei Cloud: requests
// signed with AK/SK, typed wire structs and errors, a rate limiter that keeps to the
// gateway's throttling policies, and
// retries that never submit an application twice. It knows nothing of Terraform: the
// provider hands it a Logger.
package scm

import (
	"crypto/tls"
	"errors"
	"net/http"
	"strings"
	"time"
)

// Config is what a Client needs. Zero values take the documented defaults.
type Config struct {
	// Endpoint is the base URL, such as https://scm.ap-southeast-1.myhuaweicloud.com.
	Endpoint    string
	Credentials Credentials
	// DomainID is the account id, sent as X-Domain-Id when set.
	DomainID string
	// Insecure skips TLS certificate verification.
	Insecure bool
	// MaxRetries bounds the retries after the first attempt of a request.
	MaxRetries int
	// MaxRequestsPerSecond caps the pace of requests; 0 leaves it to the limiter alone,
	// which starts unpaced and keeps to the policies the gateway names in its 429s.
	MaxRequestsPerSecond float64
	// UserAgent is sent with every request.
	UserAgent string
	// Backoff paces retries; nil takes DefaultBackoff.
	Backoff *Backoff
	// HTTPClient replaces the default transport (tests); Insecure is then ignored.
	HTTPClient *http.Client
	// Logger receives a line per call and per retry; nil discards them.
	Logger Logger
	// Clock replaces the real time (tests).
	Clock Clock
	// RequestTimeout bounds each attempt of a request, the answer's body included; 0
	// takes DefaultRequestTimeout.
	RequestTimeout time.Duration
}

// Client calls the SCM API. It is safe for concurrent use, and its rate limiter is
// shared by all its callers.
type Client struct {
	endpoint   string
	creds      Credentials
	domainID   string
	maxRetries int
	userAgent  string
	backoff    Backoff
	httpClient *http.Client
	logger     Logger
	clock      Clock
	limiter    *limiter
	// requestTimeout bounds each attempt.
	requestTimeout time.Duration
	// jitter draws the backoff's jitter; nil uses the global source (tests seed it).
	jitter func(n int64) int64
}

// DefaultMaxRetries is the retry budget when the configuration sets none.
const DefaultMaxRetries = 5

// DefaultRequestTimeout bounds one attempt of a request. The service answers within
// seconds; an endpoint that accepts a connection and then says nothing (a proxy or a
// firewall that swallows the request) is reported after this long instead of holding an
// operation until its own timeout.
const DefaultRequestTimeout = time.Minute

// NewClient checks cfg and returns a client.
func NewClient(cfg Config) (*Client, error) {
	if cfg.Endpoint == "" {
		return nil, errors.New("scm: an endpoint is required")
	}
	if cfg.Credentials.AccessKey == "" || cfg.Credentials.SecretKey == "" {
		return nil, errors.New("scm: an access key and a secret key are required")
	}
	if cfg.MaxRetries < 0 || cfg.MaxRequestsPerSecond < 0 || cfg.RequestTimeout < 0 {
		return nil, errors.New("scm: max retries, max requests per second and the request timeout cannot be negative")
	}
	c := &Client{
		endpoint:       strings.TrimRight(cfg.Endpoint, "/"),
		creds:          cfg.Credentials,
		domainID:       cfg.DomainID,
		maxRetries:     cfg.MaxRetries,
		userAgent:      cfg.UserAgent,
		backoff:        DefaultBackoff,
		httpClient:     cfg.HTTPClient,
		logger:         cfg.Logger,
		clock:          cfg.Clock,
		limiter:        newLimiter(cfg.MaxRequestsPerSecond),
		requestTimeout: cfg.RequestTimeout,
	}
	if c.requestTimeout == 0 {
		c.requestTimeout = DefaultRequestTimeout
	}
	if cfg.Backoff != nil {
		c.backoff = *cfg.Backoff
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-scm"
	}
	if c.logger == nil {
		c.logger = discardLogger{}
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	if c.httpClient == nil {
		base, ok := http.DefaultTransport.(*http.Transport)
		if !ok {
			base = &http.Transport{Proxy: http.ProxyFromEnvironment}
		}
		transport := base.Clone()
		// Terraform runs ten operations at once by default; keep that many connections
		// alive rather than the default two, so that they are not dialled again.
		transport.MaxIdleConnsPerHost = 16
		if cfg.Insecure {
			transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked for it with insecure = true
		}
		c.httpClient = &http.Client{Transport: transport}
	}
	return c, nil
}
