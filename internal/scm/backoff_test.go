package scm

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoffGrowsWithinItsBounds(t *testing.T) {
	b := Backoff{Min: 100 * time.Millisecond, Max: time.Second, MaxRetryAfter: 5 * time.Second}
	for attempt := 1; attempt <= 40; attempt++ {
		ceiling := min(b.Min<<min(attempt-1, 30), b.Max)
		for range 50 {
			d := b.delay(attempt, 0, nil)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("attempt %d: delay %s outside [%s, %s]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestBackoffHonoursRetryAfterWithinItsCap(t *testing.T) {
	b := Backoff{Min: time.Millisecond, Max: 10 * time.Millisecond, MaxRetryAfter: 5 * time.Second}
	if d := b.delay(1, 3*time.Second, nil); d != 3*time.Second {
		t.Errorf("delay with Retry-After 3s = %s, want 3s", d)
	}
	if d := b.delay(1, time.Hour, nil); d != 5*time.Second {
		t.Errorf("delay with Retry-After 1h = %s, want the 5s cap", d)
	}
}

func TestRetryAfterReadsSecondsAndDates(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"7":                             7 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Thu, 01 Jan 2026 00:00:30 GMT": 30 * time.Second,
	}
	for value, want := range tests {
		h := http.Header{}
		if value != "" {
			h.Set("Retry-After", value)
		}
		if got := retryAfter(h, now); got != want {
			t.Errorf("Retry-After %q = %s, want %s", value, got, want)
		}
	}
}
