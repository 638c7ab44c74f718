package scm

import "slices"

// Certificate statuses as the service spells them.
const (
	StatusPaid                = "PAID"
	StatusChecking            = "CHECKING"
	StatusCheckingOrg         = "CHECKING_ORG"
	StatusIssuing             = "ISSUING"
	StatusCancelChecking      = "CANCELCHECKING"
	StatusUnpassed            = "UNPASSED"
	StatusIssued              = "ISSUED"
	StatusExpired             = "EXPIRED"
	StatusRevoking            = "REVOKING"
	StatusRevoked             = "REVOKED"
	StatusUpload              = "UPLOAD"
	StatusSupplementChecking  = "SUPPLEMENTCHECKING"
	StatusCancelSupplementing = "CANCELSUPPLEMENTING"
)

// knownStatuses lists every status the service is documented to return.
var knownStatuses = []string{
	StatusPaid, StatusChecking, StatusCheckingOrg, StatusIssuing, StatusCancelChecking,
	StatusUnpassed, StatusIssued, StatusExpired, StatusRevoking, StatusRevoked, StatusUpload,
	StatusSupplementChecking, StatusCancelSupplementing,
}

// UnderReview reports whether an application in this status is still pending and can be
// withdrawn with cancel-cert.
func UnderReview(status string) bool {
	switch status {
	case StatusChecking, StatusCheckingOrg, StatusSupplementChecking:
		return true
	}
	return false
}

// Withdrawing reports whether a withdrawal is already on its way back to PAID.
func Withdrawing(status string) bool {
	return status == StatusCancelChecking || status == StatusCancelSupplementing
}

// IsKnownStatus reports whether status is one the service documents.
func IsKnownStatus(status string) bool {
	return slices.Contains(knownStatuses, status)
}

// Settled reports whether an application's outcome is final and nothing about it can
// change any more: the certificate is issued, expired, revoked or being revoked, or was
// uploaded rather than applied for.
func Settled(status string) bool {
	switch status {
	case StatusIssued, StatusExpired, StatusRevoking, StatusRevoked, StatusUpload:
		return true
	}
	return false
}

// KnownStatuses returns every status the service documents.
func KnownStatuses() []string { return slices.Clone(knownStatuses) }
