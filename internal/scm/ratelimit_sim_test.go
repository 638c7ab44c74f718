package scm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// simulatedClock runs a simulation one worker at a time: a worker runs until it sleeps
// (for the rate limiter or a retry), then the clock hands over to the worker due next,
// jumping forward when nobody is due now. A throttled conversation of minutes runs in
// milliseconds, and the same way on every run and machine: nothing depends on how the Go
// scheduler interleaves goroutines.
type simulatedClock struct {
	mu     sync.Mutex
	now    time.Time
	parked []*parkedWorker
	order  int
}

type parkedWorker struct {
	at    time.Time
	order int
	wake  chan struct{}
	// early, when closed, makes the worker due at once (Wait).
	early <-chan struct{}
}

func newSimulatedClock() *simulatedClock {
	return &simulatedClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *simulatedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simulatedClock) Sleep(ctx context.Context, d time.Duration) error {
	return c.Wait(ctx, d, nil)
}

// Wait parks the worker until d has passed or early is closed. Only the running worker
// closes such channels, before it parks in turn, so that handOver sees every closed one:
// the simulation stays one worker at a time, and repeatable.
func (c *simulatedClock) Wait(ctx context.Context, d time.Duration, early <-chan struct{}) error {
	if d > 0 {
		c.mu.Lock()
		c.order++
		at := c.now.Add(min(d, 24*time.Hour))
		c.park(at, c.order, early)
	}
	return ctx.Err()
}

// park hands over to the worker due next and waits for its own turn; the caller holds
// c.mu, which park releases.
func (c *simulatedClock) park(at time.Time, order int, early <-chan struct{}) {
	w := &parkedWorker{at: at, order: order, wake: make(chan struct{}), early: early}
	c.parked = append(c.parked, w)
	c.handOver()
	c.mu.Unlock()
	<-w.wake
}

// handOver wakes the worker due next; the caller holds c.mu and gives up its turn.
func (c *simulatedClock) handOver() {
	if len(c.parked) == 0 {
		return
	}
	for _, w := range c.parked {
		select {
		case <-w.early:
			w.at, w.early = c.now, nil
		default:
		}
	}
	slices.SortFunc(c.parked, func(a, b *parkedWorker) int {
		if byTime := a.at.Compare(b.at); byTime != 0 {
			return byTime
		}
		return a.order - b.order
	})
	next := c.parked[0]
	c.parked = c.parked[1:]
	if next.at.After(c.now) {
		c.now = next.at
	}
	close(next.wake)
}

// run starts the workers in the order of their numbers, one at a time, and returns once
// all of them have finished.
func (c *simulatedClock) run(workers int, work func(worker int)) {
	var started, finished sync.WaitGroup
	c.mu.Lock()
	for i := range workers {
		started.Add(1)
		finished.Add(1)
		go func() {
			defer finished.Done()
			c.mu.Lock()
			w := &parkedWorker{at: c.now, order: -workers + i, wake: make(chan struct{})}
			c.parked = append(c.parked, w)
			c.mu.Unlock()
			started.Done()
			<-w.wake
			work(i)
			c.mu.Lock()
			c.handOver()
			c.mu.Unlock()
		}()
	}
	c.mu.Unlock()
	started.Wait()
	c.mu.Lock()
	c.handOver()
	c.mu.Unlock()
	finished.Wait()
}

// slowTransport serves requests in-process with a simulated network latency each way,
// so that the workers' requests overlap as they do over a real network. With
// stripPolicy, a 429 names no policy, as a gateway or proxy that says less might answer.
//
// Each way takes oneWay plus up to 2 ms more, drawn from jitter: a real network never
// keeps exact time, and a limiter that depends on it fails there.
type slowTransport struct {
	handler     http.Handler
	clock       *simulatedClock
	oneWay      time.Duration
	stripPolicy bool
	jitter      *lockedRand
}

func (s slowTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	_ = s.clock.Sleep(req.Context(), s.oneWay+s.jitter.duration(2*time.Millisecond))
	resp, err := handlerTransport{s.handler}.RoundTrip(req)
	if err == nil && s.stripPolicy && resp.StatusCode == http.StatusTooManyRequests {
		resp.Body = io.NopCloser(strings.NewReader(`{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached"}`))
	}
	_ = s.clock.Sleep(req.Context(), s.oneWay+s.jitter.duration(2*time.Millisecond))
	return resp, err
}

