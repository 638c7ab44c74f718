package scm

import (
	"math/rand/v2"
	"sync"
	"time"
)

// PacingWait is the time c's callers have spent waiting for the limiter, together.
func PacingWait(c *Client) time.Duration {
	c.limiter.mu.Lock()
	defer c.limiter.mu.Unlock()
	return c.limiter.waited
}

// TraceLimiter makes c's limiter tell its decisions to trace.
func TraceLimiter(c *Client, trace func(format string, args ...any)) {
	c.limiter.trace = trace
}

// SeedJitter makes c's backoff jitter repeatable.
func SeedJitter(c *Client, seed uint64) {
	var mu sync.Mutex
	source := rand.New(rand.NewPCG(seed, seed))
	c.jitter = func(n int64) int64 {
		mu.Lock()
		defer mu.Unlock()
		return source.Int64N(n)
	}
}

// NeverPace turns c's adaptive limiter off, for tests that compare with a client that has
// none.
func NeverPace(c *Client) {
	c.limiter.ignoreUntil = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
}
