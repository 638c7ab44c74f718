package provider

import (
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// providerData is what the provider's Configure hands to resources, data sources and
// ephemeral resources: the client of this provider configuration (its rate limiter is
// shared by all of them) and the pacing of waits.
type providerData struct {
	client *scm.Client
	pacing pacing
	// renewalWarningDays is renewal_warning_days; warned holds the certificates whose
	// expiry this provider process has warned of, so that each warns once.
	renewalWarningDays int
	warned             sync.Map
}

// dataFrom takes the provider data; nil while the provider's configuration is not known
// yet.
func dataFrom(configured any, diags *diag.Diagnostics) *providerData {
	if configured == nil {
		return nil
	}
	data, ok := configured.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", configured))
	}
	return data
}

// configured reports whether there is a client to call the API with, and says what to
// do when there is not.
func configured(data *providerData, diags *diag.Diagnostics) bool {
	if data != nil {
		return true
	}
	diags.AddError("Provider not configured",
		"The scm provider has no configuration to call the SCM API with. Check the provider block: some of its values may not be known yet.")
	return false
}
