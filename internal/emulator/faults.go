package emulator

import "time"

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

// Faults are the shares (0 to 1) of API requests that misbehave, drawn at random.
type Faults struct {
	ThrottleRate float64 `json:"throttle_rate"`
	ErrorRate    float64 `json:"error_rate"`
	SlowRate     float64 `json:"slow_rate"`
	DropRate     float64 `json:"drop_rate"`
	// Delay is how long a Slow request waits.
	Delay time.Duration `json:"delay"`
	// RetryAfter, when set, is sent as Retry-After (whole seconds) with every 429.
	RetryAfter time.Duration `json:"retry_after"`
}

// Operation names an API call, for scripted faults and counters.
type Operation string

// The API calls the emulator serves.
const (
	OpShow     Operation = "show"
	OpApply    Operation = "apply"
	OpWithdraw Operation = "withdraw"
)

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

// SetFaults replaces the random fault shares.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// Script queues faults for the next requests of op, ahead of the random ones.
func (s *Server) Script(op Operation, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script[op] = append(s.script[op], faults...)
}
