package scm_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
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
	if d > 0 {
		c.mu.Lock()
		c.order++
		c.park(c.now.Add(d), c.order)
	}
	return ctx.Err()
}

// park hands over to the worker due next and waits for its own turn; the caller holds
// c.mu, which park releases.
func (c *simulatedClock) park(at time.Time, order int) {
	w := &parkedWorker{at: at, order: order, wake: make(chan struct{})}
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
// so that the workers' requests overlap as they do over a real network.
type slowTransport struct {
	handler http.Handler
	clock   *simulatedClock
	oneWay  time.Duration
}

func (s slowTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	_ = s.clock.Sleep(req.Context(), s.oneWay)
	resp, err := handlerTransport{s.handler}.RoundTrip(req)
	_ = s.clock.Sleep(req.Context(), s.oneWay)
	return resp, err
}

type simulation struct {
	applications, workers int
	faults                emulator.Faults
	maxRequestsPerSecond  float64
	maxRetries            int
	randomSeed            uint64
	// neverPace turns the adaptive limiter off, for comparison.
	neverPace bool
	// planFirst runs terraform apply's plan first: a client of its own (Terraform starts
	// a provider process for the plan, another for the apply) reads every certificate,
	// and the apply's client starts at once against the bucket the plan left.
	planFirst bool
	// trace logs the limiter's decisions.
	trace bool
}

type simulationResult struct {
	elapsed   time.Duration
	counts    emulator.Counts
	failures  []error
	emulator  *emulator.Server
	burst     int
	rateLimit float64
	// paced is the time the workers spent waiting for the limiter, together.
	paced   time.Duration
	workers int
}

// run applies for the applications with as many workers at once, each application an
// apply and a read-back, as Terraform's Create makes them, through one client.
func (s simulation) run(t *testing.T) simulationResult {
	t.Helper()
	clock := newSimulatedClock()
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
	newClient := func() *scm.Client {
		backoff := scm.DefaultBackoff
		client, err := scm.NewClient(scm.Config{
			Endpoint: "http://scm.test", Credentials: scm.Credentials{AccessKey: emulatortest.AccessKey, SecretKey: emulatortest.SecretKey},
			MaxRetries: s.maxRetries, MaxRequestsPerSecond: s.maxRequestsPerSecond, Backoff: &backoff,
			HTTPClient: &http.Client{Transport: slowTransport{emu, clock, 10 * time.Millisecond}}, Clock: clock,
		})
		if err != nil {
			t.Fatal(err)
		}
		scm.SeedJitter(client, s.randomSeed)
		if s.neverPace {
			scm.NeverPace(client)
		}
		if s.trace || os.Getenv("TRACE_LIMITER") != "" {
			scm.TraceLimiter(client, t.Logf)
		}
		return client
	}
	var failures []error
	// each lets the workers take the certificates one at a time, the first ones stagger
	// apart.
	each := func(client *scm.Client, stagger time.Duration, do func(client *scm.Client, id string) error) {
		queue := make(chan string, len(seeds))
		for _, seed := range seeds {
			queue <- seed.ID
		}
		close(queue)
		clock.run(s.workers, func(worker int) {
			_ = clock.Sleep(context.Background(), time.Duration(worker)*stagger)
			for id := range queue {
				if err := do(client, id); err != nil {
					failures = append(failures, fmt.Errorf("%s: %w", id, err))
				}
			}
		})
	}

	start := clock.Now()
	if s.planFirst {
		// Terraform's plan reaches the resources one after another as its graph walk
		// gets to them (measured against the emulator: the first ten reads about 4 ms
		// apart), where the creates of an apply start together.
		each(newClient(), 4*time.Millisecond, func(client *scm.Client, id string) error {
			_, err := client.ShowCertificate(context.Background(), id)
			return err
		})
	}
	client := newClient()
	each(client, 0, func(client *scm.Client, id string) error {
		err := client.Apply(context.Background(), id, emulatortest.Application())
		if err == nil {
			_, err = client.ShowCertificate(context.Background(), id)
		}
		return err
	})
	burst := s.faults.RateBurst
	if burst == 0 {
		burst = max(1, int(s.faults.RateLimit+0.999))
	}
	return simulationResult{elapsed: clock.Now().Sub(start), counts: emu.Counts(), failures: failures, emulator: emu,
		burst: burst, rateLimit: s.faults.RateLimit, paced: scm.PacingWait(client), workers: s.workers}
}

// ratio is the simulated time against the least the gateway's limit allows for the
// requests it admitted.
func (r simulationResult) ratio() float64 {
	admitted := r.counts.Requests - r.counts.Throttled
	ideal := float64(admitted-r.burst) / r.rateLimit
	return r.elapsed.Seconds() / ideal
}

func (r simulationResult) refusedShare() float64 {
	return float64(r.counts.Throttled) / float64(r.counts.Requests)
}

// checkEveryApplicationOnce asserts what must hold whatever the draw: every application
// reached the service exactly once and is under review.
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

// TestRateLimitIsLearnedFromTheGateway runs 60 applications at Terraform's default
// parallelism against gateway limits of 20, 4 and 1 requests per second, with default
// settings, as terraform apply does: a plan (with a provider of its own) reads every
// certificate, then the apply starts on the bucket the plan left. All succeed, once
// each, and the client soon stops being refused.
func TestRateLimitIsLearnedFromTheGateway(t *testing.T) {
	for _, limit := range []float64{20, 4, 1} {
		t.Run(fmt.Sprintf("%g per second", limit), func(t *testing.T) {
			result := simulation{applications: 60, workers: 10, faults: emulator.Faults{RateLimit: limit}, maxRetries: scm.DefaultMaxRetries, planFirst: true}.run(t)
			result.checkEveryApplicationOnce(t, 60)
			t.Logf("%d requests, %.1f%% refused, %s simulated, %.2f times the ideal",
				result.counts.Requests, 100*result.refusedShare(), result.elapsed, result.ratio())
			if limit >= 4 && result.refusedShare() > 0.10 {
				t.Errorf("%.1f%% of the requests were refused with 429, want at most 10%%", 100*result.refusedShare())
			}
			if result.ratio() > 1.2 {
				t.Errorf("the run took %.2f times the least the limit allows, want at most 1.2", result.ratio())
			}
		})
	}
}

// TestRandomThrottlingCostsLittle throttles 30% of the requests at random, whatever the
// pace, over twenty seeds: the limiter must find that cutting the pace does not help
// and leave it. The 429s cost their retries with or without a limiter, so the runs must
// take, together, about as long as without one (each cut that is tried costs twenty
// answers at the cut pace).
func TestRandomThrottlingCostsLittle(t *testing.T) {
	var adaptive, unpaced time.Duration
	for seed := range uint64(20) {
		run := simulation{applications: 60, workers: 10, faults: emulator.Faults{ThrottleRate: 0.3}, maxRetries: 10, randomSeed: seed}
		result := run.run(t)
		result.checkEveryApplicationOnce(t, 60)
		run.neverPace = true
		without := run.run(t)
		adaptive, unpaced = adaptive+result.elapsed, unpaced+without.elapsed
	}
	t.Logf("30%% throttled at random, 20 runs: %s with the adaptive limiter, %s without", adaptive, unpaced)
	if adaptive > unpaced*5/4 {
		t.Errorf("the runs took %s with the adaptive limiter and %s without: it slowed them down for throttling "+
			"that does not depend on the pace", adaptive, unpaced)
	}
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
