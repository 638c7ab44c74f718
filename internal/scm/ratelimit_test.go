package scm

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The limiter's rules, one test each; each fails when its rule is removed. The figures
// they add up to are in ratelimit_sim_test.go, the fallback's rules in cubic_test.go.

var (
	start    = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ipPolicy = Policy{Name: "ip", Limit: 5, Window: time.Second}
)

// refusedByIP is a limiter whose request sent at start the ip policy refused; its probe
// may go at probeAt, a quarter window later.
func refusedByIP() (l *limiter, probeAt time.Time) {
	l = newLimiter(0)
	l.answered(verdict{sentAt: start, at: start.Add(20 * time.Millisecond), throttled: true, policy: ipPolicy}, 0)
	return l, start.Add(ipPolicy.Window / 4)
}

// probeOut is refusedByIP with the probe sent.
func probeOut() (l *limiter, probeAt time.Time) {
	l, probeAt = refusedByIP()
	send(l, probeAt)
	return l, probeAt
}

// windowOpened is probeOut with the probe admitted: a window opened at openedAt.
func windowOpened() (l *limiter, openedAt time.Time) {
	l, openedAt = probeOut()
	l.answered(verdict{sentAt: openedAt, at: openedAt.Add(20 * time.Millisecond)}, 0)
	return l, openedAt
}

// send tells every pacer of l that a request went at sentAt, as wait does.
func send(l *limiter, sentAt time.Time) {
	for _, p := range l.pacers {
		p.sent(sentAt)
	}
}

// Two policies of one window, for two subjects, are two policies: the tighter one is not
// lost when the other is named (an ip policy of 5 per minute, a user one of 200).
func TestPoliciesOfOneWindowForTwoSubjectsAreBothKept(t *testing.T) {
	l := newLimiter(0)
	ip := Policy{Name: "ip", Limit: 5, Window: time.Minute}
	user := Policy{Name: "user", Limit: 200, Window: time.Minute}
	l.answered(verdict{sentAt: start, at: start, throttled: true, policy: ip}, 0)
	l.answered(verdict{sentAt: start.Add(time.Second), at: start.Add(time.Second), throttled: true, policy: user}, 0)
	if len(l.policies) != 2 || l.policies[ip.key()].policy != ip || l.policies[user.key()].policy != user {
		t.Fatalf("policies after an ip and a user refusal: %v; want both, each with its own limit", pacedPolicies(l))
	}
	// Named again with another limit, a policy is updated, not added.
	raised := Policy{Name: "ip", Limit: 10, Window: time.Minute}
	l.answered(verdict{sentAt: start.Add(2 * time.Second), at: start.Add(2 * time.Second), throttled: true, policy: raised}, 0)
	if len(l.policies) != 2 || l.policies[ip.key()].policy != raised {
		t.Errorf("policies after the ip policy was named with a limit of 10: %v", pacedPolicies(l))
	}
}

func pacedPolicies(l *limiter) (policies []string) {
	for _, p := range l.policies {
		policies = append(policies, p.policy.String())
	}
	return policies
}

// A request held for a probe's answer is woken by it, not by polling, and may go when the
// probe was admitted.
func TestAHeldRequestIsWokenByAnAnswer(t *testing.T) {
	l, probeAt := probeOut()
	if d, _, _ := l.delay(probeAt); d != untilAnswer {
		t.Fatalf("with a probe out, a request waits %s; want until the probe's answer", d)
	}
	wake := l.answer
	l.answered(verdict{sentAt: probeAt, at: probeAt.Add(20 * time.Millisecond)}, 0)
	select {
	case <-wake:
	default:
		t.Fatal("the probe's answer did not wake the waiters")
	}
	if d, _, _ := l.delay(probeAt.Add(20 * time.Millisecond)); d != 0 {
		t.Errorf("after the probe was admitted, a request waits %s; want none", d)
	}
}

// A probe whose answer says nothing of its policy (another policy refused it, or no answer
// came) lets the next probe go: requests are not held for an answer that will never come.
func TestAProbeThatSaysNothingOfItsPolicyLetsAnotherGo(t *testing.T) {
	user := Policy{Name: "user", Limit: 40, Window: time.Second}
	for name, answer := range map[string]verdict{
		"refused by the user policy": {throttled: true, policy: user},
		"unanswered":                 {unanswered: true},
	} {
		l, probeAt := probeOut()
		answer.sentAt, answer.at = probeAt, probeAt.Add(time.Minute)
		l.answered(answer, 0)
		if d, _, _ := l.delay(answer.at); d == untilAnswer {
			t.Errorf("probe %s: the next request waits for an answer, with none to come", name)
		}
	}
}

// While a probe is out, the answer to a request sent before the refusal is not the probe's:
// it says nothing of whether a window has turned.
func TestAnAnswerToARequestSentBeforeTheRefusalIsNoProbe(t *testing.T) {
	l, probeAt := probeOut()
	l.answered(verdict{sentAt: start.Add(-10 * time.Millisecond), at: probeAt.Add(10 * time.Millisecond)}, 0)
	if d, _, _ := l.delay(probeAt.Add(10 * time.Millisecond)); d != untilAnswer {
		t.Errorf("with the probe out, an old request's answer let the next request go after %s; want it held for the probe's", d)
	}
}

