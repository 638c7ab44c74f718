package scm

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// maxResponseBytes bounds what is read of an answer; SCM answers are a few KiB.
const maxResponseBytes = 1 << 20

// repeatable says whether a request may be sent again after the service may have acted
// on it. Reads may; an application must not, or it could be submitted twice.
type repeatable bool

const (
	safeToRepeat   repeatable = true
	unsafeToRepeat repeatable = false
)

// maxRefusedRetries bounds the retries of a refused connection: a service restarting
// comes back within seconds, while a wrong port never does.
const maxRefusedRetries = 2

// maxPacedRefusals bounds how often one request is refused by a named policy, waits in the
// limiter and goes again without spending a retry: a gateway that refuses a request fifty
// times in a row is not pacing by windows any more.
const maxPacedRefusals = 50

// do sends one API call with retries and decodes a 2xx answer into out.
//
// Throttling (429) and failures before the request left this machine (connection
// refused, a resolver timeout) are retried for every call: the service provably did not
// act. A 429 that names the gateway's policy waits in the limiter without spending a
// retry; a 429's Retry-After is waited there too. Other failures (5xx, a connection lost
// mid-request) are retried only for repeatable calls; for the others they become an
// OutcomeUnknownError. What no retry can mend (an untrusted or missing TLS endpoint, a
// host that does not exist) fails at once.
func (c *Client) do(ctx context.Context, method, path string, body, out any, mode repeatable) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("encoding the %s %s request: %w", method, path, err)
		}
	}

	refused, pacedRefusals := 0, 0
	for attempt, sent := 1, 1; ; sent++ {
		sentAt, err := c.limiter.wait(ctx, c.clock, c.logger)
		if err != nil {
			return fmt.Errorf("%s %s: %w (while waiting for the API gateway's throttling; the service has not acted on it)", method, path, err)
		}
		attemptCtx, cancel := context.WithTimeout(ctx, c.requestTimeout)
		resp, err := c.send(attemptCtx, method, path, payload, sent)
		unanswered := err != nil && ctx.Err() == nil && errors.Is(attemptCtx.Err(), context.DeadlineExceeded)
		cancel()
		retry, wait := false, time.Duration(0)
		v := verdict{sentAt: sentAt, at: c.clock.Now(), unanswered: err != nil}
		if err == nil {
			err = decode(c.endpoint, method, path, resp, out)
			v.throttled = resp.StatusCode == http.StatusTooManyRequests
			var apiErr *APIError
			if v.throttled && errors.As(err, &apiErr) {
				v.policy, _ = parsePolicy(apiErr.Message)
			}
		}
		// A 429's Retry-After holds every request of the client, in the limiter.
		var holdFor time.Duration
		if v.throttled {
			holdFor = min(retryAfter(resp.Header, v.at), c.backoff.MaxRetryAfter)
		}
		if c.limiter.answered(v, holdFor) && pacedRefusals < maxPacedRefusals {
			pacedRefusals++
			continue
		}
		switch {
		case err == nil:
			return nil
		case resp == nil && ctx.Err() != nil:
			if mode == unsafeToRepeat {
				return &OutcomeUnknownError{Method: method, Path: path, Err: ctx.Err()}
			}
			return fmt.Errorf("%s %s: %w", method, path, ctx.Err())
		case unanswered:
			// An endpoint that held one attempt for a whole minute holds the next one too:
			// sending it again would only make the operation wait minutes for its timeout.
			noAnswer := &NoAnswerError{Endpoint: c.endpoint, Method: method, Path: path, After: c.requestTimeout}
			if mode == unsafeToRepeat {
				return &OutcomeUnknownError{Method: method, Path: path, Err: noAnswer}
			}
			return noAnswer
		case resp == nil && untrustedServer(err):
			return fmt.Errorf("%s %s: %w", method, path, err)
		case resp == nil && endpointMistake(err) != "":
			return &EndpointError{Endpoint: c.endpoint, Mistake: endpointMistake(err), Err: err}
		case resp == nil:
			if !notSent(err) && mode == unsafeToRepeat {
				return &OutcomeUnknownError{Method: method, Path: path, Err: err}
			}
			if errors.Is(err, syscall.ECONNREFUSED) {
				if refused++; refused > maxRefusedRetries {
					return &RetriesExhaustedError{Attempts: attempt, Err: err}
				}
			}
			retry = true
		case resp.StatusCode < 300 && mode == unsafeToRepeat:
			// The service answered success in a form that cannot be read: it may have acted.
			return &OutcomeUnknownError{Method: method, Path: path, Err: err}
		case resp.StatusCode == http.StatusTooManyRequests:
			retry = true
		case resp.StatusCode >= 500 && mode == unsafeToRepeat:
			return &OutcomeUnknownError{Method: method, Path: path, Err: err}
		case resp.StatusCode >= 500:
			retry, wait = true, retryAfter(resp.Header, c.clock.Now())
		}
		if !retry {
			return err
		}
		if attempt > c.maxRetries {
			return &RetriesExhaustedError{Attempts: attempt, Err: err}
		}

		delay := c.backoff.delay(attempt, wait, c.jitter)
		c.logger.Warn(ctx, "Retrying SCM API call", map[string]any{
			"method": method, "path": path, "attempt": attempt, "delay_ms": delay.Milliseconds(), "error": err.Error(),
		})
		if sleepErr := c.clock.Sleep(ctx, delay); sleepErr != nil {
			return fmt.Errorf("%s %s: %w (while waiting to retry after: %v)", method, path, sleepErr, err)
		}
		attempt++
	}
}

