package scm_test

import (
	"strings"
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// A region without an SCM endpoint of its own takes its site's, as the endpoint table
// lists them for all regions; a region of no known site has none.
func TestRegionsTakeTheirSitesEndpoint(t *testing.T) {
	for region, want := range map[string]string{
		"cn-north-4":       "https://scm.cn-north-4.myhuaweicloud.com",
		"my-kualalumpur-1": "https://scm.my-kualalumpur-1.myhuaweicloud.com",
		"cn-east-3":        "https://scm.cn-north-4.myhuaweicloud.com",
		"cn-south-1":       "https://scm.cn-north-4.myhuaweicloud.com",
		"ap-southeast-3":   "https://scm.ap-southeast-1.myhuaweicloud.com",
		"af-south-1":       "https://scm.ap-southeast-1.myhuaweicloud.com",
		"la-south-2":       "https://scm.ap-southeast-1.myhuaweicloud.com",
		"tr-west-1":        "https://scm.ap-southeast-1.myhuaweicloud.com",
		"eu-west-101":      "",
		"eu-west-0":        "",
		"mars-north-1":     "",
		"cn-":              "",
	} {
		got, err := scm.EndpointForRegion(region)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("EndpointForRegion(%q) = %q, %v; want %q", region, got, err, want)
		}
		if err != nil && !strings.Contains(err.Error(), region) {
			t.Errorf("EndpointForRegion(%q): %v does not name the region", region, err)
		}
	}
}
