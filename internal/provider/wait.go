package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// waitFor reads the certificate until done accepts it, pausing pollMin between the first
// reads and doubling the pause up to pollMax. When ctx ends (the operation's timeout),
// also in the middle of a read, it returns a *stillWaitingError that names the last
// status it saw, with the last certificate read.
func waitFor(ctx context.Context, client *scm.Client, pace pacing, id, goal string, done func(*scm.Certificate) bool) (*scm.Certificate, error) {
	pause := pace.pollMin
	var last *scm.Certificate
	for {
		cert, err := client.ShowCertificate(ctx, id)
		switch {
		case err != nil && ctx.Err() != nil:
			return last, &stillWaitingError{id: id, goal: goal, last: last, err: ctx.Err()}
		case err != nil:
			return last, err
		case done(cert):
			return cert, nil
		}
		last = cert
		tflog.Debug(ctx, "Waiting for the certificate", map[string]any{"certificate_id": id, "status": cert.Status, "goal": goal})
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return last, &stillWaitingError{id: id, goal: goal, last: last, err: ctx.Err()}
		case <-timer.C:
		}
		pause = min(2*pause, pace.pollMax)
	}
}

// stillWaitingError says a wait ended before its goal.
type stillWaitingError struct {
	id, goal string
	// last is the certificate as last read; nil if no read succeeded.
	last *scm.Certificate
	err  error
}

func (e *stillWaitingError) Error() string {
	if e.last == nil {
		return fmt.Sprintf("certificate %s did not become %s: %v", e.id, e.goal, e.err)
	}
	return fmt.Sprintf("certificate %s is still %s, not %s: %v", e.id, e.last.Status, e.goal, e.err)
}

func (e *stillWaitingError) Unwrap() error { return e.err }

func isPaid(cert *scm.Certificate) bool { return cert.Status == scm.StatusPaid }