// lockedRand draws repeatable durations for the simulation's workers.
type lockedRand struct {
	mu     sync.Mutex
	source *rand.Rand
}

func (r *lockedRand) duration(most time.Duration) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return time.Duration(r.source.Int64N(int64(most)))
}

// simulatedDeadline is a context whose deadline is on the simulated clock: the limiter
// reads it to fail fast; nothing cancels it.
type simulatedDeadline struct {
	context.Context
	at time.Time
}

func (c simulatedDeadline) Deadline() (time.Time, bool) { return c.at, true }

type simulation struct {
	applications, workers int
	faults                emulator.Faults
	maxRequestsPerSecond  float64
	maxRetries            int
	randomSeed            uint64
	// neverPace runs the baseline against 429s that name no policy: no pacing, backoff
	// with jitter honouring Retry-After.
	neverPace bool
	// planFirst runs terraform apply's plan first: a client of its own (Terraform starts
	// a provider process for the plan, another for the apply) reads every certificate,
	// and the apply's client starts at once against the gateway the plan left.
	planFirst bool
	// phase is how far into one of the gateway's windows (of faults.Window) the run
	// starts, as a share of the window.
	phase float64
	// stripPolicy makes every 429 name no policy.
	stripPolicy bool
	// instances is how many provider instances apply at once, each with its own client
	// and its share of the applications and workers (default 1).
	instances int
	// timeout bounds each application (its apply and read-back), in simulated time; 0:
	// none.
	timeout time.Duration
	// gateway, when set, stands in front of the emulator with policies of its own.
	gateway *policyGateway
}

type simulationResult struct {
	elapsed  time.Duration
	counts   emulator.Counts
	failures []error
	// failedAt is, for each failure, how long after its application began it came.
	failedAt []time.Duration
	burst    int
	faults   emulator.Faults
}

