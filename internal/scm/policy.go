package scm

import (
	"cmp"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Policy is a throttling policy of the API gateway: at most Limit calls in each fixed
// window of length Window, for the subject Name says (user, ip, app, api, ...), as named
// in the 429 that refuses a call (docs/api-notes.md, "Throttling").
type Policy struct {
	Name   string
	Limit  int
	Window time.Duration
}

// key tells policies apart: one named again with another Limit is the same policy.
func (p Policy) key() Policy { return Policy{Name: p.Name, Window: p.Window} }

func (p Policy) named() bool { return p.Limit > 0 }

func (p Policy) String() string {
	if !p.named() {
		return "throttling (the 429 named no policy)"
	}
	return fmt.Sprintf("%s policy of %d calls per %s", cmp.Or(p.Name, "unnamed"), p.Limit, p.Window)
}

// policyText is the part of a 429's message that names the policy, such as
// "policy user over ratelimit,limit:200,time:5 minute".
var policyText = regexp.MustCompile(`(?i)(?:policy\s+([a-z0-9_-]+)\s+over\s+ratelimit\s*,\s*)?limit\s*:\s*(\d{1,9})\s*,\s*time\s*:\s*(\d{1,9})\s*(second|minute|hour|day)s?\b`)

var policyUnits = map[string]time.Duration{"second": time.Second, "minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}

// parsePolicy reads the policy a 429's message names; a limit of 0 or a window of over a
// day is none a client can wait for.
func parsePolicy(message string) (Policy, bool) {
	m := policyText.FindStringSubmatch(message)
	if m == nil {
		return Policy{}, false
	}
	limit, _ := strconv.Atoi(m[2]) // nine digits at most: no error
	count, _ := strconv.Atoi(m[3])
	unit := policyUnits[strings.ToLower(m[4])]
	if limit < 1 || count < 1 || time.Duration(count) > 24*time.Hour/unit {
		return Policy{}, false
	}
	return Policy{Name: strings.ToLower(m[1]), Limit: limit, Window: time.Duration(count) * unit}, true
}

// policyPacer keeps to one named policy, whose window boundaries the gateway does not tell.
// Each rule fails a test without it (ratelimit_sim_test.go, ratelimit_test.go):
//   - At most Limit sends, refused ones counted, in any stretch of a window and a fiftieth.
//   - After a refusal, one probe at a time, a quarter window apart, until one is admitted:
//     a window has turned (it opens at the probe).
//   - A refusal in a window a probe opened says another client shares the policy: the
//     next probe waits for the next window.
//   - In the opening window, two requests at most await an answer: a quota that refills
//     gradually (20 per second) then refuses one or two, not the whole share.
type policyPacer struct {
	policy      Policy
	sends       []time.Time // of the last Limit requests
	refusedAt   time.Time   // when the last refused request was sent; zero once a probe is admitted
	probeAt     time.Time   // when the next probe may go
	probing     bool
	openedAt    time.Time // when the admitted probe was sent
	outstanding int       // requests sent in the opening window awaiting an answer
}

func (p *policyPacer) delay(now time.Time) time.Duration {
	switch {
	case p.probing, p.outstanding >= 2 && p.opening(now):
		return untilAnswer
	case !p.refusedAt.IsZero():
		return max(0, p.probeAt.Sub(now))
	case len(p.sends) >= p.policy.Limit:
		return max(0, p.sends[len(p.sends)-p.policy.Limit].Add(p.policy.Window*51/50).Sub(now))
	}
	return 0
}

func (p *policyPacer) opening(t time.Time) bool {
	return !t.Before(p.openedAt) && t.Before(p.openedAt.Add(p.policy.Window))
}

func (p *policyPacer) sent(now time.Time) {
	p.sends = append(p.sends, now)
	p.sends = p.sends[max(0, len(p.sends)-p.policy.Limit):]
	p.probing = !p.refusedAt.IsZero()
	if p.opening(now) {
		p.outstanding++
	}
}

func (p *policyPacer) answered(v verdict) {
	probe := p.probing && v.sentAt.After(p.refusedAt) // while refused, only probes go out
	if probe {
		p.probing = false // whatever it says, the next probe may go
	} else if p.opening(v.sentAt) {
		p.outstanding--
	}
	window := p.policy.Window
	switch {
	case v.throttled && v.policy.key() == p.policy.key():
		switch {
		case probe, p.openedAt.IsZero() && p.refusedAt.IsZero():
			p.probeAt = v.sentAt.Add(window / 4)
		case !p.refusedAt.IsZero() || v.sentAt.Before(p.openedAt):
			return // known already, or old news
		default: // the opening window, or a later one, is spent
			p.probeAt = p.openedAt.Add(v.sentAt.Sub(p.openedAt).Truncate(window) + window)
		}
		p.refusedAt = v.sentAt
	case probe && !v.throttled && !v.unanswered:
		p.refusedAt, p.openedAt, p.outstanding = time.Time{}, v.sentAt, 0
		p.sends = append(p.sends[:0], v.sentAt)
	}
}
