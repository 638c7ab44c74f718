package scm

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

func certificatePath(id string, action string) string {
	return "/v3/scm/certificates/" + url.PathEscape(id) + action
}

// Apply submits the application for the purchased certificate id.
//
// It is retried only while the service provably did not act (throttled, connection
// refused). Otherwise an OutcomeUnknownError tells the caller to read the certificate
// to learn whether the application was taken.
func (c *Client) Apply(ctx context.Context, id string, req ApplyRequest) error {
	var out applyResponse
	path := certificatePath(id, "/apply")
	if err := c.do(ctx, http.MethodPost, path, req, &out, unsafeToRepeat); err != nil {
		return err
	}
	if out.RequestInfo != "success" {
		return fmt.Errorf("POST %s: the service answered request_info %q instead of \"success\"", path, out.RequestInfo)
	}
	return nil
}

// ShowCertificate reads one certificate. A missing one gives an error for which
// IsNotFound is true.
func (c *Client) ShowCertificate(ctx context.Context, id string) (*Certificate, error) {
	var out Certificate
	path := certificatePath(id, "")
	if err := c.do(ctx, http.MethodGet, path, nil, &out, safeToRepeat); err != nil {
		return nil, err
	}
	if out.Status == "" {
		return nil, fmt.Errorf("GET %s: the answer has no certificate status", path)
	}
	return &out, nil
}

// Withdraw asks the service to withdraw the application under review (cancel-cert).
// Withdrawing twice is harmless (the second is refused with SCM.0010), so it is retried
// like a read.
func (c *Client) Withdraw(ctx context.Context, id string) error {
	var out withdrawResponse
	path := certificatePath(id, "/cancel-cert")
	if err := c.do(ctx, http.MethodPost, path, nil, &out, safeToRepeat); err != nil {
		return err
	}
	if out.Message != "success" {
		return fmt.Errorf("POST %s: the service answered message %q instead of \"success\"", path, out.Message)
	}
	return nil
}
