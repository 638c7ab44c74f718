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
// withdraw a live application. ImportState opens it; the import's own Read marks it read
// (so that later Reads are refreshes, not the import); the first Update after the import,
// which saves the configured values, closes it. Refreshes do not count: Read cannot tell
// the refresh of an apply from that of a plan or of apply -refresh-only. While there is
// nothing to adopt, no Update comes and the window stays open.
const adoptionKey = "import_adoption"

type adoption struct {
	// Read is set once the import's own Read has run.
	Read bool `json:"read"`
}

func openAdoption(ctx context.Context, private privateWriter) diag.Diagnostics {
	value, _ := json.Marshal(adoption{})
	return private.SetKey(ctx, adoptionKey, value)
}

// importRead marks the window once the import's own Read has run.
func importRead(ctx context.Context, to privateWriter) diag.Diagnostics {
	value, _ := json.Marshal(adoption{Read: true})
	return to.SetKey(ctx, adoptionKey, value)
}

// closeAdoption ends the window: the configured values are in the state.
func closeAdoption(ctx context.Context, private privateWriter) diag.Diagnostics {
	return private.SetKey(ctx, adoptionKey, nil)
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
	return open && !current.Read
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

// The planned application. The create plan of an application names the certificate it
// will apply for. In a replacement Terraform hands the create half's private data to the
// delete half, which runs first: Delete reads this key to check, before it withdraws
// anything, that the application which follows can be submitted. Every other plan
// (update, destroy) and Create remove it, so that a key left in the state by an earlier
// run is never taken for a replacement.
const plannedApplicationKey = "planned_application_for"

func planApplication(ctx context.Context, private privateWriter, certificateID string) diag.Diagnostics {
	value, _ := json.Marshal(certificateID)
	return private.SetKey(ctx, plannedApplicationKey, value)
}

func forgetPlannedApplication(ctx context.Context, private privateWriter) diag.Diagnostics {
	return private.SetKey(ctx, plannedApplicationKey, nil)
}

// plannedApplication returns the certificate the create half of a replacement will
// apply for, if this delete is the first half of one.
func plannedApplication(ctx context.Context, private privateReader) (string, bool) {
	if private == nil {
		return "", false
	}
	value, diags := private.GetKey(ctx, plannedApplicationKey)
	var id string
	if diags.HasError() || json.Unmarshal(value, &id) != nil || id == "" {
		return "", false
	}
	return id, true
}
