package scm

import (
	"fmt"
	"sort"
	"strings"
)

// regions are the regions the vendor SDK knows for SCM; SCM is a global service, so
// the region only chooses the endpoint.
var regions = map[string]bool{
	"cn-north-4":       true,
	"ap-southeast-1":   true,
	"my-kualalumpur-1": true,
}

// KnownRegions returns the regions with a known SCM endpoint, sorted.
func KnownRegions() []string {
	out := make([]string, 0, len(regions))
	for r := range regions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// EndpointForRegion returns the SCM base URL of a region.
func EndpointForRegion(region string) (string, error) {
	if !regions[region] {
		return "", fmt.Errorf("unknown region %q: SCM has endpoints in %s", region, strings.Join(KnownRegions(), ", "))
	}
	return "https://scm." + region + ".myhuaweicloud.com", nil
}
