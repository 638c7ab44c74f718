package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12 and later, OpenTofu 1.12): both resources are
// identified by their certificate, which never changes for one resource (a changed
// certificate_id replaces it). Create, Read and Update set it, Read also for a state
// saved before identity existed; older CLIs ignore it.

var certificateIDPath = path.Root("certificate_id")

// certificateIdentitySchema is the identity schema of both resources, at version 0.
func certificateIdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"certificate_id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Id of the certificate, such as scs1554192131150.",
			},
		},
	}
}

// setIdentity records the certificate id as the resource's identity; identity is nil
// where the CLI has none.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, certificateID types.String) diag.Diagnostics {
	if identity == nil || certificateID.IsNull() || certificateID.IsUnknown() {
		return nil
	}
	return identity.SetAttribute(ctx, certificateIDPath, certificateID)
}

// importedID is the certificate id an import names: the import id of terraform import
// or an import block's id, else the certificate_id of an import block's identity.
func importedID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var id types.String
	diags.Append(req.Identity.GetAttribute(ctx, certificateIDPath, &id)...)
	return id.ValueString()
}