// run applies for the applications with as many workers at once, each application an
// apply and a read-back, as Terraform's Create makes them.
func (s simulation) run(t *testing.T) simulationResult {
	t.Helper()
	clock := newSimulatedClock()
	if s.faults.Window > 0 {
		// Windows follow one another from the epoch; start the given share into one.
		window := time.Duration(s.faults.Window)
		clock.now = clock.now.Truncate(window).Add(time.Duration(s.phase * float64(window)))
	}
	seeds := make([]emulator.Seed, s.applications)
	for i := range seeds {
		seeds[i] = emulator.Seed{ID: fmt.Sprintf("scs%013d", i)}
	}
	emu, err := emulator.New(emulator.Options{
		AccessKey: emulatortest.AccessKey, SecretKey: emulatortest.SecretKey,
		Now: clock.Now, Faults: s.faults, RandomSeed: s.randomSeed,
	}, seeds...)
	if err != nil {
		t.Fatal(err)
	}
	jitter := &lockedRand{source: rand.New(rand.NewPCG(s.randomSeed, 7))}
	var service http.Handler = emu
	if s.gateway != nil {
		s.gateway.next, s.gateway.now = emu, clock.Now
		service = s.gateway
	}
	newClient := func() *scm.Client {
		backoff := scm.DefaultBackoff
		client, err := scm.NewClient(scm.Config{
			Endpoint: "http://scm.test", Credentials: scm.Credentials{AccessKey: emulatortest.AccessKey, SecretKey: emulatortest.SecretKey},
			MaxRetries: s.maxRetries, MaxRequestsPerSecond: s.maxRequestsPerSecond, Backoff: &backoff,
			HTTPClient: &http.Client{Transport: slowTransport{service, clock, 10 * time.Millisecond, s.stripPolicy, jitter}}, Clock: clock,
		})
		if err != nil {
			t.Fatal(err)
		}
		scm.SeedJitter(client, s.randomSeed)
		if s.neverPace {
			scm.NeverPace(client)
		}
		return client
	}
	instances := max(1, s.instances)
	var result simulationResult
	// each lets the workers take the certificates one at a time, the first ones stagger
	// apart; worker i serves instance i % instances, with that instance's client.
	each := func(clients []*scm.Client, stagger time.Duration, do func(ctx context.Context, client *scm.Client, id string) error) {
		queues := make([]chan string, len(clients))
		for i := range queues {
			queues[i] = make(chan string, len(seeds))
		}
		for i, seed := range seeds {
			queues[i%len(clients)] <- seed.ID
		}
		for _, queue := range queues {
			close(queue)
		}
		clock.run(s.workers, func(worker int) {
			_ = clock.Sleep(context.Background(), time.Duration(worker)*stagger)
			instance := worker % len(clients)
			for id := range queues[instance] {
				began := clock.Now()
				ctx := context.Background()
				if s.timeout > 0 {
					ctx = simulatedDeadline{context.Background(), began.Add(s.timeout)}
				}
				if err := do(ctx, clients[instance], id); err != nil {
					result.failures = append(result.failures, fmt.Errorf("%s: %w", id, err))
					result.failedAt = append(result.failedAt, clock.Now().Sub(began))
				}
			}
		})
	}
	fresh := func() []*scm.Client {
		clients := make([]*scm.Client, instances)
		for i := range clients {
			clients[i] = newClient()
		}
		return clients
	}

	start := clock.Now()
	if s.planFirst {
		// Terraform's plan reaches the resources one after another as its graph walk
		// gets to them (measured against the emulator: the first ten reads about 4 ms
		// apart), where the creates of an apply start together.
		each(fresh(), 4*time.Millisecond, func(ctx context.Context, client *scm.Client, id string) error {
			_, err := client.ShowCertificate(ctx, id)
			return err
		})
	}
	clients := fresh()
	each(clients, 0, func(ctx context.Context, client *scm.Client, id string) error {
		if s.planFirst {
			// terraform apply plans each resource again, in the apply's process, right
			// before it applies it.
			if _, err := client.ShowCertificate(ctx, id); err != nil {
				return err
			}
		}
		err := client.Apply(ctx, id, emulatortest.Application())
		if err == nil {
			_, err = client.ShowCertificate(ctx, id)
		}
		return err
	})
	result.elapsed, result.counts, result.faults = clock.Now().Sub(start), emu.Counts(), s.faults
	if s.gateway != nil {
		result.counts.Requests += s.gateway.refused
		result.counts.Throttled += s.gateway.refused
	}
	result.burst = s.faults.RateBurst
	if result.burst == 0 {
		result.burst = max(1, int(s.faults.RateLimit+0.999))
	}
	return result
}

// admitted is how many requests the gateway let through.
func (r simulationResult) admitted() int { return r.counts.Requests - r.counts.Throttled }

// bucketRatio is the simulated time against the least a token bucket allows for the
// requests it admitted.
func (r simulationResult) bucketRatio() float64 {
	ideal := float64(r.admitted()-r.burst) / r.faults.RateLimit
	return r.elapsed.Seconds() / ideal
}

// windowRatio is the simulated time against the least a window policy allows: the same
// run's unthrottled time, and a window for each share of the admitted requests but the
// first.
func (r simulationResult) windowRatio(unthrottled time.Duration) float64 {
	limit := r.faults.WindowLimit
	windows := (r.admitted() + limit - 1) / limit
	ideal := unthrottled + time.Duration(windows-1)*time.Duration(r.faults.Window)
	return r.elapsed.Seconds() / ideal.Seconds()
}

func (r simulationResult) refusedShare() float64 {
	return float64(r.counts.Throttled) / float64(r.counts.Requests)
}

// checkEveryApplicationOnce asserts what must hold whatever the draw: every application
// reached the service exactly once.
func (r simulationResult) checkEveryApplicationOnce(t *testing.T, applications int) {
	t.Helper()
	for _, err := range r.failures {
		t.Error(err)
	}
	for i := range applications {
		id := fmt.Sprintf("scs%013d", i)
		if got := r.counts.ApplicationsByCertificate[id]; got != 1 {
			t.Errorf("%s: %d applications accepted, want exactly 1", id, got)
		}
	}
}

