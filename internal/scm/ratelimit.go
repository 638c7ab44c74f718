package scm

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer is one rule that paces the requests of a client: the ceiling a user sets, a
// policy the gateway named in a 429, or the fallback for 429s that name none.
type pacer interface {
	// delay is how long a request must wait at now; untilAnswer: until the next answer.
	delay(now time.Time) time.Duration
	sent(now time.Time)
	answered(v verdict)
}

// verdict is what the answer to one request says to the pacers.
type verdict struct {
	sentAt, at time.Time
	// throttled is a 429; policy is the policy it named (zero when none, or when the
	// request got no answer at all, which unanswered says).
	throttled, unanswered bool
	policy                Policy
}

// untilAnswer is a delay that ends with the next answer, whenever it comes.
const untilAnswer = time.Duration(1<<63 - 1)

// limiter paces the requests of one client, shared by all it serves (every resource and
// data source of one provider configuration): a request waits until every pacer lets it
// go, and until a Retry-After has passed. Waiters sleep until the delay is over or an
// answer comes (the clock's Wait), never polling. ratelimit_sim_test.go holds the figures.
type limiter struct {
	mu       sync.Mutex
	ceiling  *ceilingPacer // nil without max_requests_per_second
	policies map[policyKey]*policyPacer
	fallback *cubicPacer
	// holdUntil is when the latest Retry-After of a 429 ends; holder names its policy.
	holdUntil time.Time
	holder    Policy
	// answer is closed, and replaced, at every answer: it wakes the waiters.
	answer chan struct{}
	// unpaced paces nothing but Retry-After: the baseline the tests compare with.
	unpaced bool
}

func newLimiter(ceiling float64) *limiter {
	l := &limiter{policies: map[policyKey]*policyPacer{}, fallback: &cubicPacer{}, answer: make(chan struct{})}
	if ceiling > 0 {
		l.ceiling = &ceilingPacer{rate.NewLimiter(rate.Limit(ceiling), 1)}
	}
	return l
}

// pacers lists the rules in force; the caller holds l.mu.
func (l *limiter) pacers() []pacer {
	var all []pacer
	if l.ceiling != nil {
		all = append(all, l.ceiling)
	}
	if l.unpaced {
		return all
	}
	all = append(all, l.fallback)
	for _, p := range l.policies {
		all = append(all, p)
	}
	return all
}

// wait blocks until the caller may send a request, and returns its send time. A wait for
// the gateway (a policy's window, a Retry-After) that would outlast ctx's deadline fails
// at once with a *ThrottledError: waiting would only fail later. It is logged once per
// request, and added to the operation's tally (RecordWaits).
func (l *limiter) wait(ctx context.Context, clock Clock, logger Logger) (time.Time, error) {
	logged := false
	for {
		l.mu.Lock()
		now := clock.Now()
		delay, gateway, policy := l.delay(now)
		if delay == 0 {
			for _, p := range l.pacers() {
				p.sent(now)
			}
			l.mu.Unlock()
			return now, nil
		}
		if gateway && delay != untilAnswer {
			if deadline, ok := ctx.Deadline(); ok && now.Add(delay).After(deadline) {
				l.mu.Unlock()
				return time.Time{}, &ThrottledError{Policy: policy, Wait: delay, Left: max(0, deadline.Sub(now))}
			}
		}
		answer := l.answer
		l.mu.Unlock()
		if gateway && delay != untilAnswer && !logged {
			logged = true
			logger.Info(ctx, "Waiting for the API gateway's throttling policy", map[string]any{
				"policy": policy.String(), "wait_ms": delay.Milliseconds(),
			})
		}
		err := clock.Wait(ctx, delay, answer)
		if gateway {
			tallyWait(ctx, clock.Now().Sub(now), policy)
		}
		if err != nil {
			return time.Time{}, err
		}
	}
}

// delay is how long a request must wait at now, whether the gateway holds it (rather than
// the ceiling the user set), and the policy that holds it longest. The caller holds l.mu.
func (l *limiter) delay(now time.Time) (d time.Duration, gateway bool, policy Policy) {
	if now.Before(l.holdUntil) {
		d, gateway, policy = l.holdUntil.Sub(now), true, l.holder
	}
	for _, p := range l.pacers() {
		if pd := p.delay(now); pd > d {
			_, isCeiling := p.(*ceilingPacer)
			d, gateway, policy = pd, !isCeiling, Policy{}
			if named, ok := p.(*policyPacer); ok {
				policy = named.policy
			}
		}
	}
	return d, gateway, policy
}

// answered tells every pacer what the answer to a request sent at sentAt said, holds
// every request for a 429's Retry-After, and wakes the waiters.
func (l *limiter) answered(v verdict, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if v.throttled && v.policy.named() && !l.unpaced {
		key := v.policy.key()
		if p, ok := l.policies[key]; ok {
			p.policy = v.policy
		} else {
			l.policies[key] = &policyPacer{policy: v.policy}
		}
	}
	if until := v.at.Add(retryAfter); v.throttled && until.After(l.holdUntil) {
		l.holdUntil, l.holder = until, v.policy
	}
	for _, p := range l.pacers() {
		p.answered(v)
	}
	close(l.answer)
	l.answer = make(chan struct{})
}

// pacing reports whether the fallback sets a pace: a 429 then waits for it, and spends
// no retry.
func (l *limiter) pacing() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.unpaced && l.fallback.rate > 0
}

// ceilingPacer keeps to max_requests_per_second.
type ceilingPacer struct{ bucket *rate.Limiter }

func (c *ceilingPacer) delay(now time.Time) time.Duration { return bucketDelay(c.bucket, now) }
func (c *ceilingPacer) sent(now time.Time)                { c.bucket.AllowN(now, 1) }
func (c *ceilingPacer) answered(verdict)                  {}

// bucketDelay is how long until bucket holds a token at now.
func bucketDelay(bucket *rate.Limiter, now time.Time) time.Duration {
	if missing := 1 - bucket.TokensAt(now); missing > 0 {
		return time.Duration(missing/float64(bucket.Limit())*float64(time.Second)) + time.Microsecond
	}
	return 0
}
