package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// The resource keeps two marks in Terraform's private state, which the framework carries
// between plan, apply and refresh without showing them.

// privateReader and privateWriter are the framework's private state as the operations
// see it.
type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// Import adoption. Some inputs (csr, company_unit, key_algorithm, ca_hash_algorithm,
// auto_dns_auth) are never returned by the service, so an import cannot fill them, and
// the service may answer contact details masked. While the window is open a configured
// value of those inputs is adopted in place instead of forcing a replacement, which would
// withdraw a live application. ImportState opens it; each Read counts one more refresh;
// it closes at the first saved refresh after the one that imported, that is, after the
// first apply that follows the import (a plan refreshes without saving).
const adoptionKey = "import_adoption"

// adoptionWindowReads is the last count of reads at which the window is still open: the
// import's own read makes 1, the refresh of the first apply after it 2.
const adoptionWindowReads = 2

type adoption struct {
	Reads int `json:"reads"`
}

func openAdoption(ctx context.Context, private privateWriter) diag.Diagnostics {
	value, _ := json.Marshal(adoption{})
	return private.SetKey(ctx, adoptionKey, value)
}

// countRead advances the adoption window on a refresh, closing it once it has served.
func countRead(ctx context.Context, from privateReader, to privateWriter) diag.Diagnostics {
	current, open := adoptionOf(ctx, from)
	if !open {
		return nil
	}
	if current.Reads++; current.Reads > adoptionWindowReads {
		return to.SetKey(ctx, adoptionKey, nil)
	}
	value, _ := json.Marshal(current)
	return to.SetKey(ctx, adoptionKey, value)
}

func adoptionOf(ctx context.Context, private privateReader) (adoption, bool) {
	var current adoption
	if private == nil {
		return current, false
	}
	value, diags := private.GetKey(ctx, adoptionKey)
	if diags.HasError() || len(value) == 0 || json.Unmarshal(value, &current) != nil {
		return current, false
	}
	return current, true
}

// isAdopting reports whether the import adoption window is open.
func isAdopting(ctx context.Context, private privateReader) bool {
	_, open := adoptionOf(ctx, private)
	return open
}

// justImported reports whether the refresh about to run is the import's own.
func justImported(ctx context.Context, private privateReader) bool {
	current, open := adoptionOf(ctx, private)
	return open && current.Reads == 0
}

// The replacement mark. Terraform plans the create half of a replacement with no prior
// state, but with the private data of the update plan it made first; every update plan
// leaves this mark naming the certificate, so that the create half knows it replaces its
// own application (which is withdrawn before it is submitted again) rather than meeting
// someone else's. Terraform makes no update plan for a tainted object, so the create
// half of its replacement does not know.
const replacingKey = "replacing_application_of"

func markReplacing(ctx context.Context, private privateWriter, certificateID string) diag.Diagnostics {
	value, _ := json.Marshal(certificateID)
	return private.SetKey(ctx, replacingKey, value)
}

func isReplacing(ctx context.Context, private privateReader, certificateID string) bool {
	if private == nil {
		return false
	}
	value, diags := private.GetKey(ctx, replacingKey)
	var marked string
	return !diags.HasError() && json.Unmarshal(value, &marked) == nil && marked == certificateID
}
