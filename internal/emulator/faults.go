package emulator

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"golang.org/x/time/rate"
)

// Fault is a misbehaviour the emulator can show on one request.
type Fault int

const (
	// NoFault answers normally.
	NoFault Fault = iota
	// Throttle answers 429 APIGW.0308 before anything is done, as the gateway does.
	Throttle
	// ServerError answers 500 without acting.
	ServerError
	// Slow waits Faults.Delay before acting.
	Slow
	// DropAfterAct acts on the request, then closes the connection without an answer.
	DropAfterAct
)

var faultNames = map[Fault]string{
	NoFault: "none", Throttle: "throttle", ServerError: "server_error", Slow: "slow", DropAfterAct: "drop_after_act",
}

func (f Fault) String() string { return faultNames[f] }

// MarshalJSON writes the fault's name.
func (f Fault) MarshalJSON() ([]byte, error) { return json.Marshal(f.String()) }

// UnmarshalJSON reads a fault's name: none, throttle, server_error, slow or drop_after_act.
func (f *Fault) UnmarshalJSON(data []byte) error {
	var name string
	if err := json.Unmarshal(data, &name); err != nil {
		return err
	}
	for fault, known := range faultNames {
		if known == name {
			*f = fault
			return nil
		}
	}
	return fmt.Errorf("unknown fault %q: want none, throttle, server_error, slow or drop_after_act", name)
}

// Duration is a time.Duration that JSON carries as a Go duration ("1.5s", "10m") or, as
// earlier versions did, as a number of nanoseconds.
type Duration time.Duration

// MarshalJSON writes the duration as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "1.5s" or 1500000000.
func (d *Duration) UnmarshalJSON(data []byte) error {
	var text string
	if json.Unmarshal(data, &text) == nil {
		parsed, err := time.ParseDuration(text)
		if err != nil || parsed < 0 {
			return fmt.Errorf("%q is not a duration such as \"1.5s\" or \"10m\"", text)
		}
		*d = Duration(parsed)
		return nil
	}
	var nanoseconds int64
	if err := json.Unmarshal(data, &nanoseconds); err != nil || nanoseconds < 0 {
		return fmt.Errorf("%s is not a duration such as \"1.5s\" or \"10m\"", data)
	}
	*d = Duration(nanoseconds)
	return nil
}

// Faults make the gateway misbehave: random shares (0 to 1) of API requests that fail,
// and a token-bucket rate limit like the gateway's flow control.
type Faults struct {
	ThrottleRate float64 `json:"throttle_rate"`
	ErrorRate    float64 `json:"error_rate"`
	SlowRate     float64 `json:"slow_rate"`
	DropRate     float64 `json:"drop_rate"`
	// Delay is how long a Slow request waits.
	Delay Duration `json:"delay"`
	// RetryAfter, when set, is sent as Retry-After (whole seconds) with every 429.
	RetryAfter Duration `json:"retry_after"`
	// RateLimit admits at most this many API requests per second (0: no limit), with
	// bursts of RateBurst (default: one second's worth, at least 1); the rest are
	// answered 429 APIGW.0308.
	RateLimit float64 `json:"rate_limit"`
	RateBurst int     `json:"rate_burst"`
	// WindowLimit admits at most this many API requests in each fixed Window (0: no
	// limit), as the gateway's throttling policies count them: windows follow one another
	// from the Unix epoch on, and the 429 names the policy. Window is a whole number of
	// seconds.
	WindowLimit int      `json:"window_limit"`
	Window      Duration `json:"window"`
}

// withDefaults fills what a window policy leaves out: a window of one second.
func (f Faults) withDefaults() Faults {
	if f.WindowLimit > 0 && f.Window == 0 {
		f.Window = Duration(time.Second)
	}
	return f
}

