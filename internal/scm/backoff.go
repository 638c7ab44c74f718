package scm

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Backoff is an exponential backoff with equal jitter: each wait is half its ceiling plus
// a random share of the other half, so that retries spread out but never come at once.
type Backoff struct {
	Min time.Duration
	Max time.Duration
	// MaxRetryAfter caps how long a Retry-After header may make the client wait.
	MaxRetryAfter time.Duration
}

// DefaultBackoff waits about 0.5 s, 1 s, 2 s ... up to 20 s between attempts.
var DefaultBackoff = Backoff{Min: 500 * time.Millisecond, Max: 20 * time.Second, MaxRetryAfter: 60 * time.Second}

// delay is the wait before retry number attempt (1 for the first retry), drawing its
// jitter from jitter (nil: the global source). A Retry-After from the service raises the
// wait to at least what it asks, within MaxRetryAfter.
func (b Backoff) delay(attempt int, retryAfter time.Duration, jitter func(n int64) int64) time.Duration {
	ceiling := b.Min << min(attempt-1, 30)
	if ceiling > b.Max || ceiling <= 0 {
		ceiling = b.Max
	}
	if jitter == nil {
		jitter = rand.Int64N
	}
	wait := ceiling/2 + time.Duration(jitter(int64(ceiling/2)+1))
	if retryAfter > 0 {
		wait = max(wait, min(retryAfter, b.MaxRetryAfter))
	}
	return wait
}

// retryAfter reads a Retry-After header given in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}