// TestWindowPoliciesArePacedToTheirWindows applies 60 applications, plan first, at
// Terraform's default parallelism with default settings, under fixed-window policies of
// 1 second, 10 seconds and 1 minute that take several windows, starting early, midway and
// late in one of the gateway's windows. Every application succeeds once, within 1.2 times
// the least the policy allows, with at most 10% of the requests refused.
func TestWindowPoliciesArePacedToTheirWindows(t *testing.T) {
	unthrottled := simulation{applications: 60, workers: 10, maxRetries: scm.DefaultMaxRetries, planFirst: true}.run(t).elapsed
	for _, policy := range []struct {
		limit  int
		window time.Duration
	}{{20, time.Second}, {40, 10 * time.Second}, {60, time.Minute}} {
		for _, phase := range []float64{0.05, 0.5, 0.95} {
			t.Run(fmt.Sprintf("%d per %s, from %.0f%% into a window", policy.limit, policy.window, 100*phase), func(t *testing.T) {
				faults := emulator.Faults{WindowLimit: policy.limit, Window: emulator.Duration(policy.window)}
				result := simulation{applications: 60, workers: 10, faults: faults, maxRetries: scm.DefaultMaxRetries,
					planFirst: true, phase: phase}.run(t)
				result.checkEveryApplicationOnce(t, 60)
				ratio := result.windowRatio(unthrottled)
				t.Logf("%d requests, %.1f%% refused, %s simulated, %.2f times the ideal", result.counts.Requests,
					100*result.refusedShare(), result.elapsed, ratio)
				if result.refusedShare() > 0.10 {
					t.Errorf("%.1f%% of the requests were refused with 429, want at most 10%%", 100*result.refusedShare())
				}
				if ratio > 1.2 {
					t.Errorf("the run took %.2f times the least the policy allows, want at most 1.2", ratio)
				}
			})
		}
	}
}

// TestTokenBucketsAreHeldToo runs the same against the emulator's token bucket of 20, 4
// and 1 requests per second, which names itself as a policy of that many calls per second.
func TestTokenBucketsAreHeldToo(t *testing.T) {
	for _, limit := range []float64{20, 4, 1} {
		t.Run(fmt.Sprintf("%g per second", limit), func(t *testing.T) {
			result := simulation{applications: 60, workers: 10, faults: emulator.Faults{RateLimit: limit}, maxRetries: scm.DefaultMaxRetries, planFirst: true}.run(t)
			result.checkEveryApplicationOnce(t, 60)
			t.Logf("%d requests, %.1f%% refused, %s simulated, %.2f times the ideal",
				result.counts.Requests, 100*result.refusedShare(), result.elapsed, result.bucketRatio())
			if most := map[bool]float64{true: 0.10, false: 0.15}[limit >= 4]; result.refusedShare() > most {
				t.Errorf("%.1f%% of the requests were refused with 429, want at most %.0f%%", 100*result.refusedShare(), 100*most)
			}
			if result.bucketRatio() > 1.2 {
				t.Errorf("the run took %.2f times the least the limit allows, want at most 1.2", result.bucketRatio())
			}
		})
	}
}

// TestRandomThrottlingCostsLittle throttles 30% of the requests at random, whatever the
// pace, over twenty seeds: the fallback must find that pacing does not help and leave
// it. The runs must take, together, at most 10% longer than without any pacing.
func TestRandomThrottlingCostsLittle(t *testing.T) {
	var paced, unpaced time.Duration
	for seed := range uint64(20) {
		run := simulation{applications: 60, workers: 10, faults: emulator.Faults{ThrottleRate: 0.3}, maxRetries: 10, randomSeed: seed}
		result := run.run(t)
		result.checkEveryApplicationOnce(t, 60)
		run.neverPace = true
		without := run.run(t)
		paced, unpaced = paced+result.elapsed, unpaced+without.elapsed
	}
	t.Logf("30%% throttled at random, 20 runs: %s with the limiter, %s without", paced, unpaced)
	if paced > unpaced*11/10 {
		t.Errorf("the runs took %s with the limiter and %s without: it slowed them down for throttling "+
			"that does not depend on the pace", paced, unpaced)
	}
}

