package scm

import "time"

// windowPacer keeps one client's requests within a policy the gateway named: at most
// Limit calls in each fixed window, whose boundaries the gateway does not tell.
//
// The boundary is inferred. After a refusal, requests go out one at a time, a tenth of a
// window apart, until one is admitted (probing): a window of the gateway's began after the
// last refused request was sent and no later than the admitted one was. The admitted
// probe's send time anchors the client's windows, one window length apart. Each window's
// share goes out at its start, as fast as callers ask, and none in its last `guard` (the
// time between the refused and the admitted probe), so that no share straddles two of
// the gateway's windows, which spreading the share evenly would. A refusal of a window's
// first request says the anchor is early: probe again. A refusal later in a window says
// the window holds less than the limit (another client of the account shares the policy,
// or the gateway refills its quota gradually): the rest of that window is given up. In
// the window a probe opens, the share goes out two requests for each admitted answer,
// so that a quota that refills gradually refuses a request or two, not the whole share.
type windowPacer struct {
	policy Policy
	// anchor is the start of the client's window 0; zero while probing.
	anchor time.Time
	guard  time.Duration
	// refusedAt is the send time of the latest refused request before the anchor.
	refusedAt time.Time
	probing   bool // a probe is in flight
	// index is the client's window that sent, spent and admitted count.
	index   int64
	sent    int
	spent   bool
	opening int // admitted answers in window 0, the one a probe opened
	// logged is the last window whose wait was logged.
	logged int64
}

// seat is where a request stands in a pacer: its window, and how many went before it
// there (0 for the first); probe is set for a probe.
type seat struct {
	window int64
	nth    int
	probe  bool
}

// answerPoll is how often a caller held in the window a probe opened looks again.
const answerPoll = 2 * time.Millisecond

func newWindowPacer(policy Policy, refusedAt time.Time) *windowPacer {
	return &windowPacer{policy: policy, refusedAt: refusedAt, logged: -1}
}

func (p *windowPacer) probeSpacing() time.Duration {
	return max(p.policy.Window/4, 10*time.Millisecond)
}

// windowAt is the client's window that holds t (from the anchor on).
func (p *windowPacer) windowAt(t time.Time) int64 {
	return int64(t.Sub(p.anchor) / p.policy.Window)
}

// delay is how long a request must wait at now before p lets it go; 0: now. A long
// delay is the wait for the next window.
func (p *windowPacer) delay(now time.Time) time.Duration {
	if p.anchor.IsZero() {
		if p.probing {
			return answerPoll
		}
		return max(0, p.refusedAt.Add(p.probeSpacing()).Sub(now))
	}
	k := p.windowAt(now)
	if k != p.index {
		return 0 // a fresh window
	}
	next := p.anchor.Add(time.Duration(k+1) * p.policy.Window)
	switch {
	case p.spent || p.sent >= p.policy.Limit || !now.Before(next.Add(-p.guard)):
		return next.Sub(now)
	case k == 0 && p.sent >= 1+2*p.opening:
		return answerPoll
	}
	return 0
}

// take counts a request that goes at now, and says where it stands.
func (p *windowPacer) take(now time.Time) seat {
	if p.anchor.IsZero() {
		p.probing = true
		return seat{window: -1, probe: true}
	}
	if k := p.windowAt(now); k != p.index {
		p.index, p.sent, p.spent = k, 0, false
	}
	p.sent++
	return seat{window: p.index, nth: p.sent - 1}
}

// answered learns from the answer to a request that stood at s, sent at sentAt.
func (p *windowPacer) answered(s seat, sentAt time.Time, result outcome) {
	switch {
	case s.probe && p.probing:
		p.probing = false
		switch result {
		case refusedByPolicy:
			p.refusedAt = sentAt
		case admitted:
			p.anchor, p.guard = sentAt, min(sentAt.Sub(p.refusedAt), p.policy.Window/2)
			p.index, p.sent, p.spent, p.opening = 0, 1, false, 1
		}
		// Otherwise the probe says nothing of this policy: another goes out.
	case p.anchor.IsZero():
		if result == refusedByPolicy && sentAt.After(p.refusedAt) {
			p.refusedAt = sentAt
		}
	case s.window != p.index:
		// Old news: a window that has passed.
	case result == admitted:
		if s.window == 0 {
			p.opening++
		}
	case result != refusedByPolicy:
	case s.nth == 0:
		p.anchor, p.refusedAt = time.Time{}, sentAt // the gateway's window had not turned yet
	default:
		p.spent = true
	}
}
