package emulator

// Counts are what the emulator has seen since it started or was last reset.
type Counts struct {
	// Requests is every API request, whatever became of it.
	Requests int `json:"requests"`
	// Shows, ApplyAttempts and WithdrawAttempts count requests that reached the call.
	Shows            int `json:"shows"`
	ApplyAttempts    int `json:"apply_attempts"`
	WithdrawAttempts int `json:"withdraw_attempts"`
	// Applications and Withdrawals count the requests that changed a certificate.
	Applications int `json:"applications"`
	Withdrawals  int `json:"withdrawals"`
	// Rejected counts answers 4xx for the request's content or the certificate's status.
	Rejected     int `json:"rejected"`
	Unauthorized int `json:"unauthorized"`
	Throttled    int `json:"throttled"`
	ServerErrors int `json:"server_errors"`
	Dropped      int `json:"dropped"`
	// ApplicationsByCertificate counts accepted applications of each certificate.
	ApplicationsByCertificate map[string]int `json:"applications_by_certificate"`
}

// Counts returns a copy of the counters.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counts
	c.ApplicationsByCertificate = make(map[string]int, len(s.counts.ApplicationsByCertificate))
	for id, n := range s.counts.ApplicationsByCertificate {
		c.ApplicationsByCertificate[id] = n
	}
	return c
}

// ResetCounts sets every counter to zero.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = Counts{ApplicationsByCertificate: map[string]int{}}
}
