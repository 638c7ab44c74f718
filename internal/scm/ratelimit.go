package scm

import (
	"context"
	"sync"
	"time"
)

// pacer is one rule of the gateway for a client's requests: a policy a 429 named, or the
// fallback for 429s that name none.
type pacer interface {
	delay(now time.Time) time.Duration // untilAnswer: until the next answer
	sent(now time.Time)
	answered(v verdict)
}

// verdict is what the answer to a request said: a 429, naming a policy or not, or nothing.
type verdict struct {
	sentAt, at            time.Time
	throttled, unanswered bool
	policy                Policy
}

const untilAnswer = time.Duration(1<<63 - 1)

// limiter paces the requests of one client (one provider configuration): a request waits
// for max_requests_per_second, every pacer and the latest Retry-After, asleep until then
// or until an answer comes.
type limiter struct {
	mu        sync.Mutex
	interval  time.Duration           // of max_requests_per_second
	lastSent  time.Time               // by this client
	pacers    []pacer                 // the fallback, then the policies in the order named
	policies  map[Policy]*policyPacer // by Policy.key
	holdUntil time.Time               // the end of the latest Retry-After, holder's
	holder    Policy
	answer    chan struct{} // closed and replaced at every answer: it wakes the waiters
}

func newLimiter(ceiling float64) *limiter {
	l := &limiter{pacers: []pacer{&cubicPacer{}}, policies: map[Policy]*policyPacer{}, answer: make(chan struct{})}
	if ceiling > 0 {
		l.interval = time.Duration(float64(time.Second) / ceiling)
	}
	return l
}

// wait blocks until the caller may send a request, and returns its send time. A wait for
// the gateway fails at once when it would outlast ctx's deadline; it is logged once and
// tallied (RecordWaits).
func (l *limiter) wait(ctx context.Context, clock Clock, logger Logger) (time.Time, error) {
	for logged := false; ; {
		l.mu.Lock()
		now := clock.Now()
		delay, gateway, policy := l.delay(now)
		if delay == 0 {
			l.lastSent = now
			for _, p := range l.pacers {
				p.sent(now)
			}
			l.mu.Unlock()
			return now, nil
		}
		answer := l.answer
		l.mu.Unlock()
		if gateway && delay != untilAnswer {
			if deadline, ok := ctx.Deadline(); ok && now.Add(delay).After(deadline) {
				return time.Time{}, &ThrottledError{Policy: policy, Wait: delay, Left: max(0, deadline.Sub(now))}
			}
			if !logged {
				logger.Info(ctx, "Waiting for the API gateway's throttling policy", map[string]any{"policy": policy.String(), "wait_ms": delay.Milliseconds()})
				logged = true
			}
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

// delay is how long a request must wait at now, whether the gateway (not the ceiling)
// holds it, and the policy that holds it longest. The caller holds l.mu.
func (l *limiter) delay(now time.Time) (d time.Duration, gateway bool, policy Policy) {
	d = max(0, l.lastSent.Add(l.interval).Sub(now))
	if hold := l.holdUntil.Sub(now); hold > 0 && hold >= d {
		d, gateway, policy = hold, true, l.holder
	}
	for _, p := range l.pacers {
		if pd := p.delay(now); pd > d {
			d, gateway, policy = pd, true, Policy{}
			if named, ok := p.(*policyPacer); ok {
				policy = named.policy
			}
		}
	}
	return d, gateway, policy
}

// answered tells every pacer what an answer said, holds every request for a 429's
// Retry-After, and wakes the waiters. It reports whether the 429 named a policy (added,
// or updated): the request then waits for it and spends no retry.
func (l *limiter) answered(v verdict, retryAfter time.Duration) (paced bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if paced = v.throttled && v.policy.named(); paced {
		p := l.policies[v.policy.key()]
		if p == nil {
			p = &policyPacer{}
			l.policies[v.policy.key()], l.pacers = p, append(l.pacers, p)
		}
		p.policy = v.policy
	}
	if until := v.at.Add(retryAfter); v.throttled && until.After(l.holdUntil) {
		l.holdUntil, l.holder = until, v.policy
	}
	for _, p := range l.pacers {
		p.answered(v)
	}
	close(l.answer)
	l.answer = make(chan struct{})
	return paced
}
