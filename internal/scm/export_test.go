package scm

import (
	"math/rand/v2"
	"sync"
)

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

// NeverPace turns c's fallback off, for tests that compare with a client that has none
// against 429s that name no policy: the baseline of no pacing, backoff with jitter and
// Retry-After. (A policy a 429 names is still kept to.)
func NeverPace(c *Client) {
	c.limiter.mu.Lock()
	defer c.limiter.mu.Unlock()
	c.limiter.pacers = nil // the fallback
}

// ParsePolicy exposes parsePolicy to the tests.
func ParsePolicy(message string) (Policy, bool) { return parsePolicy(message) }
