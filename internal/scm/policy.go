package scm

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Policy is a throttling policy of the API gateway: at most Limit calls in each fixed
// window of length Window, counted for the user, the IP address, the app or the API
// that Name says. The gateway names the policy in the 429 that refuses a call
// (docs/api-notes.md, "Throttling: the gateway's policies").
type Policy struct {
	Name   string
	Limit  int
	Window time.Duration
}

func (p Policy) String() string {
	name := p.Name
	if name == "" {
		name = "unnamed"
	}
	return fmt.Sprintf("%s policy of %d calls per %s", name, p.Limit, p.Window)
}

// policyText is the part of the gateway's message that names the policy, such as
// "policy user over ratelimit,limit:200,time:5 minute".
var policyText = regexp.MustCompile(`(?i)(?:policy\s+([a-z0-9_-]+)\s+over\s+ratelimit\s*,\s*)?limit\s*:\s*(\d{1,9})\s*,\s*time\s*:\s*(\d{1,9})\s*(second|minute|hour|day)s?\b`)

var policyUnits = map[string]time.Duration{"second": time.Second, "minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}

// maxPolicyWindow is the longest window believed: the gateway's units end at the day,
// and a longer wait than that is no throttling a client can wait out.
const maxPolicyWindow = 24 * time.Hour

// parsePolicy reads the policy a 429's message names. It does not trust what cannot be a
// policy (a limit of 0, a window of nothing or of over a day): the caller then treats
// the 429 as one that names none.
func parsePolicy(message string) (Policy, bool) {
	m := policyText.FindStringSubmatch(message)
	if m == nil {
		return Policy{}, false
	}
	limit, errLimit := strconv.Atoi(m[2])
	count, errCount := strconv.Atoi(m[3])
	if errLimit != nil || errCount != nil || limit < 1 || count < 1 {
		return Policy{}, false
	}
	unit := policyUnits[strings.ToLower(m[4])]
	if time.Duration(count) > maxPolicyWindow/unit {
		return Policy{}, false
	}
	return Policy{Name: strings.ToLower(m[1]), Limit: limit, Window: time.Duration(count) * unit}, true
}
