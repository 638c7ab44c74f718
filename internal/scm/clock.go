package scm

import (
	"context"
	"time"
)

// Clock is the time the client lives by: the X-Sdk-Date of each request, Retry-After
// dates, the pacing of retries and of the rate limiter. Tests replace it to run a
// throttled conversation in simulated time.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx ends, whichever comes first, and returns ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
	// Wait is Sleep that also ends when wake is closed.
	Wait(ctx context.Context, d time.Duration, wake <-chan struct{}) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (c realClock) Sleep(ctx context.Context, d time.Duration) error { return c.Wait(ctx, d, nil) }

func (c realClock) Wait(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
	case <-wake:
	}
	return nil
}
