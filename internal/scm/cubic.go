package scm

import (
	"time"

	"golang.org/x/time/rate"
)

// cubicPacer is the fallback for 429s that name no policy: a pace that follows CUBIC, as
// the AWS SDK's adaptive retry mode does (aws-sdk-go-v2, aws/retry/adaptive_ratelimit.go),
// with three changes. The first cut is to 70% of what the gateway admitted lately, not of
// what the client sent (after an unpaced start, far above the gateway's rate). The curve
// back up is timed in requests at the rate cut from, not in seconds, so that a gateway of
// one call a second is approached as carefully as one of twenty (both held by
// TestTheFallbackKeepsToUnnamedLimits). And a cut holds, without another, for the answers
// to the next heldAnswers requests, and is judged by them (judge) before the pace grows
// again: throttling that does not depend on the pace (a random share of 429s) does not
// cut it on and on (TestRandomThrottlingCostsLittle).
type cubicPacer struct {
	// rate is the pace just after the last cut, top the pace cut from (CUBIC's W_max);
	// 0: no pace yet.
	rate, top float64
	cutAt     time.Time
	// admitted holds the times of the admitted answers a measure counts.
	admitted []time.Time
	bucket   *rate.Limiter
	// held counts the answers to requests sent since the cut, up to heldAnswers, and
	// refused those refused; second is set while a second cut holds.
	held, refused int
	second        bool
	idleUntil     time.Time
}

const (
	cubicBeta = 0.7 // the cut, as AWS's
	// cubicRecovery is how many requests at top the pace takes to grow back to it.
	cubicRecovery = 20
	// A measure counts the last measureAnswers admitted answers of the last measureSpan.
	measureSpan    = 10 * time.Second
	measureAnswers = 20
	heldAnswers    = 20
	idleAfter      = 30 * time.Second
)

func (c *cubicPacer) delay(now time.Time) time.Duration {
	if c.rate == 0 {
		return 0
	}
	if c.bucket == nil {
		// Empty at first: the pace starts when the gateway has just refused.
		c.bucket = rate.NewLimiter(rate.Limit(c.rate), 1)
		c.bucket.AllowN(now, 1)
	}
	c.bucket.SetLimitAt(now, rate.Limit(c.pace(now)))
	return bucketDelay(c.bucket, now)
}

func (c *cubicPacer) sent(now time.Time) {
	if c.bucket != nil {
		c.bucket.AllowN(now, 1)
	}
}

// answered learns from admitted answers, and cuts the pace at a 429 that names no policy
// for a request sent since the last cut, once there is a rate to measure: ten admissions,
// or three over two seconds from a slow gateway.
func (c *cubicPacer) answered(v verdict) {
	if v.unanswered || v.policy.named() {
		return
	}
	kept := trim(c.admitted, v.at, measureSpan)
	kept = kept[max(0, len(kept)-measureAnswers):]
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
	// Over the span the admissions cover, but a tenth of a second at least.
	measured := float64(len(kept)-1) / max(v.at.Sub(kept[0]), 100*time.Millisecond).Seconds()
	if c.rate > 0 {
		measured = c.pace(v.at) // CUBIC's W_max: the pace the gateway refused
	}
	c.second = false
	c.cut(v.at, measured)
}

func (c *cubicPacer) cut(now time.Time, top float64) {
	c.top, c.rate = top, cubicBeta*top
	c.cutAt, c.held, c.refused = now, 0, 0
}

// judge decides, at the end of a cut's hold, whether it helped: a fifth of the answers
// refused or more says no. A second cut then paces at what the gateway admitted
// meanwhile (the first measure may have held a burst it let through); when that does not
// help either, the throttling does not depend on the pace, and pacing stops for idleAfter.
func (c *cubicPacer) judge(now time.Time) {
	switch {
	case c.refused < heldAnswers/5:
	case !c.second:
		c.second = true
		c.cut(now, float64(len(trim(c.admitted, now, now.Sub(c.cutAt))))/now.Sub(c.cutAt).Seconds())
	default:
		c.rate, c.bucket, c.idleUntil = 0, nil, now.Add(idleAfter)
	}
}

// pace is the rate in force at now: the cut's while it holds, then back at top after cubicRecovery requests' time, flat
// around it, and faster beyond.
func (c *cubicPacer) pace(now time.Time) float64 {
	if c.held < heldAnswers {
		return c.rate
	}
	x := now.Sub(c.cutAt).Seconds()*c.top/cubicRecovery - 1
	return c.top * (1 + (1-cubicBeta)*x*x*x)
}

// trim drops the times more than age before now.
func trim(times []time.Time, now time.Time, age time.Duration) []time.Time {
	cut := 0
	for cut < len(times) && now.Sub(times[cut]) > age {
		cut++
	}
	return times[cut:]
}
