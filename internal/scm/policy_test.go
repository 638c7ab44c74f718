package scm_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

func TestPoliciesAreReadFromTheGatewaysMessage(t *testing.T) {
	tests := []struct {
		message string
		want    scm.Policy
		named   bool
	}{
		{"The throttling threshold has been reached: policy user over ratelimit,limit:200,time:5 minute",
			scm.Policy{Name: "user", Limit: 200, Window: 5 * time.Minute}, true},
		{"The throttling threshold has been reached: policy ip over ratelimit,limit:5,time:1 second",
			scm.Policy{Name: "ip", Limit: 5, Window: time.Second}, true},
		{"policy API over ratelimit, limit: 1000, time: 1 Hour", scm.Policy{Name: "api", Limit: 1000, Window: time.Hour}, true},
		{"policy domain over ratelimit,limit:10,time:2 days", scm.Policy{}, false}, // over a day
		{"policy app over ratelimit,limit:3,time:1 day", scm.Policy{Name: "app", Limit: 3, Window: 24 * time.Hour}, true},
		{"limit:20,time:10 seconds", scm.Policy{Limit: 20, Window: 10 * time.Second}, true},
		{"policy user over ratelimit,limit:0,time:1 second", scm.Policy{}, false},
		{"policy user over ratelimit,limit:5,time:0 second", scm.Policy{}, false},
		{"policy user over ratelimit,limit:5,time:1 fortnight", scm.Policy{}, false},
		{"policy user over ratelimit,limit:99999999999,time:1 second", scm.Policy{}, false},
		{"The throttling threshold has been reached", scm.Policy{}, false},
		{"", scm.Policy{}, false},
	}
	for _, tt := range tests {
		got, named := scm.ParsePolicy(tt.message)
		if named != tt.named || got != tt.want {
			t.Errorf("ParsePolicy(%q) = %+v, %v; want %+v, %v", tt.message, got, named, tt.want, tt.named)
		}
	}
}

// FuzzParsePolicy: whatever a 429 says, a policy read from it has a limit and a window a
// client can wait for, or none is read.
func FuzzParsePolicy(f *testing.F) {
	f.Add("The throttling threshold has been reached: policy user over ratelimit,limit:200,time:5 minute")
	f.Add("limit:1,time:86400 second")
	f.Add("limit:1,time:86401 second")
	f.Fuzz(func(t *testing.T, message string) {
		if policy, named := scm.ParsePolicy(message); named && (policy.Limit < 1 || policy.Window <= 0 || policy.Window > 24*time.Hour) {
			t.Errorf("ParsePolicy(%q) = %+v", message, policy)
		}
	})
}

// A request the gateway refuses by its policy waits for the next window and goes again
// without spending a retry: with no retries at all, every call still succeeds.
func TestAPolicyRefusalSpendsNoRetry(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{Faults: emulator.Faults{WindowLimit: 2, Window: emulator.Duration(time.Second)}})
	logger := &recordingLogger{}
	client := emu.Client(t, func(c *scm.Config) { c.MaxRetries = 0; c.Logger = logger })
	for range 5 {
		if _, err := client.ShowCertificate(context.Background(), emulatortest.CertificateID); err != nil {
			t.Fatalf("show under a policy of 2 calls per second: %v", err)
		}
	}
	if c := emu.Counts(); c.Shows < 5 || c.Throttled == 0 {
		t.Errorf("counts %+v: want 5 shows admitted, some refusals on the way", c)
	}
	// Each wait for a next window is logged once, naming the policy; nothing is a retry.
	waits := 0
	for _, line := range logger.lines {
		switch {
		case strings.HasPrefix(line, "INFO Waiting for the API gateway's throttling policy"):
			waits++
			if !strings.Contains(line, "user policy of 2 calls per 1s") {
				t.Errorf("the wait's log line does not name the policy: %s", line)
			}
		case strings.HasPrefix(line, "WARN Retrying"):
			t.Errorf("a policy refusal was retried as a failure: %s", line)
		}
	}
	if waits == 0 || waits > 5 {
		t.Errorf("%d log lines of waits for 5 calls at 2 per window, want one per window waited for (1 to 5):\n%s", waits, strings.Join(logger.lines, "\n"))
	}
}
