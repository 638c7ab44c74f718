package scm

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Two policies of one window, for two subjects, are two policies: the tighter one is not
// lost when the other is named (an ip policy of 5 per minute, a user one of 200).
func TestPoliciesOfOneWindowForTwoSubjectsAreBothKept(t *testing.T) {
	l := newLimiter(0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ip := Policy{Name: "ip", Limit: 5, Window: time.Minute}
	user := Policy{Name: "user", Limit: 200, Window: time.Minute}
	l.answered(verdict{sentAt: at, at: at, throttled: true, policy: ip}, 0)
	l.answered(verdict{sentAt: at.Add(time.Second), at: at.Add(time.Second), throttled: true, policy: user}, 0)
	if len(l.policies) != 2 || l.policies[ip.key()].policy != ip || l.policies[user.key()].policy != user {
		t.Fatalf("policies after an ip and a user refusal: %v; want both, each with its own limit", pacedPolicies(l))
	}
	// Named again with another limit, a policy is updated, not added.
	raised := Policy{Name: "ip", Limit: 10, Window: time.Minute}
	l.answered(verdict{sentAt: at.Add(2 * time.Second), at: at.Add(2 * time.Second), throttled: true, policy: raised}, 0)
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

// A request held by a policy whose next probe is due after the operation's deadline fails
// at once, and one held only for an answer is woken by it, not by polling.
func TestAHeldRequestIsWokenByAnAnswer(t *testing.T) {
	l := newLimiter(0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	policy := Policy{Name: "user", Limit: 5, Window: time.Second}
	l.answered(verdict{sentAt: at, at: at, throttled: true, policy: policy}, 0)
	pacer := l.policies[policy.key()]
	probeAt := at.Add(time.Second / 4)
	pacer.sent(probeAt)
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

// A client quiet for minutes that then meets a limit whose 429s name no policy paces at
// what the gateway admits now: the fallback measures the last seconds, not the client's
// whole life (twenty admitted in a second after ten minutes of one call a minute is a
// gateway of twenty a second, not of three a minute).
func TestTheFallbackMeasuresWhatTheGatewayAdmitsNow(t *testing.T) {
	c := &cubicPacer{}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	admit := func(sentAt time.Time) {
		c.sent(sentAt)
		c.answered(verdict{sentAt: sentAt, at: sentAt.Add(20 * time.Millisecond)})
	}
	for minute := range 10 {
		admit(at.Add(time.Duration(minute) * time.Minute))
	}
	burst := at.Add(10 * time.Minute)
	for i := range 20 {
		admit(burst.Add(time.Duration(i) * 50 * time.Millisecond))
	}
	refusedAt := burst.Add(time.Second)
	c.sent(refusedAt)
	c.answered(verdict{sentAt: refusedAt, at: refusedAt.Add(20 * time.Millisecond), throttled: true})
	// 70% of twenty a second is a request every 71 ms.
	if d := c.delay(refusedAt.Add(20 * time.Millisecond)); d <= 0 || d > 100*time.Millisecond {
		t.Errorf("after the 429, the next request waits %s; want about 71ms (70%% of the 20 a second admitted lately)", d)
	}
}

// A probe whose answer says nothing of its policy (another policy refused it, or no answer
// came) lets the next probe go: requests are not held for an answer that will never come.
func TestAProbeThatSaysNothingOfItsPolicyLetsAnotherGo(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ip := Policy{Name: "ip", Limit: 5, Window: time.Second}
	user := Policy{Name: "user", Limit: 40, Window: time.Second}
	for name, answer := range map[string]verdict{
		"refused by the user policy": {throttled: true, policy: user},
		"unanswered":                 {unanswered: true},
	} {
		l := newLimiter(0)
		l.answered(verdict{sentAt: at, at: at, throttled: true, policy: ip}, 0)
		probeAt := at.Add(time.Second / 4)
		for _, p := range l.pacers {
			p.sent(probeAt)
		}
		answer.sentAt, answer.at = probeAt, probeAt.Add(time.Minute)
		l.answered(answer, 0)
		if d, _, _ := l.delay(answer.at); d == untilAnswer {
			t.Errorf("probe %s: the next request waits for an answer, with none to come", name)
		}
	}
}

// A request that got no answer (a connection lost, a timeout) is no admission: the
// fallback's measure of what the gateway admits counts answers only.
func TestAnUnansweredRequestIsNoAdmission(t *testing.T) {
	c := &cubicPacer{}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 30 {
		sentAt := at.Add(time.Duration(i) * 100 * time.Millisecond)
		c.sent(sentAt)
		// One in ten answered, admitted: the gateway admits one request a second.
		c.answered(verdict{sentAt: sentAt, at: sentAt.Add(20 * time.Millisecond), unanswered: i%10 != 0})
	}
	refusedAt := at.Add(3 * time.Second)
	c.sent(refusedAt)
	c.answered(verdict{sentAt: refusedAt, at: refusedAt.Add(20 * time.Millisecond), throttled: true})
	// 70% of one a second is a request every 1.4 s.
	if d := c.delay(refusedAt.Add(20 * time.Millisecond)); d < time.Second {
		t.Errorf("after the 429, the next request waits %s; want about 1.4s (70%% of the one a second admitted)", d)
	}
}

// A second 429 whose Retry-After ends sooner does not cut the first one's short.
func TestALongerRetryAfterIsNotCutShort(t *testing.T) {
	l := newLimiter(0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.answered(verdict{sentAt: at, at: at, throttled: true}, time.Minute)
	l.answered(verdict{sentAt: at, at: at.Add(time.Second), throttled: true}, time.Second)
	if d, _, _ := l.delay(at.Add(2 * time.Second)); d != 58*time.Second {
		t.Errorf("2 s after a Retry-After of 60 s, then one of 1 s, a request waits %s; want 58s", d)
	}
}

// While a probe is out, the answer to a request sent before the refusal is not the probe's:
// it says nothing of whether a window has turned.
func TestAnAnswerToARequestSentBeforeTheRefusalIsNoProbe(t *testing.T) {
	l := newLimiter(0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.answered(verdict{sentAt: at, at: at.Add(20 * time.Millisecond), throttled: true, policy: Policy{Name: "ip", Limit: 5, Window: time.Second}}, 0)
	probeAt := at.Add(time.Second / 4)
	for _, p := range l.pacers {
		p.sent(probeAt)
	}
	l.answered(verdict{sentAt: at.Add(-10 * time.Millisecond), at: probeAt.Add(10 * time.Millisecond)}, 0)
	if d, _, _ := l.delay(probeAt.Add(10 * time.Millisecond)); d != untilAnswer {
		t.Errorf("with the probe out, an old request's answer let the next request go after %s; want it held for the probe's", d)
	}
}

// In the window a probe opens, at most two requests await an answer; the answer to a
// request sent before that window frees none of their places.
func TestTheOpeningWindowHoldsTwoAwaitingAnswers(t *testing.T) {
	l := newLimiter(0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.answered(verdict{sentAt: at, at: at.Add(20 * time.Millisecond), throttled: true, policy: Policy{Name: "ip", Limit: 5, Window: time.Second}}, 0)
	probeAt := at.Add(time.Second / 4)
	send := func(sentAt time.Time) {
		for _, p := range l.pacers {
			p.sent(sentAt)
		}
	}
	send(probeAt)
	l.answered(verdict{sentAt: probeAt, at: probeAt.Add(20 * time.Millisecond)}, 0)
	send(probeAt.Add(30 * time.Millisecond))
	send(probeAt.Add(31 * time.Millisecond))
	l.answered(verdict{sentAt: at.Add(-5 * time.Millisecond), at: probeAt.Add(40 * time.Millisecond)}, 0)
	if d, _, _ := l.delay(probeAt.Add(40 * time.Millisecond)); d != untilAnswer {
		t.Errorf("with two requests of the opening window awaiting an answer, a third may go after %s; want it held", d)
	}
}

// A cut of the fallback is judged by the answers to requests sent at its pace: the 429s
// of requests already out when it was made do not cut the pace again.
func TestACutIsJudgedByRequestsSentAtItsPace(t *testing.T) {
	c := &cubicPacer{}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	answer := func(sentAt, answeredAt time.Time, throttled bool) {
		c.answered(verdict{sentAt: sentAt, at: answeredAt, throttled: throttled})
	}
	for i := range 10 { // twenty a second admitted
		sentAt := at.Add(time.Duration(i) * 50 * time.Millisecond)
		c.sent(sentAt)
		answer(sentAt, sentAt.Add(20*time.Millisecond), false)
	}
	cutAt := at.Add(500 * time.Millisecond)
	answer(cutAt.Add(-20*time.Millisecond), cutAt, true)
	cutPace := c.pace(cutAt)
	for i := range 9 { // requests sent before the cut, refused
		answer(cutAt.Add(-time.Duration(10-i)*time.Millisecond), cutAt.Add(time.Duration(i+1)*time.Millisecond), true)
	}
	now := cutAt
	for range heldAnswers { // at the cut's pace, every one admitted
		now = now.Add(c.delay(now))
		c.sent(now)
		answer(now, now.Add(20*time.Millisecond), false)
	}
	// The cut helped: the pace grows from it, and is not cut again.
	if pace := c.pace(now); pace < cutPace {
		t.Errorf("after %d admitted answers at the cut's pace of %.1f a second, the pace is %.1f; want it not cut again",
			heldAnswers, cutPace, pace)
	}
}

// A wait is logged once, however often answers wake it before it ends.
func TestAWaitIsLoggedOnceHoweverOftenItIsWoken(t *testing.T) {
	l := newLimiter(0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.answered(verdict{sentAt: at, at: at, throttled: true, policy: Policy{Name: "ip", Limit: 5, Window: time.Second}}, 0)
	logger := &countingLogger{}
	if _, err := l.wait(context.Background(), &wokenClock{now: at}, logger); err != nil {
		t.Fatal(err)
	}
	if logger.infos != 1 {
		t.Errorf("a wait of 250 ms woken every 50 ms was logged %d times; want once", logger.infos)
	}
}

// wokenClock ends every wait after 50 ms at most, as answers to other requests would.
type wokenClock struct{ now time.Time }

func (c *wokenClock) Now() time.Time                                   { return c.now }
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

// Once a probe has opened a window, the refusal of a request sent before it is old news:
// it does not stop the requests the new window admits.
func TestARefusalFromBeforeTheOpeningWindowIsOldNews(t *testing.T) {
	l := newLimiter(0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ip := Policy{Name: "ip", Limit: 5, Window: time.Second}
	l.answered(verdict{sentAt: at, at: at.Add(20 * time.Millisecond), throttled: true, policy: ip}, 0)
	probeAt := at.Add(time.Second / 4)
	for _, p := range l.pacers {
		p.sent(probeAt)
	}
	l.answered(verdict{sentAt: probeAt, at: probeAt.Add(20 * time.Millisecond)}, 0)
	late := probeAt.Add(30 * time.Millisecond)
	l.answered(verdict{sentAt: at.Add(10 * time.Millisecond), at: late, throttled: true, policy: ip}, 0)
	if d, _, _ := l.delay(late); d != 0 {
		t.Errorf("in the window the probe opened, the late refusal of an older request holds the next one %s; want none", d)
	}
}
