package scm

import "time"

// cubicPacer is the fallback for 429s that name no policy: a pace that follows CUBIC, as
// the AWS SDK's adaptive retry mode does (aws/retry/adaptive_ratelimit.go), with three
// changes, each held by a test (ratelimit_sim_test.go, cubic_test.go):
//   - The first cut is to 70% of what the gateway admitted lately, not of what was sent.
//   - The curve back up is timed in requests at the rate cut from, not in seconds: one
//     call a second is approached as carefully as twenty.
//   - A cut holds, and is judged, for the next heldAnswers answers before the pace grows:
//     throttling that does not depend on the pace (random 429s) does not cut it on and on.
type cubicPacer struct {
	rate, top     float64 // the pace after the last cut (0: none), and before it (W_max)
	cutAt, last   time.Time
	admitted      []time.Time
	held, refused int  // answers since the cut, and the 429s among them
	second        bool // a second cut holds
	idleUntil     time.Time
}

const (
	cubicBeta     = 0.7 // the cut, as AWS's
	cubicRecovery = 20  // requests at top the pace takes to grow back to it
	heldAnswers   = 20
	idleAfter     = 30 * time.Second
)

func (c *cubicPacer) delay(now time.Time) time.Duration {
	if c.rate == 0 {
		return 0
	}
	return max(0, c.last.Add(time.Duration(float64(time.Second)/c.pace(now))).Sub(now))
}

func (c *cubicPacer) sent(now time.Time) { c.last = now }

// answered learns from admitted answers, and cuts the pace at a 429 that names no policy
// for a request sent since the last cut, once there is a rate to measure: ten admissions,
// or three over two seconds from a slow gateway.
func (c *cubicPacer) answered(v verdict) {
	if v.unanswered || v.policy.named() {
		return
	}
	kept := trim(c.admitted, v.at, 10*time.Second) // a measure: the admissions of 10 s
	if !v.throttled {
		c.admitted = append(kept, v.at)
	}
	if c.rate > 0 && v.sentAt.After(c.cutAt) && c.held < heldAnswers {
		if c.held++; v.throttled {
			c.refused++
		}
		if c.held == heldAnswers {
			c.judge(v.at)
		}
		return
	}
	if !v.throttled || !v.sentAt.After(c.cutAt) || v.at.Before(c.idleUntil) ||
		len(kept) < 10 && (len(kept) < 3 || v.at.Sub(kept[0]) < 2*time.Second) {
		return
	}
	top := c.pace(v.at) // CUBIC's W_max: the pace the gateway refused
	if c.rate == 0 {    // none yet: what the gateway admitted, over a tenth of a second at least
		top = float64(len(kept)-1) / max(v.at.Sub(kept[0]), 100*time.Millisecond).Seconds()
	}
	c.cut(v.at, top, false)
}

func (c *cubicPacer) cut(now time.Time, top float64, second bool) {
	c.top, c.rate, c.second = top, cubicBeta*top, second
	c.cutAt, c.held, c.refused = now, 0, 0
}

// judge decides, at the end of a cut's hold, whether it helped: a fifth of the answers
// refused or more says no. A second cut then paces at what the gateway admitted meanwhile
// (the first measure may have held a burst); when that does not help either, the
// throttling does not depend on the pace, and pacing stops for idleAfter.
func (c *cubicPacer) judge(now time.Time) {
	switch {
	case c.refused < heldAnswers/5:
	case !c.second:
		c.cut(now, float64(len(trim(c.admitted, now, now.Sub(c.cutAt))))/now.Sub(c.cutAt).Seconds(), true)
	default:
		c.rate, c.idleUntil = 0, now.Add(idleAfter)
	}
}

// pace is the rate in force at now: the cut's while it holds, then back at top after
// cubicRecovery requests' time, flat around it, and faster beyond.
func (c *cubicPacer) pace(now time.Time) float64 {
	if c.held < heldAnswers {
		return c.rate
	}
	x := now.Sub(c.cutAt).Seconds()*c.top/cubicRecovery - 1
	return c.top * (1 + (1-cubicBeta)*x*x*x)
}

// trim drops the times more than age before now.
func trim(times []time.Time, now time.Time, age time.Duration) []time.Time {
	for len(times) > 0 && now.Sub(times[0]) > age {
		times = times[1:]
	}
	return times
}
