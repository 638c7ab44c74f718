package scm

import (
	"context"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// adaptiveLimiter paces the requests of one client, shared by all it serves (every
// resource and data source of one provider configuration), so that concurrent callers
// wait for a turn instead of hammering a gateway that throttles.
//
// golang.org/x/time/rate keeps the token bucket; the adaptation, which no library
// offers, is written here after the AWS SDK's adaptive retry mode and TCP CUBIC, but
// measured against what the gateway admits rather than guessed:
//   - It starts with no pace, or at max_requests_per_second, and never goes above that.
//   - A 429 for a request sent since the last cut says the pace may be too high. The
//     gateway's capacity is taken to be the lower of the pace in force and what it
//     admitted over the last two seconds (anything but a 429 counts, measured over at
//     least a second), and the pace drops to 90% of that. A capacity found lower than
//     the last one is held lower still (CUBIC's fast convergence); one found above it is
//     taken halfway between the two. With nothing admitted lately, or fewer than five
//     answers in all, there is nothing to measure by: the retry backs off instead.
//   - Each cut is an experiment: the pace holds, and no other cut is made, until twenty
//     answers to requests sent at it are in. A cut below a gateway's rate leaves next to
//     no refusals; if 20% or more are still refused (which may show after a second,
//     on five answers), the throttling does not depend on the pace (a random share of
//     429s, or another client's quota): the pace is dropped altogether, as earlier cuts
//     may have been fooled too, and 429s are ignored for ten seconds. Such throttling
//     then costs about one experiment every ten seconds, and the retries deal with the
//     429s themselves.
//   - Without throttling the pace grows back along CUBIC's curve: quickly at first, flat
//     just below the capacity (95%: the pace that was refused is too high) six seconds
//     after the cut, then faster and faster beyond it (twice the capacity about 17
//     seconds after the cut), so that a limit is held closely and a passing spell of
//     throttling is soon forgotten. It never drops below one request per five seconds.
//
// The first cut measures the gateway's rate by what it admitted in the first second,
// which is right for a gateway whose bucket holds about a second's worth (the emulator's
// default, and a per-second quota). A much larger bucket makes the first cut too high
// and look unhelpful: learning starts again ten seconds later, on a measured rate. A
// much smaller one makes it too low, and the pace takes half a minute to grow back.
type adaptiveLimiter struct {
	mu sync.Mutex
	// bucket paces requests once there is a pace; nil before.
	bucket  *rate.Limiter
	ceiling float64
	started time.Time
	// cut is the last cut in force; zero before any (no pace but the ceiling).
	cut cutState
	// firstCut is set while the cut in force is the first, made on the unpaced start.
	firstCut bool
	// judging is set from a cut until the experiment is judged; before and after are
	// the refusals among the answers before the cut and among those paced after it.
	judging       bool
	before, after outcomes
	// ignoreUntil is when 429s count again after a failed experiment.
	ignoreUntil time.Time
	// admitted holds the times of admitted answers (anything but a 429) within
	// measureWindow; recent holds the last outcomes.
	admitted []time.Time
	recent   outcomes
	// waited is the time callers have spent waiting for a turn, all of them together.
	waited time.Duration
	// trace, when set, hears every decision (tests).
	trace func(format string, args ...any)
}

// cutState is a pace set by a cut, and the capacity it was derived from.
type cutState struct {
	at       time.Time
	to       float64
	capacity float64
}

// outcomes counts answers and the refusals among them, the last outcomesKept of them
// when recent.
type outcomes struct {
	refused []bool
}

func (o *outcomes) add(refused bool) {
	o.refused = append(o.refused, refused)
	if len(o.refused) > outcomesKept {
		o.refused = o.refused[len(o.refused)-outcomesKept:]
	}
}

func (o outcomes) share() float64 {
	if len(o.refused) == 0 {
		return 0
	}
	n := 0
	for _, refused := range o.refused {
		if refused {
			n++
		}
	}
	return float64(n) / float64(len(o.refused))
}

const (
	measureWindow = 2 * time.Second
	cutFactor     = 0.9
	// plateauAfter is when the pace is back at plateauShare of the capacity (CUBIC's K,
	// in seconds).
	plateauAfter = 6.0
	plateauShare = 0.95
	minRate      = 0.2
	// outcomesKept is how many answers an experiment judges on either side of a cut; it
	// judges on fewer once experimentTime has passed, but not on fewer than outcomesLeast.
	outcomesKept   = 20
	outcomesLeast  = 5
	experimentTime = time.Second
	// A cut did not help when the answers after it were still refused at least
	// unhelpedAtLeast of the time.
	unhelpedAtLeast = 0.2
	ignoreFor       = 10 * time.Second
)

// newAdaptiveLimiter returns a limiter that never exceeds ceiling requests per second
// (0: no ceiling).
func newAdaptiveLimiter(ceiling float64) *adaptiveLimiter {
	if ceiling <= 0 {
		ceiling = math.Inf(1)
	}
	return &adaptiveLimiter{ceiling: ceiling}
}

// rateAt is the pace in force at now, in requests per second (+Inf: none): CUBIC's
// W(t) = plateau * (1 + c*(t-K)^3), with c such that W(0) is the cut pace.
func (l *adaptiveLimiter) rateAt(now time.Time) float64 {
	if l.cut.to == 0 {
		return l.ceiling
	}
	if l.judging {
		return l.cut.to
	}
	plateau := math.Max(plateauShare*l.cut.capacity, l.cut.to)
	c := (1 - l.cut.to/plateau) / (plateauAfter * plateauAfter * plateauAfter)
	since := now.Sub(l.cut.at).Seconds() - plateauAfter
	pace := plateau * (1 + c*since*since*since)
	return math.Min(math.Max(pace, l.cut.to), l.ceiling)
}

// wait blocks until the caller may send a request, or ctx ends, and returns the time
// the request was let through, for the answer to tell old news from new. Waiting
// callers hold no reservation: each looks again when a token could be there, so a cut
// or a recovery applies at once to everyone still waiting.
func (l *adaptiveLimiter) wait(ctx context.Context, clock Clock) (time.Time, error) {
	for {
		l.mu.Lock()
		now := clock.Now()
		if l.started.IsZero() {
			l.started = now
		}
		pace := l.rateAt(now)
		if !math.IsInf(pace, 1) {
			if l.bucket == nil {
				l.bucket = rate.NewLimiter(rate.Limit(pace), 1)
			}
			l.bucket.SetLimitAt(now, rate.Limit(pace))
		}
		// With no pace the bucket is not asked: x/time/rate computes Inf*0 tokens for two
		// calls at one instant, a NaN that would disable it for good.
		if math.IsInf(pace, 1) || l.bucket.AllowN(now, 1) {
			l.mu.Unlock()
			return now, nil
		}
		missing := 1 - l.bucket.TokensAt(now)
		turn := time.Duration(missing/pace*float64(time.Second)) + time.Microsecond
		l.waited += turn
		l.mu.Unlock()
		if err := clock.Sleep(ctx, turn); err != nil {
			return time.Time{}, err
		}
	}
}

// answered records the gateway's answer to a request paced at pacedAt: admitted, or
// refused with a 429.
func (l *adaptiveLimiter) answered(pacedAt, now time.Time, refused bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !refused {
		l.admitted = append(trim(l.admitted, now, measureWindow), now)
	}
	l.recent.add(refused)
	current := l.cut.to != 0 && pacedAt.After(l.cut.at)
	switch {
	case l.judging && current:
		l.after.add(refused)
		l.judge(now)
	case l.firstCut && !refused && !current:
		// Answers to the unpaced start that arrive after its first 429 still count
		// towards the capacity that cut measured.
		if measured := l.throughput(now); measured > l.cut.capacity {
			l.cut.capacity = measured
			l.cut.to = l.floored(cutFactor * measured)
		}
	}
	if refused && !l.judging && now.After(l.ignoreUntil) && (l.cut.to == 0 || pacedAt.After(l.cut.at)) {
		l.cutPace(now)
	}
}

// cutPace lowers the pace after a 429 and starts judging whether that helps.
func (l *adaptiveLimiter) cutPace(now time.Time) {
	current := l.rateAt(now)
	firstCut := math.IsInf(current, 1)
	capacity := math.Min(current, l.throughput(now))
	if capacity == 0 || len(l.recent.refused) < outcomesLeast {
		// Too few answers yet to measure a pace by, or to judge a cut against: the retry
		// backs off.
		return
	}
	switch {
	case firstCut:
	case capacity < l.cut.capacity:
		capacity *= (1 + cutFactor) / 2
	default:
		// Probing above the last capacity failed: the limit lies between the two.
		capacity = (capacity + l.cut.capacity) / 2
	}
	l.firstCut = firstCut
	l.cut = cutState{at: now, to: l.floored(cutFactor * capacity), capacity: capacity}
	l.judging, l.before, l.after = true, l.recent, outcomes{}
	l.tracef("%s cut from %.2f to %.2f (capacity %.2f); refused before: %.0f%%", now.Format("04:05.000"), current, l.cut.to, capacity, 100*l.before.share())
	if l.firstCut {
		// The unpaced start has just emptied the gateway's bucket: the first paced request
		// waits a whole turn.
		l.bucket = rate.NewLimiter(rate.Limit(l.cut.to), 1)
		l.bucket.ReserveN(now, 1)
	}
}

// judge ends the experiment of the last cut once the answers after it say enough: a cut
// that did not help says the throttling is not about the pace, and no pace is kept. The
// verdict that it helped takes twenty answers; that it did not may come on five, once
// experimentTime has passed.
func (l *adaptiveLimiter) judge(now time.Time) {
	after, n := l.after.share(), len(l.after.refused)
	helped := after < unhelpedAtLeast
	switch {
	case n < outcomesKept && (helped || n < outcomesLeast || now.Sub(l.cut.at) < experimentTime):
		return
	case !helped:
		l.tracef("%s the cut did not help: %.0f%% refused of %d after it; pace dropped", now.Format("04:05.000"), 100*after, n)
		l.cut, l.firstCut, l.bucket = cutState{}, false, nil
		l.ignoreUntil = now.Add(ignoreFor)
	default:
		l.tracef("%s the cut helped: %.0f%% refused of %d after it", now.Format("04:05.000"), 100*after, n)
		l.cut.at = now // the pace grows back from the verdict on
	}
	l.judging = false
}

func (l *adaptiveLimiter) tracef(format string, args ...any) {
	if l.trace != nil {
		l.trace(format, args...)
	}
}

// pacing reports whether the limiter paces requests now; while it does not, a throttled
// retry backs off on its own.
func (l *adaptiveLimiter) pacing(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !math.IsInf(l.rateAt(now), 1)
}

// throughput is what the gateway admitted over the last measureWindow, per second.
func (l *adaptiveLimiter) throughput(now time.Time) float64 {
	return float64(len(trim(l.admitted, now, measureWindow))) / l.span(now)
}

// span is the measuring window in seconds: measureWindow, or the time since the start
// if shorter, but at least a second.
func (l *adaptiveLimiter) span(now time.Time) float64 {
	return math.Max(math.Min(now.Sub(l.started).Seconds(), measureWindow.Seconds()), 1)
}

// floored keeps a pace between the floor and the ceiling.
func (l *adaptiveLimiter) floored(pace float64) float64 {
	return math.Min(math.Max(pace, minRate), l.ceiling)
}

// trim drops the times more than age before now.
func trim(times []time.Time, now time.Time, age time.Duration) []time.Time {
	cut := 0
	for cut < len(times) && now.Sub(times[cut]) > age {
		cut++
	}
	return times[cut:]
}