func (f Faults) check() error {
	for name, share := range map[string]float64{"throttle_rate": f.ThrottleRate, "error_rate": f.ErrorRate, "slow_rate": f.SlowRate, "drop_rate": f.DropRate} {
		if share < 0 || share > 1 {
			return fmt.Errorf("%s is %g; give a share between 0 and 1", name, share)
		}
	}
	if sum := f.ThrottleRate + f.ErrorRate + f.SlowRate + f.DropRate; sum > 1 {
		return fmt.Errorf("the fault shares add up to %g; together they can be at most 1", sum)
	}
	if f.RateLimit < 0 || f.RateBurst < 0 {
		return fmt.Errorf("rate_limit and rate_burst cannot be negative")
	}
	switch window := time.Duration(f.Window); {
	case f.WindowLimit < 0:
		return fmt.Errorf("window_limit is %d; give a number of requests from 1, or 0 for no window policy", f.WindowLimit)
	case f.WindowLimit > 0 && (window < time.Second || window%time.Second != 0):
		return fmt.Errorf("window is %s; a window policy needs a window of a whole number of seconds, such as \"10s\" or \"5m\"", window)
	}
	return nil
}

// throttledMessage is the gateway's text for a refusal; it names the policy and its
// limit when there is one.
const throttledMessage = "The throttling threshold has been reached"

// policyMessage is the gateway's 429 text for a policy of limit requests per window.
func policyMessage(limit int, window time.Duration) string {
	return fmt.Sprintf("%s: policy user over ratelimit,limit:%d,time:%s", throttledMessage, limit, windowText(window))
}

// windowText writes a window as the gateway does: "1 second", "10 second", "5 minute".
func windowText(window time.Duration) string {
	for _, unit := range []struct {
		length time.Duration
		name   string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}} {
		if window%unit.length == 0 {
			return fmt.Sprintf("%d %s", window/unit.length, unit.name)
		}
	}
	return fmt.Sprintf("%d second", window/time.Second)
}

// bucketPolicy is how the gateway would name the token bucket's rate: whole calls per
// whole seconds.
func (f Faults) bucketPolicy() string {
	if f.RateLimit >= 1 {
		return policyMessage(int(math.Round(f.RateLimit)), time.Second)
	}
	return policyMessage(1, time.Duration(math.Round(1/f.RateLimit))*time.Second)
}

// windowCounter counts the requests of the current fixed window of a window policy.
type windowCounter struct {
	index int64
	count int
}

// admits counts a request at now and reports whether the window policy lets it through.
func (w *windowCounter) admits(f Faults, now time.Time) bool {
	if f.WindowLimit == 0 {
		return true
	}
	if index := now.UnixNano() / int64(f.Window); index != w.index {
		w.index, w.count = index, 0
	}
	w.count++
	return w.count <= f.WindowLimit
}

// bucket is the rate limit's token bucket, or nil without one.
func (f Faults) bucket() *rate.Limiter {
	if f.RateLimit <= 0 {
		return nil
	}
	burst := f.RateBurst
	if burst == 0 {
		burst = max(1, int(math.Ceil(f.RateLimit)))
	}
	return rate.NewLimiter(rate.Limit(f.RateLimit), burst)
}

// Operation names an API call, for scripted faults, counters and observers.
type Operation string

// The API calls the emulator serves.
const (
	OpShow     Operation = "show"
	OpApply    Operation = "apply"
	OpWithdraw Operation = "withdraw"
	OpExport   Operation = "export"
	OpList     Operation = "list"
	OpImport   Operation = "import"
	OpDelete   Operation = "delete"
)

var operations = []Operation{OpShow, OpApply, OpWithdraw, OpExport, OpList, OpImport, OpDelete}

// pickFault takes the next scripted fault of op, or draws one from the configured shares.
// The caller holds s.mu.
func (s *Server) pickFault(op Operation) Fault {
	if queue := s.script[op]; len(queue) > 0 {
		s.script[op] = queue[1:]
		return queue[0]
	}
	f := s.faults
	x := s.rng.Float64()
	for _, share := range []struct {
		rate  float64
		fault Fault
	}{{f.ThrottleRate, Throttle}, {f.ErrorRate, ServerError}, {f.SlowRate, Slow}, {f.DropRate, DropAfterAct}} {
		if x < share.rate {
			return share.fault
		}
		x -= share.rate
	}
	return NoFault
}
