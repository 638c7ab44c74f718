package scm

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter paces the requests of one client, shared by all it serves (every resource and
// data source of one provider configuration), so that callers wait for a turn instead of
// retrying into a gateway that throttles. A request waits until every pace lets it go:
//   - max_requests_per_second, a ceiling;
//   - each policy the gateway has named in a 429 (windowPacer): its calls per fixed
//     window, the share of each window sent at the window's start;
//   - for 429s that name no policy, a fallback pace after the AWS SDK's adaptive mode
//     (cubicPacer).
//
// golang.org/x/time/rate keeps the token buckets of the ceiling and the fallback; no
// library paces to fixed windows whose boundaries must be inferred, which windowPacer does.
// The figures these meet are held by ratelimit_sim_test.go, which runs the client and the
// emulator on one simulated clock.
type limiter struct {
	mu sync.Mutex
	// ceiling is max_requests_per_second; nil without one.
	ceiling *rate.Limiter
	pacers  []*windowPacer
	// fallback sets the pace of bucket, which is nil until it has one.
	fallback cubicPacer
	bucket   *rate.Limiter
	// waited is the time callers have spent waiting for a turn, all of them together.
	waited time.Duration
	// unpaced makes the limiter pace nothing, and a 429 that names a policy count as any
	// other: the baseline the tests compare with.
	unpaced bool
	// Until the first 429, at most startWindow requests are in flight before the first
	// answer, and one more for each admitted answer (TCP's slow start): a client that
	// starts where another (the plan's process, just before) left a window nearly spent
	// has a few requests refused, not all of Terraform's parallel ones. 0: no bound.
	inFlight, startWindow int
}

// initialWindow is how many requests may be in flight before the first answer.
const initialWindow = 2

// ticket is a request the limiter let go: when, and where it stands in each policy.
type ticket struct {
	at    time.Time
	seats map[*windowPacer]seat
}

// outcome is what an answer says to the limiter.
type outcome int

const (
	admitted outcome = iota
	// refusedByPolicy is a 429 that named a policy.
	refusedByPolicy
	// refusedPlainly is a 429 that named none.
	refusedPlainly
	// unansweredRequest is a request that got no answer.
	unansweredRequest
)

func newLimiter(ceiling float64) *limiter {
	l := &limiter{startWindow: initialWindow}
	if ceiling > 0 {
		l.ceiling = rate.NewLimiter(rate.Limit(ceiling), 1)
	}
	return l
}

// wait blocks until the caller may send a request, or ctx ends. A wait for a policy's
// next window that would outlast ctx's deadline fails at once with a *ThrottledError:
// waiting would only fail later. Each wait for a next window is logged once.
func (l *limiter) wait(ctx context.Context, clock Clock, logger Logger) (ticket, error) {
	for {
		l.mu.Lock()
		now := clock.Now()
		delay, holder := l.delay(now)
		if delay == 0 {
			t := l.take(now)
			l.mu.Unlock()
			return t, nil
		}
		var announce *windowPacer
		if holder != nil && delay > answerPoll {
			if deadline, ok := ctx.Deadline(); ok && now.Add(delay).After(deadline) {
				l.mu.Unlock()
				return ticket{}, &ThrottledError{Policy: holder.policy, Wait: delay, Left: max(0, deadline.Sub(now))}
			}
			if window := holder.index; holder.logged != window {
				holder.logged, announce = window, holder
			}
		}
		l.waited += delay
		l.mu.Unlock()
		if announce != nil {
			logger.Info(ctx, "Waiting for the gateway's next throttling window", map[string]any{
				"policy": announce.policy.String(), "wait_ms": delay.Milliseconds(),
			})
		}
		if err := clock.Sleep(ctx, delay); err != nil {
			return ticket{}, err
		}
	}
}

// delay is how long a request must wait at now, and the policy that holds it longest
// (nil when no policy holds it). The caller holds l.mu.
func (l *limiter) delay(now time.Time) (time.Duration, *windowPacer) {
	var longest time.Duration
	var holder *windowPacer
	if l.startWindow > 0 && l.inFlight >= l.startWindow && !l.unpaced {
		longest = answerPoll
	}
	for _, p := range l.pacers {
		if d := p.delay(now); d > longest {
			longest, holder = d, p
		}
	}
	for _, bucket := range []*rate.Limiter{l.ceiling, l.paced(now)} {
		if bucket == nil {
			continue
		}
		if missing := 1 - bucket.TokensAt(now); missing > 0 {
			if d := time.Duration(missing/float64(bucket.Limit())*float64(time.Second)) + time.Microsecond; d > longest {
				longest, holder = d, nil
			}
		}
	}
	return longest, holder
}

// paced is the fallback's bucket at its pace at now; nil while it sets no pace. The
// caller holds l.mu.
func (l *limiter) paced(now time.Time) *rate.Limiter {
	pace := l.fallback.pace(now)
	if pace == 0 {
		l.bucket = nil
		return nil
	}
	if l.bucket == nil {
		// The bucket starts empty: the cut comes when the gateway has just refused.
		l.bucket = rate.NewLimiter(rate.Limit(pace), 1)
		l.bucket.AllowN(now, 1)
	}
	l.bucket.SetLimitAt(now, rate.Limit(pace))
	return l.bucket
}

// take lets a request go at now. The caller holds l.mu.
func (l *limiter) take(now time.Time) ticket {
	for _, bucket := range []*rate.Limiter{l.ceiling, l.bucket} {
		if bucket != nil {
			bucket.AllowN(now, 1)
		}
	}
	l.inFlight++
	t := ticket{at: now}
	if len(l.pacers) > 0 {
		t.seats = make(map[*windowPacer]seat, len(l.pacers))
		for _, p := range l.pacers {
			t.seats[p] = p.take(now)
		}
	}
	return t
}

// answered learns from the answer to t, which came at now: admitted, refused (by the
// policy named, or none), or none at all.
func (l *limiter) answered(t ticket, now time.Time, result outcome, policy Policy) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	switch {
	case result == refusedByPolicy || result == refusedPlainly:
		l.startWindow = 0 // the paces govern from now on
	case result == admitted && l.startWindow > 0:
		l.startWindow++
	}
	var refuser *windowPacer
	if result == refusedByPolicy {
		refuser = l.pacerFor(policy, t.at)
	}
	for p, s := range t.seats {
		switch {
		case result == admitted:
			p.answered(s, t.at, admitted)
		case p == refuser:
			p.answered(s, t.at, refusedByPolicy)
		default:
			// A refusal by another policy, or none, says nothing of this one; a probe
			// must still go out again.
			p.answered(s, t.at, unansweredRequest)
		}
	}
	if result == admitted || result == refusedPlainly {
		l.fallback.answered(t.at, now, result == refusedPlainly)
	}
}

// pacerFor is the pacer of the policy a 429 named, made when it is new (probing from
// the refused request on). A policy named anew with another limit replaces the old one's
// limit. The caller holds l.mu.
func (l *limiter) pacerFor(policy Policy, refusedAt time.Time) *windowPacer {
	for _, p := range l.pacers {
		if p.policy.Window == policy.Window {
			p.policy = policy
			return p
		}
	}
	p := newWindowPacer(policy, refusedAt)
	l.pacers = append(l.pacers, p)
	return p
}

// pacing reports whether the fallback sets a pace now; while it does not, a throttled
// retry backs off on its own.
func (l *limiter) pacing(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fallback.pace(now) > 0
}

// ThrottledError says a request would have to wait for a throttling policy's next window
// longer than the operation has left.
type ThrottledError struct {
	Policy Policy
	// Wait is how long the next window is away; Left, how long the operation had left.
	Wait, Left time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("the API gateway's %s leaves no call for %s, until its next window, and the operation has %s left",
		e.Policy, e.Wait.Round(time.Second), e.Left.Round(time.Second))
}
