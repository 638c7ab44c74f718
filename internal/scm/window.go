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
// the window a probe opens, two requests are in flight at most, so that a quota that
// refills gradually refuses a request or two, not the whole share. And no more than Limit
// requests go in any stretch of a window's length (see delay), which a gateway that
// counts fixed windows never minds and one that refills gradually needs.
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
	// recent holds the send times of the last Limit requests (up to maxRecent).
	recent []time.Time
}

// maxRecent bounds the requests whose send times a pacer keeps; a policy of more calls
// per window is not held to the sliding rule (see delay).
const maxRecent = 10000

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
	// Nor more than Limit in any stretch of a window's length, whatever windows they fall
	// in, with a fiftieth of a window to spare: a gateway that counts fixed windows never
	// minds, and one whose quota refills gradually (a token bucket of Limit per window,
	// as the emulator's) refuses none.
	if limit := p.policy.Limit; len(p.recent) == limit {
		if free := p.recent[0].Add(p.policy.Window + p.policy.Window/50); now.Before(free) {
			return free.Sub(now)
		}
	}
	k := p.windowAt(now)
	if k != p.index {
		return 0 // a fresh window
	}
	next := p.anchor.Add(time.Duration(k+1) * p.policy.Window)
	switch {
	case p.spent || p.sent >= p.policy.Limit || !now.Before(next.Add(-p.guard)):
		return next.Sub(now)
	case k == 0 && p.sent >= 2+p.opening:
		return answerPoll
	}
	return 0
}

// take counts a request that goes at now, and says where it stands.
func (p *windowPacer) take(now time.Time) seat {
	if p.policy.Limit <= maxRecent {
		p.recent = append(p.recent, now)
		if len(p.recent) > p.policy.Limit {
			p.recent = p.recent[len(p.recent)-p.policy.Limit:]
		}
	}
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
			p.recent = append(p.recent[:0], sentAt) // what went before the anchor went unpaced
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
