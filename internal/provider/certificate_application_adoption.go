package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// Some inputs (csr, company_unit, key_algorithm, ca_hash_algorithm, auto_dns_auth) are
// never returned by the service, so an import cannot fill them. Import marks the state
// in private data; until the next apply, a configured value of those inputs is adopted
// in place instead of forcing a replacement, which would withdraw a live application.

// adoptingKey is the private-state key set by ImportState and cleared by Update.
const adoptingKey = "adopting_unreturned_inputs"

var adoptingMark = []byte(`true`)

// privateReader is the framework's private state as plan modifiers see it.
type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// replacingKey marks, in the private data of an update plan, the certificate whose
// application a replacement withdraws before it applies again.
const replacingKey = "replacing_application_of"

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

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

func isAdopting(ctx context.Context, private privateReader) bool {
	if private == nil {
		return false
	}
	value, diags := private.GetKey(ctx, adoptingKey)
	return !diags.HasError() && len(value) > 0
}

func replaceUnlessAdopting(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !isAdopting(ctx, req.Private)
}

func replaceUnlessAdoptingBool(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !isAdopting(ctx, req.Private)
}
