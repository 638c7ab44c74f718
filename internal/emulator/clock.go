package emulator

import "time"

// serviceClock is the time certificates live by: reviews end and withdrawals finish by it.
// It follows the gateway's clock (Options.Now), or stands still from start-up when
// Options.FrozenClock is set; AdvanceClock moves it forward either way, so that a test or a
// script makes a review or a withdrawal finish without waiting for it. The gateway's own
// checks (signature dates, the rate limit) keep to Options.Now.
type serviceClock struct {
	now      func() time.Time
	frozen   bool
	frozenAt time.Time
	offset   time.Duration
}

func newServiceClock(now func() time.Time, frozen bool) serviceClock {
	return serviceClock{now: now, frozen: frozen, frozenAt: now()}
}

func (c *serviceClock) time() time.Time {
	base := c.now()
	if c.frozen {
		base = c.frozenAt
	}
	return base.Add(c.offset)
}
