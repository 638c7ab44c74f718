package scm

import (
	"context"
	"sync"
	"time"
)

// Waits is the time one operation's requests spent waiting for the API gateway's
// throttling, so that the caller can tell its user about a wait long enough to notice.
type Waits struct {
	mu     sync.Mutex
	total  time.Duration
	policy Policy
}

type waitsKey struct{}

// RecordWaits returns a context whose requests add their waits for the gateway to the
// returned Waits.
func RecordWaits(ctx context.Context) (context.Context, *Waits) {
	w := &Waits{}
	return context.WithValue(ctx, waitsKey{}, w), w
}

// Total is the time waited, and the policy that held the requests (the one named last;
// zero when the 429s named none).
func (w *Waits) Total() (time.Duration, Policy) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.total, w.policy
}

func tallyWait(ctx context.Context, d time.Duration, policy Policy) {
	w, ok := ctx.Value(waitsKey{}).(*Waits)
	if !ok || d <= 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.total += d
	if policy.named() {
		w.policy = policy
	}
}
