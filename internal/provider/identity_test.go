package provider

import (
	"context"
	"fmt"
	"testing"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
)

// Resource identity needs Terraform 1.12 or later, or OpenTofu 1.12; older CLIs skip
// these tests (and keep working as before: every other test runs there).
var identityCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

func expectIdentity(address, id string) statecheck.StateCheck {
	return statecheck.ExpectIdentity(address, map[string]knownvalue.Check{"certificate_id": knownvalue.StringExact(id)})
}

// TestAccIdentity_applicationImportsByIdentityAndByID: create sets the identity, and an
// import block with the identity, and one with the id, both end with a no-op import: the
// same state, nothing to change.
func TestAccIdentity_applicationImportsByIdentityAndByID(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	config := target.application(`contact_name = "Jacky"`)
	target.test(t, resource.TestCase{
		TerraformVersionChecks: identityCLIs,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{expectIdentity(resourceAddress, target.certID)}},
			{Config: config, ResourceName: resourceAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: config, ResourceName: resourceAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			// A refresh keeps the identity as it is.
			{Config: config, ConfigPlanChecks: emptyPlan(), ConfigStateChecks: []statecheck.StateCheck{expectIdentity(resourceAddress, target.certID)}},
		},
	})
}

// TestAccIdentity_importByIdentityAdoptsWhatTheServiceNeverReturns: an application made
// outside Terraform, imported by identity with a configuration that sets inputs the
// service never returns: adopted in place, as an import by id adopts them.
func TestAccIdentity_importByIdentityAdoptsWhatTheServiceNeverReturns(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	submitOutsideTerraform(t, target)
	ws := newCLIWorkspace(t, target)
	if !ws.terraformAtLeast("1.12.0") {
		t.Skip("import by identity needs Terraform 1.12 or later, or OpenTofu 1.12")
	}
	config := target.application(`key_algorithm = "RSA_4096"`, `company_unit = "IT"`) +
		fmt.Sprintf("import {\n  to = %s\n  identity = {\n    certificate_id = %q\n  }\n}\n", resourceAddress, target.certID)
	ws.expectAction(config, "update")
	ws.apply(config)
	ws.expectAttribute("key_algorithm", "RSA_4096")
	ws.planIsEmpty(config)
	ws.check(applicationsAre(target, 1))
	ws.destroy()
	ws.check(target.statuses(nil))
}

// TestAccIdentity_validationImportsByIdentity does the same for scm_certificate_validation.
func TestAccIdentity_validationImportsByIdentity(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	issueOutsideTerraform(t, target, emulatortest.CertificateID)
	config := target.provider + fmt.Sprintf("resource \"scm_certificate_validation\" \"test\" {\n  certificate_id = %q\n}\n", target.certID)
	target.test(t, resource.TestCase{
		TerraformVersionChecks: identityCLIs,
		CheckDestroy:           target.statuses(map[string]string{target.certID: "ISSUED"}),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{expectIdentity("scm_certificate_validation.test", target.certID)}},
			{Config: config, ResourceName: "scm_certificate_validation.test", ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}

// TestReadSetsTheIdentityOfAStateSavedWithoutOne: a state written before identity
// existed (or by a CLI without it) gets its identity on the first refresh, also one that
// removes the resource (the framework refuses a Read that returns no identity).
func TestReadSetsTheIdentityOfAStateSavedWithoutOne(t *testing.T) {
	for name, arrange := range map[string]func(*emulatortest.Target){
		"under review":                 applied(t),
		"withdrawn outside (removed)":  func(*emulatortest.Target) {},
		"deleted in the console (too)": func(emu *emulatortest.Target) { mustDo(t, emu.Delete(emulatortest.CertificateID)) },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			emu := emulatortest.Start(t, emulator.Options{})
			arrange(emu)
			r, empty := directResource(t, emu.URL)
			var identitySchema fwresource.IdentitySchemaResponse
			r.IdentitySchema(ctx, fwresource.IdentitySchemaRequest{}, &identitySchema)
			state := priorState(t, empty, nil)
			resp := &fwresource.ReadResponse{State: state, Identity: &tfsdk.ResourceIdentity{
				Schema: identitySchema.IdentitySchema, Raw: tftypes.NewValue(identitySchema.IdentitySchema.Type().TerraformType(ctx), nil),
			}}
			r.Read(ctx, fwresource.ReadRequest{State: state}, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			var id types.String
			resp.Diagnostics.Append(resp.Identity.GetAttribute(ctx, certificateIDPath, &id)...)
			if id.ValueString() != emulatortest.CertificateID {
				t.Errorf("identity certificate_id = %s after a refresh, want %s", id, emulatortest.CertificateID)
			}
		})
	}
}
