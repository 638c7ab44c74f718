package scm

import (
	"testing"
	"time"
)

// The fallback's rules that no figure of ratelimit_sim_test.go holds; each test fails when
// its rule is removed.

// admitted tells c that a request sent at sentAt was admitted 20 ms later.
func admitted(c *cubicPacer, sentAt time.Time) {
	c.sent(sentAt)
	c.answered(verdict{sentAt: sentAt, at: sentAt.Add(20 * time.Millisecond)})
}

// refused tells c that a request sent at sentAt was refused 20 ms later by a 429 that
// names no policy.
func refused(c *cubicPacer, sentAt time.Time) {
	c.sent(sentAt)
	c.answered(verdict{sentAt: sentAt, at: sentAt.Add(20 * time.Millisecond), throttled: true})
}

// A client quiet for minutes that then meets a limit whose 429s name no policy paces at
// what the gateway admits now: the fallback measures the last seconds, not the client's
// whole life (twenty admitted in a second after ten minutes of one call a minute is a
// gateway of twenty a second, not of three a minute).
func TestTheFallbackMeasuresWhatTheGatewayAdmitsNow(t *testing.T) {
	c := &cubicPacer{}
	for minute := range 10 {
		admitted(c, start.Add(time.Duration(minute)*time.Minute))
	}
	burst := start.Add(10 * time.Minute)
	for i := range 20 {
		admitted(c, burst.Add(time.Duration(i)*50*time.Millisecond))
	}
	refusedAt := burst.Add(time.Second)
	refused(c, refusedAt)
	// 70% of twenty a second is a request every 71 ms.
	if d := c.delay(refusedAt.Add(20 * time.Millisecond)); d <= 0 || d > 100*time.Millisecond {
		t.Errorf("after the 429, the next request waits %s; want about 71ms (70%% of the 20 a second admitted lately)", d)
	}
}

// A request that got no answer (a connection lost, a timeout) is no admission: the
// fallback's measure of what the gateway admits counts answers only.
func TestAnUnansweredRequestIsNoAdmission(t *testing.T) {
	c := &cubicPacer{}
	for i := range 30 {
		sentAt := start.Add(time.Duration(i) * 100 * time.Millisecond)
		if i%10 == 0 { // the gateway admits one request a second; the others get no answer
			admitted(c, sentAt)
			continue
		}
		c.sent(sentAt)
		c.answered(verdict{sentAt: sentAt, at: sentAt.Add(20 * time.Millisecond), unanswered: true})
	}
	refusedAt := start.Add(3 * time.Second)
	refused(c, refusedAt)
	// 70% of one a second is a request every 1.4 s.
	if d := c.delay(refusedAt.Add(20 * time.Millisecond)); d < time.Second {
		t.Errorf("after the 429, the next request waits %s; want about 1.4s (70%% of the one a second admitted)", d)
	}
}

// A cut of the fallback is judged by the answers to requests sent at its pace: the 429s
// of requests already out when it was made do not cut the pace again.
func TestACutIsJudgedByRequestsSentAtItsPace(t *testing.T) {
	c := &cubicPacer{}
	for i := range 10 { // twenty a second admitted
		admitted(c, start.Add(time.Duration(i)*50*time.Millisecond))
	}
	cutAt := start.Add(520 * time.Millisecond)
	refused(c, cutAt.Add(-20*time.Millisecond))
	cutPace := c.pace(cutAt)
	for i := range 9 { // requests sent before the cut, refused
		sentAt := cutAt.Add(-time.Duration(10-i) * time.Millisecond)
		c.answered(verdict{sentAt: sentAt, at: cutAt.Add(time.Duration(i+1) * time.Millisecond), throttled: true})
	}
	now := cutAt
	for range heldAnswers { // at the cut's pace, every one admitted
		now = now.Add(c.delay(now))
		admitted(c, now)
	}
	// The cut helped: the pace grows from it, and is not cut again.
	if pace := c.pace(now); pace < cutPace {
		t.Errorf("after %d admitted answers at the cut's pace of %.1f a second, the pace is %.1f; want it not cut again",
			heldAnswers, cutPace, pace)
	}
}
