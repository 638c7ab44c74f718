package scm

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Policy is a throttling policy of the API gateway: at most Limit calls in each fixed
// window of length Window, counted for the subject Name says (user, ip, app, api, ...).
// The gateway names it in the 429 that refuses a call (docs/api-notes.md, "Throttling").
type Policy struct {
	Name   string
	Limit  int
	Window time.Duration
}

// policyKey tells policies apart: a subject and a window. One named again with another
// limit is the same policy.
type policyKey struct {
	name   string
	window time.Duration
}

func (p Policy) key() policyKey { return policyKey{p.Name, p.Window} }

func (p Policy) named() bool { return p.Limit > 0 }

func (p Policy) String() string {
	if !p.named() {
		return "throttling (the 429 named no policy)"
	}
	name := p.Name
	if name == "" {
		name = "unnamed"
	}
	return fmt.Sprintf("%s policy of %d calls per %s", name, p.Limit, p.Window)
}

// policyText is the part of the gateway's message that names the policy, such as
// "policy user over ratelimit,limit:200,time:5 minute".
var policyText = regexp.MustCompile(`(?i)(?:policy\s+([a-z0-9_-]+)\s+over\s+ratelimit\s*,\s*)?limit\s*:\s*(\d{1,9})\s*,\s*time\s*:\s*(\d{1,9})\s*(second|minute|hour|day)s?\b`)

var policyUnits = map[string]time.Duration{"second": time.Second, "minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}

// parsePolicy reads the policy a 429's message names. What cannot be a policy a client
// can wait for (a limit of 0, a window of nothing or of over a day) is none.
func parsePolicy(message string) (Policy, bool) {
	m := policyText.FindStringSubmatch(message)
	if m == nil {
		return Policy{}, false
	}
	limit, errLimit := strconv.Atoi(m[2])
	count, errCount := strconv.Atoi(m[3])
	unit := policyUnits[strings.ToLower(m[4])]
	if errLimit != nil || errCount != nil || limit < 1 || count < 1 || time.Duration(count) > 24*time.Hour/unit {
		return Policy{}, false
	}
	return Policy{Name: strings.ToLower(m[1]), Limit: limit, Window: time.Duration(count) * unit}, true
}

// policyPacer keeps to one named policy, whose windows' boundaries the gateway does not
// tell. Its rules, each held by a test of ratelimit_sim_test.go:
//   - No more than Limit sends, refused ones counted, in any stretch of one window's
//     length (and a fiftieth more): a gateway that counts fixed windows never minds, and
//     one whose quota refills gradually refuses none.
//   - After a refusal by the policy, one probe at a time, a quarter of a window apart,
//     until one is admitted: the gateway's window has turned, and the count starts anew
//     from the probe (TestWindowPoliciesArePacedToTheirWindows). A refusal later, once
//     a probe opened a window, says that window is spent (another client shares the
//     policy): the first probe waits for the next window counted from the opening one
//     (TestTwoInstancesShareOnePolicy, TestTokenBucketsAreHeldToo).
//   - In the window a probe opens, two requests await an answer at most: a quota that
//     refills gradually refuses one or two of them, not the whole share
//     (TestTokenBucketsAreHeldToo, 20 per second).
type policyPacer struct {
	policy Policy
	// sends are the send times of the last Limit requests (maxSends at most: a policy of
	// more calls is not held to the first rule).
	sends []time.Time
	// refusedAt is when the last refused request was sent, zero once a probe is
	// admitted; probeAt, when the next probe may go.
	refusedAt, probeAt time.Time
	probing            bool
	// openedAt is when the admitted probe was sent; outstanding, the requests sent in
	// that window that await an answer.
	openedAt    time.Time
	outstanding int
}

const maxSends = 10000

func (p *policyPacer) delay(now time.Time) time.Duration {
	window := p.policy.Window
	switch {
	case p.probing, p.outstanding >= 2 && p.opening(now):
		return untilAnswer
	case !p.refusedAt.IsZero():
		return max(0, p.probeAt.Sub(now))
	case len(p.sends) >= p.policy.Limit:
		return max(0, p.sends[len(p.sends)-p.policy.Limit].Add(window+window/50).Sub(now))
	}
	return 0
}

// opening reports whether t falls in the window a probe opened.
func (p *policyPacer) opening(t time.Time) bool {
	return !t.Before(p.openedAt) && t.Before(p.openedAt.Add(p.policy.Window))
}

func (p *policyPacer) sent(now time.Time) {
	p.sends = append(p.sends, now)
	if extra := len(p.sends) - min(p.policy.Limit, maxSends); extra > 0 {
		p.sends = p.sends[extra:]
	}
	p.probing = !p.refusedAt.IsZero()
	if p.opening(now) {
		p.outstanding++
	}
}

func (p *policyPacer) answered(v verdict) {
	probe := p.probing && v.sentAt.After(p.refusedAt) // while refused, only probes go out
	if !probe && p.opening(v.sentAt) {
		p.outstanding--
	}
	switch {
	case v.throttled && v.policy.key() == p.policy.key():
		window, spacing := p.policy.Window, max(p.policy.Window/4, 10*time.Millisecond)
		switch {
		case probe, p.openedAt.IsZero() && p.refusedAt.IsZero():
			p.probeAt = v.sentAt.Add(spacing)
		case !p.refusedAt.IsZero() || v.sentAt.Before(p.openedAt):
			return // known already, or old news
		default:
			// The window the probe opened, or one after it, is spent: probe again when
			// the next one begins.
			windows := int64(v.sentAt.Sub(p.openedAt)/window) + 1
			p.probeAt = p.openedAt.Add(time.Duration(windows) * window)
		}
		p.refusedAt, p.probing = v.sentAt, false
	case probe && !v.throttled && !v.unanswered:
		p.refusedAt, p.probing = time.Time{}, false
		p.openedAt, p.outstanding = v.sentAt, 0
		p.sends = append(p.sends[:0], v.sentAt)
	case probe:
		p.probing = false // the probe says nothing of this policy: another goes out
	}
}
