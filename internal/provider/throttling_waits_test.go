package provider

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// steppingClock moves only by the waits asked of it: a throttled conversation of minutes
// runs at once, and the same on every machine.
type steppingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *steppingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(max(d, 0))
	return ctx.Err()
}

// Wait steps the clock like Sleep; a wait for the next answer (no bound) steps one
// minute, the request deadline, since nothing else runs to answer.
func (c *steppingClock) Wait(ctx context.Context, d time.Duration, _ <-chan struct{}) error {
	return c.Sleep(ctx, min(d, time.Minute))
}

// TestLongWaitsForTheGatewayAreReported: an operation whose calls waited 10 seconds or
// more for the gateway ends with one warning naming the policy, the time and what to do;
// a short wait says nothing.
func TestLongWaitsForTheGatewayAreReported(t *testing.T) {
	for _, tt := range []struct {
		retryAfter time.Duration
		warns      bool
	}{{30 * time.Second, true}, {5 * time.Second, false}} {
		resp, _ := createValidation(t, func(emu *emulatortest.Target) {
			applyAnd(t, emu, emu.Issue)
			mustDo(t, emu.SetFaults(emulator.Faults{RetryAfter: emulator.Duration(tt.retryAfter)}))
			emu.Script(emulator.OpShow, emulator.Throttle)
		}, func(emu *emulatortest.Target, r *certificateValidationResource, _ *certificateValidationModel) {
			clock := &steppingClock{now: time.Now()}
			r.data.client = emu.Client(t, func(c *scm.Config) { c.Clock, c.Backoff = clock, &scm.DefaultBackoff })
		})
		if resp.Diagnostics.HasError() {
			t.Fatalf("Retry-After %s: %v", tt.retryAfter, resp.Diagnostics)
		}
		var warnings []string
		for _, d := range resp.Diagnostics.Warnings() {
			if d.Summary() == throttlingWaitSummary {
				warnings = append(warnings, d.Detail())
			}
		}
		switch {
		case !tt.warns && len(warnings) > 0:
			t.Errorf("a wait of %s warned: %q", tt.retryAfter, warnings)
		case tt.warns && len(warnings) != 1:
			t.Errorf("a wait of %s gave %d warnings, want one: %q", tt.retryAfter, len(warnings), warnings)
		case tt.warns:
			for _, want := range []string{"waited 30s", "throttling", "higher API quota", "-parallelism", "max_requests_per_second", "TF_LOG=INFO"} {
				if !strings.Contains(warnings[0], want) {
					t.Errorf("the warning %q does not say %q", warnings[0], want)
				}
			}
		}
	}
}

// TestAccWorkflow_aLongWaitForTheQuotaIsShown: an apply whose application waited for the
// gateway (a 429 with Retry-After: 11) ends with the warning, in Terraform's own output.
func TestAccWorkflow_aLongWaitForTheQuotaIsShown(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	mustDo(t, target.emu.SetFaults(emulator.Faults{RetryAfter: emulator.Duration(11 * time.Second)}))
	target.emu.Script(emulator.OpApply, emulator.Throttle)
	backoff := emulatortest.FastBackoff
	backoff.MaxRetryAfter = time.Minute // the tests' own cap is 50 ms
	target.pace = fastPacing
	target.pace.backoff = &backoff
	ws := newCLIWorkspace(t, target)
	says(t, ws.apply(target.application()), throttlingWaitSummary, "waited 11s in all", "higher API quota")
	ws.check(applicationsAre(target, 1))
	ws.destroy()
}

// A wait for a policy the gateway named is reported with the policy: the emulator's
// window policy of 2 calls a minute, on the same stepping clock as the client.
func TestLongWaitsNameThePolicy(t *testing.T) {
	clock := &steppingClock{now: time.Date(2026, 1, 1, 0, 0, 10, 0, time.UTC)}
	emu := emulatortest.Start(t, emulator.Options{Now: clock.Now,
		Faults: emulator.Faults{WindowLimit: 2, Window: emulator.Duration(time.Minute)}})
	client := emu.Client(t, func(c *scm.Config) { c.Clock = clock })
	ctx, warn := reportWaits(context.Background())
	for range 3 {
		if _, err := client.ShowCertificate(ctx, emulatortest.CertificateID); err != nil {
			t.Fatal(err)
		}
	}
	var diags diag.Diagnostics
	warn(&diags)
	if len(diags.Warnings()) != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "user policy of 2 calls per 1m0s") {
		t.Errorf("three reads under a policy of 2 a minute: %v; want one warning naming the policy", diags)
	}
}