// Pause waits before the attempt-th resubmission of a call the caller reconciles itself
// (an application whose outcome a read settled), with the client's backoff; it returns
// an error once the retry budget is spent or ctx ends.
func (c *Client) Pause(ctx context.Context, attempt int) error {
	if attempt > c.maxRetries {
		return fmt.Errorf("gave up after %d attempts", attempt)
	}
	return c.clock.Sleep(ctx, c.backoff.delay(attempt, 0, c.jitter))
}

// send signs and sends one attempt; the caller owns nothing: the body is read here.
func (c *Client) send(ctx context.Context, method, path string, payload []byte, attempt int) (*answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint+path, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	signed := map[string]string{
		"X-Sdk-Date": c.clock.Now().UTC().Format(sdkDateFormat),
		"Host":       req.URL.Host,
	}
	if c.creds.SecurityToken != "" {
		signed["X-Security-Token"] = c.creds.SecurityToken
	}
	if c.domainID != "" {
		signed["X-Domain-Id"] = c.domainID
	}
	if err := sign(req, signed, payload, c.creds); err != nil {
		return nil, fmt.Errorf("signing the request: %w", err)
	}

	start := time.Now()
	resp, err := c.httpClient.Do(req)
	fields := map[string]any{"method": method, "path": path, "attempt": attempt}
	if err != nil {
		fields["error"] = err.Error()
		fields["duration_ms"] = time.Since(start).Milliseconds()
		c.logger.Debug(ctx, "SCM API call failed", fields)
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	fields["status"] = resp.StatusCode
	fields["request_id"] = resp.Header.Get("X-Request-Id")
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = err.Error()
		c.logger.Debug(ctx, "SCM API answer cut short", fields)
		return nil, err
	}
	c.logger.Debug(ctx, "SCM API call", fields)
	return &answer{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// answer is a response whose body has been read in full.
type answer struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// decode turns an answer into out (2xx) or into the error it carries.
func decode(endpoint, method, path string, resp *answer, out any) error {
	requestID := resp.Header.Get("X-Request-Id")
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(resp.Body, out); err != nil {
			excerpt := snippet(resp.Body)
			if _, secret := out.(holdsSecrets); secret {
				excerpt = "(not shown: the answer may hold a private key)"
			}
			return &DecodeError{Endpoint: endpoint, Method: method, Path: path, StatusCode: resp.StatusCode,
				ContentType: resp.Header.Get("Content-Type"), Snippet: excerpt, Err: err}
		}
		return nil
	}
	apiErr := &APIError{Endpoint: endpoint, Method: method, Path: path, StatusCode: resp.StatusCode, RequestID: requestID}
	var body errorBody
	if err := json.Unmarshal(resp.Body, &body); err == nil && (body.ErrorCode != "" || body.ErrorMsg != "") {
		apiErr.Code, apiErr.Message = body.ErrorCode, body.ErrorMsg
	} else {
		// Proxies answer with HTML pages; a short excerpt tells the user who answered.
		apiErr.Message = fmt.Sprintf("unexpected %q answer: %q", resp.Header.Get("Content-Type"), snippet(resp.Body))
	}
	return apiErr
}

// holdsSecrets marks the answers whose body must never reach an error message, since
// it may carry a private key.
type holdsSecrets interface{ holdsSecrets() }

// snippet is the start of a body on one line, for error messages.
func snippet(body []byte) string {
	const limit = 200
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return s
}

// untrustedServer reports whether the server's TLS certificate was refused; trying
// again cannot help.
func untrustedServer(err error) bool {
	var verification *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	return errors.As(err, &verification) || errors.As(err, &unknownAuthority) || errors.As(err, &hostname)
}

// endpointMistake describes, for a transport error that no retry can mend, the likely
// mistake in the endpoint; "" for any other error.
func endpointMistake(err error) string {
	var dnsErr *net.DNSError
	var notTLS tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return "its host name does not exist (the resolver says NXDOMAIN): check the endpoint, or the region it is built from, for a typo"
	case errors.As(err, &notTLS) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		// net/http reports a plain-HTTP answer to a TLS handshake in words only.
		return "it does not speak TLS: an https:// URL may point at a plain-HTTP port (use http://, or the HTTPS port)"
	case errors.As(err, &alert):
		return "the TLS handshake failed: the endpoint refuses this client's TLS settings, or is not the SCM API"
	}
	return ""
}

// notSent reports whether a transport error happened before the request could reach
// the service, so that sending it again cannot make the service act twice.
func notSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}
