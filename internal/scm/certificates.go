package scm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// certificatePath is the path of a call on one certificate. The id is escaped so that
// whatever it holds reaches the API as one path segment: "." and ".." too, which routers
// would otherwise resolve as directories.
func certificatePath(id string, action string) string {
	segment := url.PathEscape(id)
	if segment == "." || segment == ".." {
		segment = strings.ReplaceAll(segment, ".", "%2E")
	}
	return "/v3/scm/certificates/" + segment + action
}

// errEmptyID refuses a call on no certificate, which no path can name.
var errEmptyID = errors.New("scm: the certificate id is empty")

// Apply submits the application for the purchased certificate id.
//
// It is retried only while the service provably did not act (throttled, connection
// refused). Otherwise an OutcomeUnknownError tells the caller to read the certificate
// to learn whether the application was taken.
func (c *Client) Apply(ctx context.Context, id string, req ApplyRequest) error {
	if id == "" {
		return errEmptyID
	}
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
	if id == "" {
		return nil, errEmptyID
	}
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
	if id == "" {
		return errEmptyID
	}
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

// ExportCertificate fetches an issued certificate, its chain and, when the service made
// the key pair, its private key. Exporting changes nothing, so it is retried like a read.
// A certificate that is not issued gives an APIError with CodeWrongStatus.
func (c *Client) ExportCertificate(ctx context.Context, id string) (*ExportedCertificate, error) {
	var out ExportedCertificate
	if err := c.export(ctx, id, &out, &out.Certificate); err != nil {
		return nil, err
	}
	return &out, nil
}

// ExportPublicCertificate fetches an issued certificate and its chain, as
// ExportCertificate does, for callers that must not hold the private key: the API has
// no export without it, so the key is left in the answer's bytes here and never decoded.
func (c *Client) ExportPublicCertificate(ctx context.Context, id string) (*PublicCertificate, error) {
	var out PublicCertificate
	if err := c.export(ctx, id, &out, &out.Certificate); err != nil {
		return nil, err
	}
	return &out, nil
}

// export decodes the export answer into out, whose certificate must not be empty.
func (c *Client) export(ctx context.Context, id string, out holdsSecrets, certificate *string) error {
	if id == "" {
		return errEmptyID
	}
	path := certificatePath(id, "/export")
	if err := c.do(ctx, http.MethodPost, path, nil, out, safeToRepeat); err != nil {
		return err
	}
	if *certificate == "" {
		return fmt.Errorf("POST %s: the answer holds no certificate", path)
	}
	return nil
}

// ListFilter narrows ListCertificates; empty fields do not filter.
type ListFilter struct {
	// Status is a certificate status, or ALL.
	Status string
	// Content is the service's search in names and domains.
	Content string
}

// listPageSize is the largest page the service serves.
const listPageSize = 50

// ListCertificates returns every certificate the filter matches (see EachCertificate).
func (c *Client) ListCertificates(ctx context.Context, filter ListFilter) ([]CertificateSummary, error) {
	var out []CertificateSummary
	err := c.EachCertificate(ctx, filter, func(cert CertificateSummary) bool {
		out = append(out, cert)
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EachCertificate hands every certificate the filter matches to yield, in the service's
// order, until yield returns false. It pages through the service's answer:
// ceil(total_count / 50) requests, at least one, stopping early on a short page or when
// yield has had enough, and keeping the first of any id answered twice (pages can shift
// while certificates are bought or deleted). An error names the page that failed.
func (c *Client) EachCertificate(ctx context.Context, filter ListFilter, yield func(CertificateSummary) bool) error {
	seen := map[string]bool{}
	for offset := 0; ; offset += listPageSize {
		query := url.Values{"limit": {strconv.Itoa(listPageSize)}, "offset": {strconv.Itoa(offset)}}
		if filter.Status != "" {
			query.Set("status", filter.Status)
		}
		if filter.Content != "" {
			query.Set("content", filter.Content)
		}
		var page listResponse
		if err := c.do(ctx, http.MethodGet, "/v3/scm/certificates?"+query.Encode(), nil, &page, safeToRepeat); err != nil {
			return fmt.Errorf("listing certificates, page %d (offset %d): %w", offset/listPageSize+1, offset, err)
		}
		for _, cert := range page.Certificates {
			if seen[cert.ID] {
				continue
			}
			seen[cert.ID] = true
			if !yield(cert) {
				return nil
			}
		}
		if len(page.Certificates) < listPageSize || offset+listPageSize >= page.TotalCount {
			return nil
		}
	}
}
