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
// offers, is written here after the AWS SDK's adaptive retry mode and TCP's congestion
// control (slow start, CUBIC), but measured against what the gateway admits rather than
// guessed:
//   - It starts with no pace, or at max_requests_per_second, and never goes above that.
//     Until the first cut, as with TCP's initial window, two requests may be in flight
//     before the first answer and one more for each answer admitted: a gateway that
//     refuses from the start refuses a couple of requests, not all of Terraform's
//     parallel ones. Without throttling the window soon stops mattering.
//   - A 429 for a request sent since the last cut says the pace may be too high. Far
//     above the gateway's rate (the unpaced start, a probing pace) the capacity is what
//     the gateway admitted lately: over the last two seconds, or over its last ten
//     admitted answers if they took longer (a slow gateway admits too few in two seconds
//     to count by), never reaching back before the first cut (the unpaced start got
//     through whatever the gateway's bucket held, not only its rate), and over at least
//     a second. Once the pace grew back to where it is refused, that pace is the capacity
//     (CUBIC's W_max): the admitted rate lags behind a pace that grew. The pace drops to
//     90% of the capacity. A capacity found lower than the last one is held lower still
//     (CUBIC's fast convergence); one found above it is taken halfway between the two.
//     With nothing admitted lately, or fewer than five answers in all, there is nothing
//     to measure by: the retry backs off instead.
//   - Each cut is an experiment: the pace holds, and no other cut is made, until twenty
//     answers to requests sent at it are in. A cut below a gateway's rate leaves next to
//     no refusals. If 20% or more are still refused (which may show after a second, on
//     five answers), the pace may still be above the rate (a bucket that let a higher
//     pace through for a while has run dry) or the throttling may not depend on the pace
//     at all (a random share of 429s, another client's quota). A second cut tells them
//     apart: it paces at 90% of what the gateway admitted during the experiment, which
//     under a rate limit is the rate itself. If that does not help either, the pace is
//     dropped altogether and 429s are ignored for ten seconds: such throttling then
//     costs about two experiments every ten seconds, and the retries deal with the 429s.
//   - Without throttling the pace grows back along CUBIC's curve: quickly at first, flat
//     just below the capacity (95%: the pace that was refused is too high) six seconds
//     after the verdict, then faster and faster beyond it (twice the capacity about 17
//     seconds after), so that a limit is held closely and a passing spell of throttling
//     is soon forgotten. It never drops below one request per five seconds.
//   - A cut made less than a second after the first request measured too short a time
//     to tell the gateway's rate: a bucket that another process (the plan, just before
//     the apply) left nearly empty refuses the eighth request at once, and a rate
//     measured from that may be a third of the real one, from which CUBIC's curve would
//     take half a minute to climb. Such a cut is a floor, and probes: its pace holds
//     half a second, then doubles every half second (TCP's slow start), while its
//     experiment is judged as any other's; the next 429 past the experiment measures the
//     rate, and that measure stands as it is.
//
// The figures are held by the simulations in ratelimit_sim_test.go, which run the
// limiter and the emulator's bucket on one simulated clock: a plan, then an apply, of
// 60 applications at Terraform's parallelism against limits of 20, 4 and 1 requests per
// second, and random throttling over twenty seeds.
type adaptiveLimiter struct {
	mu sync.Mutex
	// bucket paces requests once there is a pace; nil before.
	bucket  *rate.Limiter
	ceiling float64
	started time.Time
	// measureFrom is how far back a measure looks at most: the first request, and from
	// the first cut on, that cut (what the unpaced start got through includes whatever
	// the gateway's bucket held, not only its rate).
	measureFrom time.Time
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
	// inFlight counts requests sent and not yet answered. Until the first cut, at most
	// window of them are in flight (0: no such bound).
	inFlight, window int
	// trace, when set, hears every decision (tests).
	trace func(format string, args ...any)
}

// cutState is a pace set by a cut, and the capacity it was derived from.
type cutState struct {
	at       time.Time
	to       float64
	capacity float64
	// probing is set when the capacity was measured over less than measureLeast since
	// the first request: the pace then grows as a slow start does.
	probing bool
	// second is set on the second cut of one spell of throttling (see judge).
	second bool
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
	// measureAnswers is how many admitted answers a measure covers at least, however
	// long they took.
	measureAnswers = 10
	// measureLeast is the least time a measure divides by.
	measureLeast = time.Second
	// overshoot is how far above the admitted rate a refused pace may be and still be
	// taken for the capacity.
	overshoot = 1.5
	// initialWindow is how many requests may be in flight before the first answer; each
	// answer the gateway admits lets one more go, until the first cut sets a pace.
	initialWindow = 2
	// windowPoll is how often a caller held by the window looks again.
	windowPoll = time.Millisecond
	// A probing pace holds for probeHold, then doubles every probeDoubling.
	probeHold     = 500 * time.Millisecond
	probeDoubling = 500 * time.Millisecond
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
	return &adaptiveLimiter{ceiling: ceiling, window: initialWindow}
}

