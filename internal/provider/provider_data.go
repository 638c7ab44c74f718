package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// clientFrom takes the client that the provider's Configure hands to resources and
// data sources; nil while the provider's configuration is not known yet.
func clientFrom(providerData any, diags *diag.Diagnostics) *scm.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*scm.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *scm.Client, got %T. This is a bug in the provider; please report it.", providerData))
	}
	return client
}

// configured reports whether there is a client to call the API with, and says what to
// do when there is not.
func configured(client *scm.Client, diags *diag.Diagnostics) bool {
	if client != nil {
		return true
	}
	diags.AddError("Provider not configured",
		"The scm provider has no configuration to call the SCM API with. Check the provider block: some of its values may not be known yet.")
	return false
}
