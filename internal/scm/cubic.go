package scm

import (
	"math"
	"time"
)

// cubicPacer is the fallback for 429s that name no policy (a plain 429, one with
// Retry-After, random throttling): a pace that follows CUBIC, as the AWS SDK's adaptive
// retry mode does (aws-sdk-go-v2, aws/retry/adaptive_ratelimit.go), with two changes.
//
// AWS's mode cuts the pace to 70% of the measured rate on every throttle, then grows it
// back along CUBIC's curve, past that rate after a few seconds. What the client sent would
// keep a pace far above a gateway's rate after an unpaced start, so this measures what the
// gateway admitted lately (its last twenty admissions of the last ten seconds). And
// throttling that does not depend on the pace (a random share of 429s) would drive the
// pace down cut after cut, so each cut is judged: when the answers to requests sent after
// it (twenty, or at least ten once a second has passed) are refused a fifth of the time or
// more, the cut did not help. A second cut then paces at what the gateway admitted
// meanwhile (under a rate limit, its rate: the first measure may have held a burst it let
// through); when that does not help either, the throttling does not depend on the pace, and
// pacing stops for 30 seconds, leaving the 429s to the retries' backoff. With fewer than
// ten answers admitted lately (three, over two seconds, from a slow gateway) there is
// nothing to measure by: the retry backs off.
type cubicPacer struct {
	// rate is the pace in requests per second; 0: no pace.
	rate float64
	// top is the admitted rate measured at the last cut (CUBIC's W_max); cutAt when.
	top   float64
	cutAt time.Time
	// judged counts the answers to requests sent after the cut, refused among them;
	// judging is set until twenty are in.
	judging         bool
	judged, refused int
	// second is set while the second cut of one spell of throttling is judged.
	second bool
	// idleUntil is when a refusal may start pacing again after a cut that did not help.
	idleUntil time.Time
	// admitted holds the times of the admitted answers a measure counts.
	admitted []time.Time
}

const (
	cubicBeta  = 0.7 // the cut, as AWS's
	cubicScale = 0.4 // CUBIC's C, as AWS's
	minPace    = 0.5 // requests per second, as AWS's minimum fill rate
	// A measure counts the last measureAnswers admitted answers of the last
	// measureSpan, and needs leastMeasured of them (see measurable).
	measureSpan    = 10 * time.Second
	measureAnswers = 20
	leastMeasured  = 10
	judgedAnswers  = 20
	// leastJudged answers are needed for a measure or a verdict; a verdict comes on
	// fewer than judgedAnswers once judgingTime has passed, so that a slow pace is not
	// held for long on a wrong guess.
	leastJudged   = 10
	judgingTime   = time.Second
	unhelpedShare = 0.2
	idleAfter     = 30 * time.Second
)

// pace is the rate in force at now (0: none).
func (c *cubicPacer) pace(now time.Time) float64 {
	if c.rate == 0 || c.judging {
		return c.rate
	}
	// CUBIC: back at top after k seconds, flat around it, then faster beyond.
	k := math.Cbrt(c.top * (1 - cubicBeta) / cubicScale)
	t := now.Sub(c.cutAt).Seconds()
	grown := cubicScale*(t-k)*(t-k)*(t-k) + c.top
	if grown > 10*c.top {
		c.rate = 0 // long forgotten: no pace at all
		return 0
	}
	return math.Max(grown, c.rate)
}

// answered records the answer to a request sent at sentAt that named no policy.
func (c *cubicPacer) answered(sentAt, now time.Time, refused bool) {
	if !refused {
		c.admitted = append(c.measured(now), now)
	}
	if c.judging && sentAt.After(c.cutAt) {
		c.judged++
		if refused {
			c.refused++
		}
		if c.judged >= judgedAnswers || c.judged >= leastJudged && now.Sub(c.cutAt) >= judgingTime {
			helped := float64(c.refused) < unhelpedShare*float64(c.judged)
			admittedRate := float64(c.judged-c.refused) / now.Sub(c.cutAt).Seconds()
			switch {
			case helped:
				c.judging, c.cutAt = false, now // the pace grows back from the verdict on
			case !c.second:
				// The cut may still be above the rate: the measure it came from can hold a
				// burst the gateway let through. What it admitted meanwhile, at a pace
				// above its rate, is the rate: try that once.
				c.top = math.Max(admittedRate, minPace)
				c.rate, c.second = c.top, true
				c.cutAt, c.judged, c.refused = now, 0, 0
			default:
				c.judging, c.cutAt, c.rate, c.idleUntil = false, now, 0, now.Add(idleAfter)
			}
		}
		return
	}
	if refused && !c.judging && now.After(c.idleUntil) && sentAt.After(c.cutAt) && c.measurable(now) {
		c.cut(now)
	}
}

// measurable reports whether there are admissions enough to measure a rate by: ten, or
// three over two seconds from a slow gateway.
func (c *cubicPacer) measurable(now time.Time) bool {
	admitted := c.measured(now)
	return len(admitted) >= leastMeasured || len(admitted) >= 3 && now.Sub(admitted[0]) >= 2*time.Second
}

// measured is the admitted answers a measure counts at now: the last measureAnswers
// of the last measureSpan.
func (c *cubicPacer) measured(now time.Time) []time.Time {
	kept := trim(c.admitted, now, measureSpan)
	return kept[max(0, len(kept)-measureAnswers):]
}

// cut lowers the pace to 70% of what the gateway admitted lately.
func (c *cubicPacer) cut(now time.Time) {
	admitted := c.measured(now)
	// Over the span the admissions cover, but a tenth of a second at least.
	measured := float64(len(admitted)) / max(now.Sub(admitted[0]), 100*time.Millisecond).Seconds()
	if c.rate > 0 {
		measured = math.Min(measured, c.pace(now))
	}
	c.top = math.Max(measured, minPace)
	c.rate = math.Max(cubicBeta*c.top, minPace)
	c.cutAt, c.judging, c.second, c.judged, c.refused = now, true, false, 0, 0
}

// trim drops the times more than age before now.
func trim(times []time.Time, now time.Time, age time.Duration) []time.Time {
	cut := 0
	for cut < len(times) && now.Sub(times[cut]) > age {
		cut++
	}
	return times[cut:]
}
