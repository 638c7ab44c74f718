package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The API calls. Each runs under s.mu and returns an answer that shares nothing with
// the store.

func notFound(id string) (int, any) {
	return http.StatusNotFound, errorAnswer{"SCM.0020", "certificate " + id + " does not exist"}
}

func wrongStatus(msg string) (int, any) {
	return http.StatusBadRequest, errorAnswer{"SCM.0010", msg}
}

// lookUp finds a certificate and brings it up to date with the service clock.
func (s *Server) lookUp(id string) (*record, bool) {
	c, ok := s.certs[id]
	if ok {
		s.advance(c)
	}
	return c, ok
}

func (s *Server) show(req apiRequest) (int, any) {
	s.counts.Shows++
	c, ok := s.lookUp(req.id)
	if !ok {
		return notFound(req.id)
	}
	answer := c.snapshot()
	if s.clock.time().Before(c.appliedAt.Add(time.Duration(s.settings.RecordsDelay))) {
		answer.Authentication = nil // the authority has not made the records yet
	}
	if s.settings.MaskPersonalData {
		answer = masked(answer)
	}
	return http.StatusOK, answer
}

// apply takes an application for a certificate that has none: PAID, or UNPASSED (the
// emulator assumes, as the console's "apply again" suggests, that a refused certificate
// can be applied for again).
func (s *Server) apply(req apiRequest) (int, any) {
	s.counts.ApplyAttempts++
	c, ok := s.lookUp(req.id)
	if !ok {
		return notFound(req.id)
	}
	var application applyRequest
	dec := json.NewDecoder(bytes.NewReader(req.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&application); err != nil {
		return http.StatusBadRequest, errorAnswer{"SCM.0005", "the request body is invalid: " + err.Error()}
	}
	if c.Status != "PAID" && c.Status != "UNPASSED" {
		return wrongStatus("the certificate is " + c.Status + "; only a PAID certificate can be applied for")
	}
	csrKey, rejection := checkApplication(c, &application)
	if rejection != nil {
		return rejection.status, errorAnswer{rejection.code, rejection.msg}
	}

	c.clearApplication()
	c.Domain, c.Sans = application.Domain, application.Sans
	c.ValidationMethod = application.method()
	c.ApplicationInfo = ApplicationInfo{
		Country: application.Country, CompanyName: application.CompanyName, CompanyProvince: application.CompanyProvince,
		CompanyCity: application.CompanyCity, ApplicantName: application.ApplicantName, ApplicantPhone: application.ApplicantPhone,
		ApplicantEmail: application.ApplicantEmail, ContactName: application.ContactName, ContactPhone: application.ContactPhone,
		ContactEmail: application.ContactEmail,
	}
	if c.ValidationMethod == "DNS" {
		c.Authentication = validationRecords(c.ID, append([]string{application.Domain}, splitSans(application.Sans)...))
	}
	c.autoDNS = application.AutoDNSAuth != nil && *application.AutoDNSAuth
	c.keyAlgorithm, c.csrKey = application.KeyAlgorithm, csrKey
	s.setStatus(c, "CHECKING", s.clock.time())
	c.appliedAt = s.clock.time()
	s.counts.Applications++
	s.counts.ApplicationsByCertificate[req.id]++
	return http.StatusOK, map[string]string{"request_info": "success"}
}

func (s *Server) withdraw(req apiRequest) (int, any) {
	s.counts.WithdrawAttempts++
	c, ok := s.lookUp(req.id)
	if !ok {
		return notFound(req.id)
	}
	if !underReview(c.Status) {
		return wrongStatus("the certificate is " + c.Status + "; only an application under review can be withdrawn")
	}
	s.setStatus(c, "CANCELCHECKING", s.clock.time())
	s.advance(c)
	s.counts.Withdrawals++
	return http.StatusOK, map[string]string{"cert_id": req.id, "message": "success"}
}

func underReview(status string) bool {
	return status == "CHECKING" || status == "CHECKING_ORG" || status == "SUPPLEMENTCHECKING"
}

// export hands out an issued certificate; the private key only when the emulator made it.
func (s *Server) export(req apiRequest) (int, any) {
	s.counts.Exports++
	c, ok := s.lookUp(req.id)
	if !ok {
		return notFound(req.id)
	}
	if (c.Status != "ISSUED" && c.Status != "UPLOAD") || c.issued == nil {
		return wrongStatus("the certificate is " + c.Status + "; only an issued or uploaded certificate can be exported")
	}
	return http.StatusOK, exportAnswer{
		EntireCertificate: c.issued.certificate + c.issued.chain,
		Certificate:       c.issued.certificate,
		CertificateChain:  c.issued.chain,
		PrivateKey:        c.issued.privateKey,
	}
}

// listLimits are the page sizes the service takes.
var listLimits = []int{10, 20, 50}

var listSortKeys = map[string]func(a, b *record) int{
	"certExpiredTime": func(a, b *record) int { return strings.Compare(a.NotAfter, b.NotAfter) },
	"certStatus":      func(a, b *record) int { return strings.Compare(a.Status, b.Status) },
	"certUpdateTime":  func(a, b *record) int { return a.changedAt.Compare(b.changedAt) },
}

func (s *Server) list(req apiRequest) (int, any) {
	s.counts.Lists++
	bad := func(msg string) (int, any) { return http.StatusBadRequest, errorAnswer{"SCM.0005", msg} }
	q := req.query
	limit, offset := 10, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(listLimits, n) {
			return bad("limit must be 10, 20 or 50")
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return bad("offset must be a number from 0")
		}
		offset = n
	}
	status := q.Get("status")
	if status != "" && status != "ALL" && !slices.Contains(knownStatuses, status) {
		return bad("status " + status + " is not a certificate status")
	}
	compare := func(a, b *record) int { return strings.Compare(a.ID, b.ID) }
	if key := q.Get("sort_key"); key != "" {
		byKey, ok := listSortKeys[key]
		if !ok {
			return bad("sort_key must be certExpiredTime, certStatus or certUpdateTime")
		}
		compare = func(a, b *record) int { return cmpOr(byKey(a, b), strings.Compare(a.ID, b.ID)) }
	}
	switch dir := q.Get("sort_dir"); dir {
	case "", "ASC":
	case "DESC":
		ascending := compare
		compare = func(a, b *record) int { return -ascending(a, b) }
	default:
		return bad("sort_dir must be ASC or DESC")
	}
	content := strings.ToLower(q.Get("content"))

	var matches []*record
	for _, c := range s.certs {
		s.advance(c)
		if status != "" && status != "ALL" && c.Status != status {
			continue
		}
		if content != "" && !strings.Contains(strings.ToLower(c.Name+" "+c.Domain+" "+c.Sans), content) {
			continue
		}
		matches = append(matches, c)
	}
	slices.SortFunc(matches, compare)
	page := listAnswer{TotalCount: len(matches), Certificates: []listEntry{}}
	for _, c := range matches[min(offset, len(matches)):min(offset+limit, len(matches))] {
		page.Certificates = append(page.Certificates, listEntry{
			ID: c.ID, Name: c.Name, Domain: c.Domain, Sans: c.Sans, SignatureAlgorithm: c.SignatureAlgorithm,
			DeploySupport: c.Status == "ISSUED", Type: c.Type, Brand: c.Brand, ExpireTime: c.NotAfter,
			DomainType: c.DomainType, ValidityPeriod: c.ValidityPeriod, Status: c.Status, DomainCount: c.DomainCount,
			WildcardCount: c.WildcardCount, EnterpriseProjectID: c.EnterpriseProjectID,
		})
	}
	return http.StatusOK, page
}

func cmpOr(first, second int) int {
	if first != 0 {
		return first
	}
	return second
}
