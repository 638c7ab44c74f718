package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// Every error a user sees says what to do; and what fails for every call of a provider
// configuration fails the plan, while passing trouble stays a warning there.
func TestErrorsSayWhatToDo(t *testing.T) {
	const endpoint = "https://scm.example.test"
	tests := []struct {
		name        string
		err         error
		says        string
		failsAlways bool
	}{
		{"an expired security token",
			&scm.APIError{Endpoint: endpoint, StatusCode: http.StatusUnauthorized, Code: scm.CodeTokenExpired, Message: "The token expires."},
			"security token of the temporary credentials has expired", true},
		{"a refused signature",
			&scm.APIError{Endpoint: endpoint, StatusCode: http.StatusUnauthorized, Code: scm.CodeBadSignature},
			"refused the request signature. Check access_key and secret_key", true},
		{"a gateway's 404",
			&scm.APIError{Endpoint: endpoint, StatusCode: http.StatusNotFound, Code: "APIGW.0101"},
			"answered 404 without the SCM service's own error", true},
		{"an endpoint that never answers",
			&scm.NoAnswerError{Endpoint: endpoint, Method: "GET", Path: "/v3/scm/certificates/x", After: time.Minute},
			"something between this machine and " + endpoint + " holds the request", true},
		{"nothing listening",
			&scm.RetriesExhaustedError{Attempts: 3, Err: fmt.Errorf("dial: %w", syscall.ECONNREFUSED)},
			"Nothing listens at the endpoint", true},
		{"a page that is not the API",
			&scm.DecodeError{Endpoint: endpoint, StatusCode: 200, ContentType: "text/html", Err: errors.New("invalid character '<'")},
			"answered with something that is not the SCM API", true},
		{"a missing certificate",
			&scm.APIError{Endpoint: endpoint, StatusCode: http.StatusNotFound, Code: scm.CodeWrongCertID},
			"does not exist in this account", false},
		{"throttling that outlasted the retries",
			&scm.RetriesExhaustedError{Attempts: 6, Err: &scm.APIError{StatusCode: http.StatusTooManyRequests, Code: scm.CodeThrottled}},
			"raise max_retries", false},
		{"a policy's next window beyond the timeout",
			fmt.Errorf("GET /x: %w", &scm.ThrottledError{Policy: scm.Policy{Name: "user", Limit: 5, Window: 5 * time.Minute}, Wait: 4 * time.Minute, Left: time.Minute}),
			"Raise the operation's timeout", false},
		{"a failing service",
			&scm.APIError{Endpoint: endpoint, StatusCode: http.StatusInternalServerError, Code: "SCM.0016"},
			"Try again later", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := explain(tt.err); !strings.Contains(got, tt.says) {
				t.Errorf("explain says %q, want it to say %q", got, tt.says)
			}
			if got := failsInEveryWorkflow(tt.err); got != tt.failsAlways {
				t.Errorf("failsInEveryWorkflow = %v, want %v", got, tt.failsAlways)
			}
		})
	}
}