// rateAt is the pace in force at now, in requests per second (+Inf: none): CUBIC's
// W(t) = plateau * (1 + c*(t-K)^3), with c such that W(0) is the cut pace.
func (l *adaptiveLimiter) rateAt(now time.Time) float64 {
	if l.cut.to == 0 {
		return l.ceiling
	}
	if l.cut.probing {
		growing := math.Max(0, (now.Sub(l.cut.at) - probeHold).Seconds())
		return math.Min(l.cut.to*math.Exp2(growing/probeDoubling.Seconds()), l.ceiling)
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
			l.started, l.measureFrom = now, now
		}
		if l.window > 0 && l.inFlight >= l.window {
			l.mu.Unlock()
			if err := clock.Sleep(ctx, windowPoll); err != nil {
				return time.Time{}, err
			}
			continue
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
			l.inFlight++
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
	l.inFlight--
	if !refused && l.window > 0 {
		l.window++
	}
	if !refused {
		l.admitted = append(l.measured(now), now)
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
		if measured := l.throughput(now, l.started); measured > l.cut.capacity {
			l.cut.capacity = measured
			l.cut.to = l.floored(cutFactor * measured)
		}
	}
	if refused && !l.judging && now.After(l.ignoreUntil) && (l.cut.to == 0 || pacedAt.After(l.cut.at)) {
		l.cutPace(now)
	}
}

// unanswered records that a request paced by wait got no answer.
func (l *adaptiveLimiter) unanswered() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
}

// cutPace lowers the pace after a 429 and starts judging whether that helps.
func (l *adaptiveLimiter) cutPace(now time.Time) {
	current := l.rateAt(now)
	firstCut := math.IsInf(current, 1)
	measured := l.throughput(now, l.measureFrom)
	capacity := math.Min(current, measured)
	if !firstCut && !l.cut.probing && current <= overshoot*measured {
		// The pace grew back to where it is refused: that pace is the measure (CUBIC's
		// W_max), where the admitted rate lags behind a pace that grew.
		capacity = current
	}
	if capacity == 0 || len(l.recent.refused) < outcomesLeast {
		// Too few answers yet to measure a pace by, or to judge a cut against: the retry
		// backs off.
		return
	}
	switch {
	case firstCut, l.cut.probing:
		// Nothing measured before, or only a floor: this measure stands as it is.
	case capacity < l.cut.capacity:
		capacity *= (1 + cutFactor) / 2
	default:
		// Growing above the last capacity failed: the limit lies between the two.
		capacity = (capacity + l.cut.capacity) / 2
	}
	l.firstCut = firstCut
	if firstCut {
		l.measureFrom = now
	}
	l.window = 0 // the pace governs from now on
	l.setCut(now, capacity, false)
	l.tracef("%s cut from %.2f to %.2f (capacity %.2f, probing %v); refused before: %.0f%%", now.Format("04:05.000"),
		current, l.cut.to, capacity, l.cut.probing, 100*l.before.share())
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
	case !helped && !l.cut.second:
		// Under a rate limit, what the gateway admitted at a pace above it is the rate.
		admitted := float64(n) * (1 - after) / now.Sub(l.cut.at).Seconds()
		l.tracef("%s the cut did not help: %.0f%% refused of %d after it; admitted %.2f/s", now.Format("04:05.000"), 100*after, n, admitted)
		if !l.cut.probing {
			// A measured capacity bounds the new one; a probing one is only a floor.
			admitted = math.Min(admitted, l.cut.capacity)
		}
		if admitted > 0 {
			l.setCut(now, admitted, true)
			l.tracef("%s second cut to %.2f", now.Format("04:05.000"), l.cut.to)
			return
		}
		fallthrough
	case !helped:
		l.tracef("%s the cut did not help: %.0f%% refused of %d after it; pace dropped", now.Format("04:05.000"), 100*after, n)
		l.cut, l.firstCut, l.bucket = cutState{}, false, nil
		l.ignoreUntil = now.Add(ignoreFor)
	default:
		l.tracef("%s the cut helped: %.0f%% refused of %d after it", now.Format("04:05.000"), 100*after, n)
		if !l.cut.probing {
			l.cut.at = now // the pace grows back from the verdict on
		}
	}
	l.judging = false
}

// setCut paces at 90% of capacity from now and starts an experiment on it.
func (l *adaptiveLimiter) setCut(now time.Time, capacity float64, second bool) {
	l.cut = cutState{at: now, to: l.floored(cutFactor * capacity), capacity: capacity, second: second,
		probing: !second && now.Sub(l.started) < measureLeast}
	l.judging, l.before, l.after = true, l.recent, outcomes{}
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

// throughput is what the gateway admitted lately, per second: over measureWindow, or
// over the last measureAnswers admitted answers if they took longer, and over no more
// than the time since from but no less than measureLeast.
func (l *adaptiveLimiter) throughput(now, from time.Time) float64 {
	admitted := l.measured(now)
	for len(admitted) > 0 && admitted[0].Before(from) {
		admitted = admitted[1:]
	}
	window := measureWindow
	if len(admitted) > 0 && now.Sub(admitted[0]) > window {
		window = now.Sub(admitted[0])
	}
	window = max(min(window, now.Sub(from)), measureLeast)
	return float64(len(admitted)) / window.Seconds()
}

// measured is the admitted answers a measure counts at now: those within
// measureWindow, and at least the last measureAnswers.
func (l *adaptiveLimiter) measured(now time.Time) []time.Time {
	keep := max(0, len(l.admitted)-measureAnswers)
	recent := trim(l.admitted, now, measureWindow)
	return l.admitted[min(keep, len(l.admitted)-len(recent)):]
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
