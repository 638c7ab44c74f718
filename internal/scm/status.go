package scm

import (
	"maps"
	"slices"
)

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

// Allowed is what a certificate's status allows a client to do with its application.
// Every decision the provider takes by status reads this table, so that the plan, the
// create, the delete and the validation resource agree.
type Allowed struct {
	// Apply: the certificate takes a new application now (it has none, or a refused one).
	Apply bool
	// Withdraw: cancel-cert withdraws the application, which is under review.
	Withdraw bool
	// Withdrawing: a withdrawal is finishing; the certificate is PAID again soon.
	Withdrawing bool
	// Issuance: the certificate may still be issued without anyone acting, so a wait
	// for issuance goes on.
	Issuance bool
	// Settled: the outcome is final; the application can be neither withdrawn nor
	// submitted again.
	Settled bool
	// Known: the status is one the service documents.
	Known bool
}

// statuses is the table. A refused (UNPASSED) certificate is assumed to take a new
// application, as the console's "apply again" suggests (docs/api-notes.md).
var statuses = map[string]Allowed{
	StatusPaid:                {Apply: true},
	StatusChecking:            {Withdraw: true, Issuance: true},
	StatusCheckingOrg:         {Withdraw: true, Issuance: true},
	StatusSupplementChecking:  {Withdraw: true, Issuance: true},
	StatusIssuing:             {Issuance: true},
	StatusCancelChecking:      {Withdrawing: true},
	StatusCancelSupplementing: {Withdrawing: true},
	StatusUnpassed:            {Apply: true},
	StatusIssued:              {Settled: true},
	StatusExpired:             {Settled: true},
	StatusRevoking:            {Settled: true},
	StatusRevoked:             {Settled: true},
	StatusUpload:              {Settled: true},
}

// Allows returns what status allows. An unknown status allows nothing but waiting: it
// may be a step of a review this client does not know yet.
func Allows(status string) Allowed {
	allowed, known := statuses[status]
	if !known {
		return Allowed{Issuance: true}
	}
	allowed.Known = true
	return allowed
}

// KnownStatuses returns every status the service documents, sorted.
func KnownStatuses() []string { return slices.Sorted(maps.Keys(statuses)) }
