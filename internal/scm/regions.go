package scm

import (
	"fmt"
	"sort"
	"strings"
)

// regions are the regions with an SCM endpoint of their own, as the vendor SDK knows them
// (services/scm/v3/region).
var regions = map[string]bool{
	"cn-north-4":       true,
	"ap-southeast-1":   true,
	"my-kualalumpur-1": true,
}

// siteEndpointRegions maps the start of a region's name to the SCM endpoint of its site.
// SCM is a global service, and its endpoint table (API reference, "Endpoints") lists
// scm.cn-north-4 and scm.ap-southeast-1 for all regions: the Chinese mainland site's
// regions (cn-) take the first, the international site's the second. Which site a region
// is on is read from its name (an assumption, docs/api-notes.md); the European site
// (eu-west-101) and any other name have no documented SCM endpoint.
var siteEndpointRegions = map[string]string{
	"cn-": "cn-north-4",
	"ap-": "ap-southeast-1", "af-": "ap-southeast-1", "la-": "ap-southeast-1", "sa-": "ap-southeast-1",
	"me-": "ap-southeast-1", "tr-": "ap-southeast-1", "ru-": "ap-southeast-1",
}

// KnownRegions returns the regions with an SCM endpoint of their own, sorted.
func KnownRegions() []string {
	out := make([]string, 0, len(regions))
	for r := range regions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// EndpointForRegion returns the SCM base URL for a region: its own, or its site's.
func EndpointForRegion(region string) (string, error) {
	if regions[region] {
		return "https://scm." + region + ".myhuaweicloud.com", nil
	}
	for prefix, site := range siteEndpointRegions {
		if strings.HasPrefix(region, prefix) && len(region) > len(prefix) {
			return "https://scm." + site + ".myhuaweicloud.com", nil
		}
	}
	return "", fmt.Errorf("unknown region %q: SCM has endpoints in %s", region, strings.Join(KnownRegions(), ", "))
}