// TestTheFallbackKeepsToUnnamedLimits: against rate limits whose 429s name no policy, the
// fallback fails no application and takes at most 1.5 times the least the limit allows,
// with at most 30% of the requests refused (a client that keeps knocking is no pace).
// Without it (no pacing: backoff with jitter honouring Retry-After), applications fail at
// 4 and 1 per second.
func TestTheFallbackKeepsToUnnamedLimits(t *testing.T) {
	for _, limit := range []float64{20, 4, 1} {
		t.Run(fmt.Sprintf("%g per second, unnamed", limit), func(t *testing.T) {
			result := simulation{applications: 60, workers: 10, faults: emulator.Faults{RateLimit: limit}, maxRetries: scm.DefaultMaxRetries,
				planFirst: true, stripPolicy: true}.run(t)
			result.checkEveryApplicationOnce(t, 60)
			t.Logf("%d requests, %.1f%% refused, %s simulated, %.2f times the ideal",
				result.counts.Requests, 100*result.refusedShare(), result.elapsed, result.bucketRatio())
			if result.bucketRatio() > 1.5 {
				t.Errorf("the run took %.2f times the least the limit allows, want at most 1.5", result.bucketRatio())
			}
			if result.refusedShare() > 0.30 {
				t.Errorf("%.1f%% of the requests were refused with 429, want at most 30%%", 100*result.refusedShare())
			}
		})
	}
}

// TestAFewCallsPerFiveMinutesSucceedOrFailFast: a policy of 5 calls per 5 minutes, 10
// applications. With a create timeout of 20 minutes every one succeeds, once; with 6
// minutes, those that cannot make it fail at once, long before their timeout, with an
// error that names the policy and the wait, and none is submitted twice.
func TestAFewCallsPerFiveMinutesSucceedOrFailFast(t *testing.T) {
	faults := emulator.Faults{WindowLimit: 5, Window: emulator.Duration(5 * time.Minute)}
	for _, timeout := range []time.Duration{20 * time.Minute, 6 * time.Minute} {
		t.Run(fmt.Sprintf("timeout %s", timeout), func(t *testing.T) {
			result := simulation{applications: 10, workers: 10, faults: faults, maxRetries: scm.DefaultMaxRetries, phase: 0.5,
				timeout: timeout}.run(t)
			t.Logf("%d of 10 failed, in %s simulated", len(result.failures), result.elapsed)
			if timeout == 20*time.Minute {
				result.checkEveryApplicationOnce(t, 10)
				return
			}
			if len(result.failures) == 0 {
				t.Fatal("every application made it in 6 minutes: the test shows no fast failure")
			}
			for i, err := range result.failures {
				var throttled *scm.ThrottledError
				if !errors.As(err, &throttled) || !strings.Contains(err.Error(), "5 calls per 5m0s") {
					t.Errorf("%v: want a ThrottledError naming the policy", err)
					continue
				}
				if throttled.Wait <= throttled.Left || result.failedAt[i] >= timeout {
					t.Errorf("%v after %s: a wait it could have made, or a failure at the deadline instead of at once", err, result.failedAt[i])
				}
			}
			for id, n := range result.counts.ApplicationsByCertificate {
				if n > 1 {
					t.Errorf("%s: %d applications, want at most 1", id, n)
				}
			}
		})
	}
}

// TestTwoInstancesShareOnePolicy: two provider instances (an alias, or a second
// workspace on the same account) apply at once under one policy of the account. Both
// succeed, every application once, with at most 20% of the requests refused, in at most
// 1.25 times what one instance takes for all of them: they share the quota, and neither
// wastes it.
func TestTwoInstancesShareOnePolicy(t *testing.T) {
	run := simulation{applications: 60, workers: 10, faults: emulator.Faults{WindowLimit: 40, Window: emulator.Duration(10 * time.Second)},
		maxRetries: scm.DefaultMaxRetries, phase: 0.3}
	alone := run.run(t)
	run.instances = 2
	result := run.run(t)
	result.checkEveryApplicationOnce(t, 60)
	t.Logf("two instances: %d requests, %.1f%% refused, %s simulated; one: %s", result.counts.Requests,
		100*result.refusedShare(), result.elapsed, alone.elapsed)
	if result.refusedShare() > 0.20 {
		t.Errorf("%.1f%% of the requests were refused with 429, want at most 20%%", 100*result.refusedShare())
	}
	if ratio := result.elapsed.Seconds() / alone.elapsed.Seconds(); ratio > 1.25 {
		t.Errorf("two instances took %.2f times what one takes for the same applications, want at most 1.25", ratio)
	}
}

