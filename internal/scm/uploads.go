package scm

import (
	"context"
	"fmt"
	"net/http"
)

// ImportRequest is the body of POST /v3/scm/certificates/import: a certificate from
// elsewhere, uploaded with its key. It holds a private key: it is never logged, and its
// String says so instead of printing it.
type ImportRequest struct {
	Name             string `json:"name"`
	Certificate      string `json:"certificate"`
	CertificateChain string `json:"certificate_chain,omitempty"`
	PrivateKey       string `json:"private_key"`
	// DuplicateCheck is sent only when set: the SDK and the API reference say opposite
	// things of what true means (docs/api-notes.md), so the service's default decides.
	DuplicateCheck      *bool  `json:"duplicate_check,omitempty"`
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
}

func (r ImportRequest) String() string {
	return fmt.Sprintf("upload of %q (private key not shown)", r.Name)
}

// GoString keeps the key out of %#v too.
func (r ImportRequest) GoString() string { return r.String() }

type importResponse struct {
	CertificateID string `json:"certificate_id"`
}

// ImportCertificate uploads a certificate with its key and returns the new certificate's
// id. There is no idempotency token: an upload whose answer is lost gives an
// OutcomeUnknownError, and the caller looks for the certificate before uploading again.
func (c *Client) ImportCertificate(ctx context.Context, req ImportRequest) (string, error) {
	var out importResponse
	const path = "/v3/scm/certificates/import"
	if err := c.do(ctx, http.MethodPost, path, req, &out, unsafeToRepeat); err != nil {
		return "", err
	}
	if out.CertificateID == "" {
		return "", &OutcomeUnknownError{Method: http.MethodPost, Path: path,
			Err: fmt.Errorf("the service answered success without a certificate_id")}
	}
	return out.CertificateID, nil
}

// DeleteCertificate deletes a certificate. A certificate the service no longer has gives
// an error for which IsNotFound is true; one still in use by a cloud service is refused
// with the service's own message.
func (c *Client) DeleteCertificate(ctx context.Context, id string) error {
	if id == "" {
		return errEmptyID
	}
	// A repeated delete of a deleted certificate answers "not found", which the caller
	// takes as done: safe to repeat.
	return c.do(ctx, http.MethodDelete, certificatePath(id, ""), nil, nil, safeToRepeat)
}
