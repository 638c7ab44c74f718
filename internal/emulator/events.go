package emulator

import "time"

// Event is one change of the emulated service, in the order it happened: a test or a
// script reads them to check what happened before what (records published before an
// issuance, say), which counters cannot tell.
type Event struct {
	// Seq numbers the events from 1.
	Seq int `json:"seq"`
	// Time is the service clock's time of the event.
	Time time.Time `json:"time"`
	// Kind is one of the Event* constants.
	Kind          string `json:"kind"`
	CertificateID string `json:"certificate_id,omitempty"`
	// Detail is the record name of a publication, or the status reached.
	Detail string `json:"detail,omitempty"`
}

// Kinds of events.
const (
	EventApplied   = "applied"
	EventWithdrawn = "withdrawn"
	EventPaid      = "paid"
	EventIssued    = "issued"
	EventRefused   = "refused"
	EventPublished = "published"
	EventDeleted   = "deleted"
	EventUploaded  = "uploaded"
	EventEdited    = "edited"
)

// record appends an event; the caller holds s.mu.
func (s *Server) logEvent(kind, certificateID, detail string) {
	s.events = append(s.events, Event{
		Seq: len(s.events) + 1, Time: s.clock.time(), Kind: kind, CertificateID: certificateID, Detail: detail,
	})
}
