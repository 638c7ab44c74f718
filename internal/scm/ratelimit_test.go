package scm

import (
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
		t.Fatalf("policies after an ip and a user refusal: %v; want both, each with its own limit", l.policies)
	}
	// Named again with another limit, a policy is updated, not added.
	raised := Policy{Name: "ip", Limit: 10, Window: time.Minute}
	l.answered(verdict{sentAt: at.Add(2 * time.Second), at: at.Add(2 * time.Second), throttled: true, policy: raised}, 0)
	if len(l.policies) != 2 || l.policies[ip.key()].policy != raised {
		t.Errorf("policies after the ip policy was named with a limit of 10: %v", l.policies)
	}
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