// In the window a probe opens, at most two requests await an answer; the answer to a
// request sent before that window frees none of their places.
func TestTheOpeningWindowHoldsTwoAwaitingAnswers(t *testing.T) {
	l, openedAt := windowOpened()
	send(l, openedAt.Add(30*time.Millisecond))
	send(l, openedAt.Add(31*time.Millisecond))
	l.answered(verdict{sentAt: start.Add(-5 * time.Millisecond), at: openedAt.Add(40 * time.Millisecond)}, 0)
	if d, _, _ := l.delay(openedAt.Add(40 * time.Millisecond)); d != untilAnswer {
		t.Errorf("with two requests of the opening window awaiting an answer, a third may go after %s; want it held", d)
	}
}

// Once a probe has opened a window, the refusal of a request sent before it is old news:
// it does not stop the requests the new window admits.
func TestARefusalFromBeforeTheOpeningWindowIsOldNews(t *testing.T) {
	l, openedAt := windowOpened()
	late := openedAt.Add(30 * time.Millisecond)
	l.answered(verdict{sentAt: start.Add(10 * time.Millisecond), at: late, throttled: true, policy: ipPolicy}, 0)
	if d, _, _ := l.delay(late); d != 0 {
		t.Errorf("in the window the probe opened, the late refusal of an older request holds the next one %s; want none", d)
	}
}

// A second 429 whose Retry-After ends sooner does not cut the first one's short.
func TestALongerRetryAfterIsNotCutShort(t *testing.T) {
	l := newLimiter(0)
	l.answered(verdict{sentAt: start, at: start, throttled: true}, time.Minute)
	l.answered(verdict{sentAt: start, at: start.Add(time.Second), throttled: true}, time.Second)
	if d, _, _ := l.delay(start.Add(2 * time.Second)); d != 58*time.Second {
		t.Errorf("2 s after a Retry-After of 60 s, then one of 1 s, a request waits %s; want 58s", d)
	}
}

// A wait is logged once, however often answers wake it before it ends.
func TestAWaitIsLoggedOnceHoweverOftenItIsWoken(t *testing.T) {
	l, _ := refusedByIP()
	logger := &countingLogger{}
	if _, err := l.wait(context.Background(), &wokenClock{now: start}, logger); err != nil {
		t.Fatal(err)
	}
	if logger.infos != 1 {
		t.Errorf("a wait of 250 ms woken every 50 ms was logged %d times; want once", logger.infos)
	}
}

// The user's own ceiling (max_requests_per_second) is not the gateway's throttling: a wait
// for it is not tallied as one (which would end the operation with a warning about
// throttling that never was), and one past the deadline is no *ThrottledError naming a
// policy.
func TestTheCeilingIsNoWaitForTheGateway(t *testing.T) {
	l := newLimiter(1)
	clock := &steppingClock{now: time.Now()}
	ctx, waits := RecordWaits(context.Background())
	for range 3 {
		if _, err := l.wait(ctx, clock, discardLogger{}); err != nil {
			t.Fatal(err)
		}
	}
	if clock.waited != 2*time.Second {
		t.Fatalf("three requests under a ceiling of one per second waited %s; want 2s", clock.waited)
	}
	if total, _ := waits.Total(); total != 0 {
		t.Errorf("the ceiling's waits were tallied as %s of waiting for the gateway; want none", total)
	}
	soon, cancel := context.WithDeadline(ctx, clock.now.Add(time.Millisecond))
	defer cancel()
	var throttled *ThrottledError
	if _, err := l.wait(soon, clock, discardLogger{}); errors.As(err, &throttled) {
		t.Errorf("a wait for the ceiling past the deadline failed as the gateway's throttling: %v", err)
	}
}

// steppingClock jumps over every wait at once, and adds it up.
type steppingClock struct {
	now    time.Time
	waited time.Duration
}

func (c *steppingClock) Now() time.Time { return c.now }

func (c *steppingClock) Sleep(ctx context.Context, d time.Duration) error { return c.Wait(ctx, d, nil) }

func (c *steppingClock) Wait(ctx context.Context, d time.Duration, _ <-chan struct{}) error {
	c.now, c.waited = c.now.Add(d), c.waited+d
	return ctx.Err()
}

// wokenClock ends every wait after 50 ms at most, as answers to other requests would.
type wokenClock struct{ now time.Time }

func (c *wokenClock) Now() time.Time { return c.now }

func (c *wokenClock) Sleep(ctx context.Context, d time.Duration) error { return c.Wait(ctx, d, nil) }

func (c *wokenClock) Wait(ctx context.Context, d time.Duration, _ <-chan struct{}) error {
	c.now = c.now.Add(min(d, 50*time.Millisecond))
	return ctx.Err()
}

type countingLogger struct {
	discardLogger
	infos int
}

func (l *countingLogger) Info(context.Context, string, map[string]any) { l.infos++ }