// TestTwoPoliciesOfOneWindowAreBothKept: the gateway counts an ip policy of 10 calls per
// 10 s and a user policy of 40 per 10 s, whose windows start 4 s apart, and another
// pipeline of the account spends 25 of the user quota at the start of each of its windows.
// Both policies refuse in turn (after the first burst, which nothing can foresee); the client keeps to both, within 1.3 times the least the
// tighter one allows, with at most 10% of the requests refused.
func TestTwoPoliciesOfOneWindowAreBothKept(t *testing.T) {
	unthrottled := simulation{applications: 120, workers: 10, maxRetries: scm.DefaultMaxRetries}.run(t).elapsed
	gateway := &policyGateway{policies: []*gatewayPolicy{
		{name: "ip", limit: 10, window: 10 * time.Second, offset: 4 * time.Second},
		{name: "user", limit: 40, window: 10 * time.Second, spentByOthers: 25},
	}}
	result := simulation{applications: 120, workers: 10, maxRetries: scm.DefaultMaxRetries, gateway: gateway}.run(t)
	result.checkEveryApplicationOnce(t, 120)
	windows := (result.admitted() + 9) / 10
	ratio := result.elapsed.Seconds() / (unthrottled + time.Duration(windows-1)*10*time.Second).Seconds()
	t.Logf("%d requests, %.1f%% refused (ip %d, user %d), %s simulated, %.2f times the ideal", result.counts.Requests,
		100*result.refusedShare(), gateway.policies[0].refused, gateway.policies[1].refused, result.elapsed, ratio)
	if gateway.policies[0].refused == 0 || gateway.policies[1].refused == 0 {
		t.Error("one policy never refused: the test does not show both kept")
	}
	if result.refusedShare() > 0.10 {
		t.Errorf("%.1f%% of the requests were refused with 429, want at most 10%%", 100*result.refusedShare())
	}
	if ratio > 1.3 {
		t.Errorf("the run took %.2f times the least the tighter policy allows, want at most 1.3", ratio)
	}
}

// policyGateway counts fixed-window policies in front of the emulator, as the API gateway
// does, each naming itself in its 429: a policy that refuses a request stops the count.
type policyGateway struct {
	next     http.Handler
	now      func() time.Time
	policies []*gatewayPolicy
	refused  int
}

type gatewayPolicy struct {
	name           string
	limit          int
	window, offset time.Duration
	// spentByOthers is what another client spends at the start of each window.
	spentByOthers  int
	index          int64
	count, refused int
}

func (g *policyGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, p := range g.policies {
		if index := g.now().Add(-p.offset).UnixNano() / int64(p.window); index != p.index {
			p.index, p.count = index, p.spentByOthers
		}
		if p.count++; p.count > p.limit {
			p.refused++
			g.refused++
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = fmt.Fprintf(w, `{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached: policy %s over ratelimit,limit:%d,time:%d second"}`,
				p.name, p.limit, p.window/time.Second)
			return
		}
	}
	g.next.ServeHTTP(w, r)
}

// TestMaxRequestsPerSecondIsACeiling sets max_requests_per_second on a gateway without
// a limit: the client keeps to it.
func TestMaxRequestsPerSecondIsACeiling(t *testing.T) {
	result := simulation{applications: 20, workers: 10, maxRequestsPerSecond: 5, maxRetries: 3}.run(t)
	result.checkEveryApplicationOnce(t, 20)
	least := time.Duration(float64(result.counts.Requests-1) / 5 * float64(time.Second))
	if result.elapsed < least || result.counts.Throttled != 0 {
		t.Errorf("%d requests in %s with %d refused; at 5 per second they take at least %s", result.counts.Requests,
			result.elapsed, result.counts.Throttled, least)
	}
}
