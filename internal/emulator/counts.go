package emulator

// Counts are what the emulator has seen since it started or was last reset.
type Counts struct {
	// Requests is every API request, whatever became of it.
	Requests int `json:"requests"`
	// Shows, ApplyAttempts, WithdrawAttempts, Exports and Lists count requests that
	// reached the call.
	Shows            int `json:"shows"`
	ApplyAttempts    int `json:"apply_attempts"`
	WithdrawAttempts int `json:"withdraw_attempts"`
	Exports          int `json:"exports"`
	Lists            int `json:"lists"`
	// UploadAttempts and DeleteAttempts count the requests that reached those calls.
	UploadAttempts int `json:"upload_attempts"`
	DeleteAttempts int `json:"delete_attempts"`
	// Applications, Withdrawals, Uploads and Deletes count the requests that changed a
	// certificate.
	Applications int `json:"applications"`
	Withdrawals  int `json:"withdrawals"`
	Uploads      int `json:"uploads"`
	Deletes      int `json:"deletes"`
	// Rejected counts answers 4xx for the request's content or the certificate's status.
	Rejected     int `json:"rejected"`
	Unauthorized int `json:"unauthorized"`
	// Throttled counts every 429; RateLimited those of them the rate limit caused.
	Throttled    int `json:"throttled"`
	RateLimited  int `json:"rate_limited"`
	ServerErrors int `json:"server_errors"`
	Dropped      int `json:"dropped"`
	// ApplicationsByCertificate counts accepted applications of each certificate.
	ApplicationsByCertificate map[string]int `json:"applications_by_certificate"`
}

func newCounts() Counts { return Counts{ApplicationsByCertificate: map[string]int{}} }

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
	s.counts = newCounts()
}
