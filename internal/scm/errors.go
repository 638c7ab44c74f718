package scm

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Error codes of the API reference that callers branch on.
const (
	CodeNotOwner       = "SCM.0003"
	CodeBadParameter   = "SCM.0005"
	CodeBadCertificate = "SCM.0008"
	CodeWrongStatus    = "SCM.0010"
	// The three an upload's content can be refused with (the API reference's SCM error
	// codes): a certificate or a key the service cannot read, and a key that is not the
	// certificate's.
	CodeBadUploadedCertificate = "SCM.0006"
	CodeBadUploadedKey         = "SCM.0012"
	CodeKeyMismatch            = "SCM.0014"
	CodeDomainsMismatch        = "SCM.0015"
	CodeWrongCertID            = "SCM.0020"
	CodeBadSignature           = "APIGW.0301"
	CodeTokenExpired           = "APIGW.0307"
	CodeThrottled              = "APIGW.0308"
)

// APIError is an answer of the service that is not a success.
type APIError struct {
	// Endpoint is the base URL the request went to.
	Endpoint   string
	Method     string
	Path       string
	StatusCode int
	Code       string
	Message    string
	RequestID  string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg
}

// FromTheService reports whether an error answer came from the SCM service itself, in
// its own JSON with an SCM error code, rather than from a gateway or a proxy in front of
// something else.
func (e *APIError) FromTheService() bool { return strings.HasPrefix(e.Code, "SCM.") }

// IsNotFound reports whether the service said, in its own words, that the certificate
// does not exist: HTTP 404 with an SCM error code (SCM.0020 and SCM.0008 are both seen).
// A 404 from the gateway (APIGW.0101, a wrong path) or a page that is not the API's
// says nothing about the certificate.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && apiErr.FromTheService()
}

// HasCode reports whether err is an APIError with the given error code.
func HasCode(err error, code string) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}

// OutcomeUnknownError says a request that changes state was sent, but no answer tells
// whether the service acted on it (the connection broke, the deadline passed, or the
// service failed with a 5xx). Retrying blindly could apply twice, so the caller must
// read the certificate to learn what happened.
type OutcomeUnknownError struct {
	Method string
	Path   string
	Err    error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s %s: the outcome is unknown (%v)", e.Method, e.Path, e.Err)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// IsOutcomeUnknown reports whether err leaves it open whether the service acted.
func IsOutcomeUnknown(err error) bool {
	var unknown *OutcomeUnknownError
	return errors.As(err, &unknown)
}

// RetriesExhaustedError says every allowed attempt failed; Err is the last failure.
type RetriesExhaustedError struct {
	Attempts int
	Err      error
}

func (e *RetriesExhaustedError) Error() string {
	return fmt.Sprintf("gave up after %d attempts; last error: %v", e.Attempts, e.Err)
}

func (e *RetriesExhaustedError) Unwrap() error { return e.Err }

// DecodeError says the service answered with a body the client cannot read.
type DecodeError struct {
	// Endpoint is the base URL the request went to.
	Endpoint    string
	Method      string
	Path        string
	StatusCode  int
	ContentType string
	Snippet     string
	Err         error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d with an unreadable %q body (%v): %q",
		e.Method, e.Path, e.StatusCode, e.ContentType, e.Err, e.Snippet)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// IsUntrustedServer reports whether err is a refusal of the server's TLS certificate.
func IsUntrustedServer(err error) bool { return untrustedServer(err) }

// EndpointError says the endpoint cannot be the SCM API as configured, whatever is
// retried: Mistake says what is likely wrong.
type EndpointError struct {
	Endpoint string
	Mistake  string
	Err      error
}

func (e *EndpointError) Error() string {
	return fmt.Sprintf("cannot reach the SCM API at %s: %s (%v)", e.Endpoint, e.Mistake, e.Err)
}

func (e *EndpointError) Unwrap() error { return e.Err }

// NoAnswerError says an endpoint accepted a request and did not answer it within the
// client's request timeout.
type NoAnswerError struct {
	Endpoint     string
	Method, Path string
	After        time.Duration
}

func (e *NoAnswerError) Error() string {
	return fmt.Sprintf("%s %s: the endpoint %s accepted the request and did not answer it within %s", e.Method, e.Path, e.Endpoint, e.After)
}

// ThrottledError says a request would have to wait for the gateway (a throttling
// policy's next window, or a Retry-After) longer than the operation has left.
type ThrottledError struct {
	Policy Policy
	// Wait is how long the gateway holds the request; Left, how long the operation had left.
	Wait, Left time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("the API gateway's %s leaves no call for %s, and the operation has %s left",
		e.Policy, e.Wait.Round(time.Second), e.Left.Round(time.Second))
}
