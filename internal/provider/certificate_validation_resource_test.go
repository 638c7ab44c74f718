package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// createValidation runs the validation resource's Create directly against an emulator
// in which the certificate has been brought to a status by arrange; adjust, when given,
// changes the resource or its plan first.
func createValidation(t *testing.T, arrange func(emu *emulatortest.Target),
	adjust ...func(emu *emulatortest.Target, r *certificateValidationResource, m *certificateValidationModel),
) (*fwresource.CreateResponse, certificateValidationModel) {
	t.Helper()
	ctx := context.Background()
	emu := emulatortest.Start(t, emulator.Options{WithdrawalTime: time.Hour, FrozenClock: true})
	arrange(emu)
	r := &certificateValidationResource{data: &providerData{client: emu.Client(t), pacing: fastPacing}}
	var schemaResp fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &schemaResp)
	plan := tfsdk.Plan{Schema: schemaResp.Schema}
	model := certificateValidationModel{
		CertificateID: types.StringValue(emulatortest.CertificateID), ID: types.StringUnknown(), Status: types.StringUnknown(),
		IssueTime: types.StringUnknown(), NotAfter: types.StringUnknown(), ExpiresAt: types.StringUnknown(),
	}
	model.Timeouts.Object = types.ObjectNull(map[string]attr.Type{"create": types.StringType})
	for _, a := range adjust {
		a(emu, r, &model)
	}
	mustDo(t, diagnosticsError(plan.Set(ctx, &model)))
	resp := &fwresource.CreateResponse{State: tfsdk.State{Schema: schemaResp.Schema}}
	r.Create(ctx, fwresource.CreateRequest{Plan: plan}, resp)
	var got certificateValidationModel
	if !resp.State.Raw.IsNull() {
		mustDo(t, diagnosticsError(resp.State.Get(ctx, &got)))
	}
	return resp, got
}

// TestValidationWaitsForIssuanceAndFailsFastWhenNoneCanCome: status by status, what
// creating scm_certificate_validation does.
func TestValidationWaitsForIssuanceAndFailsFastWhenNoneCanCome(t *testing.T) {
	tests := []struct {
		name    string
		arrange func(t *testing.T, emu *emulatortest.Target)
		err     []string // nothing: it succeeds
	}{
		{"issued already", func(t *testing.T, emu *emulatortest.Target) { applyAnd(t, emu, emu.Issue) }, nil},
		{"issued while it waits", func(t *testing.T, emu *emulatortest.Target) {
			applyAnd(t, emu, nil)
			emu.Observe(func(e emulator.Exchange) {
				if e.Operation == emulator.OpShow && e.CertificateStatus == "CHECKING" {
					_ = emu.Issue(e.CertificateID)
				}
			})
		}, nil},
		{"refused", func(t *testing.T, emu *emulatortest.Target) { applyAnd(t, emu, emu.Refuse) },
			[]string{"was refused", "UNPASSED", "can be applied for again"}},
		{"never applied for", func(*testing.T, *emulatortest.Target) {},
			[]string{"PAID", "no issuance can come", "has no application", "scm_certificate_application first"}},
		{"being withdrawn", func(t *testing.T, emu *emulatortest.Target) {
			applyAnd(t, emu, nil)
			mustDo(t, emu.Client(t).Withdraw(context.Background(), emulatortest.CertificateID))
		}, []string{"CANCELCHECKING", "being withdrawn"}},
		{"expired", func(t *testing.T, emu *emulatortest.Target) {
			applyAnd(t, emu, emu.Issue)
			mustDo(t, emu.Update(emulatortest.CertificateID, func(c *emulator.Certificate) { c.Status = "EXPIRED" }))
		}, []string{"EXPIRED", "no longer valid", "Apply for a new certificate"}},
		{"deleted", func(t *testing.T, emu *emulatortest.Target) { mustDo(t, emu.Delete(emulatortest.CertificateID)) },
			[]string{"not found", "no certificate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, got := createValidation(t, func(emu *emulatortest.Target) { tt.arrange(t, emu) })
			var messages strings.Builder
			for _, d := range resp.Diagnostics.Errors() {
				messages.WriteString(d.Summary() + ": " + d.Detail())
			}
			if tt.err == nil {
				if resp.Diagnostics.HasError() || got.Status.ValueString() != "ISSUED" || got.NotAfter.ValueString() == "" {
					t.Fatalf("status %s, not_after %q, errors %q: want it issued", got.Status, got.NotAfter.ValueString(), messages.String())
				}
				return
			}
			if !resp.State.Raw.IsNull() {
				t.Error("a failed validation was put in the state")
			}
			for _, want := range tt.err {
				if !strings.Contains(messages.String(), want) {
					t.Errorf("errors %q do not say %q", messages.String(), want)
				}
			}
		})
	}
}

// TestValidationReportsWhatHappened: an error that is no timeout is reported as itself,
// naming the certificate, not as a review still running; a timeouts value that cannot be
// parsed stops the resource before it asks anything.
func TestValidationReportsWhatHappened(t *testing.T) {
	resp, _ := createValidation(t, func(emu *emulatortest.Target) { applyAnd(t, emu, nil) },
		func(emu *emulatortest.Target, r *certificateValidationResource, _ *certificateValidationModel) {
			r.data.client = emu.Client(t, func(c *scm.Config) { c.Credentials.SecretKey = "not-the-secret-key" })
		})
	messages := diagnosticsText(resp.Diagnostics)
	for _, want := range []string{"Cannot wait for certificate " + emulatortest.CertificateID, "refused the request signature", "secret_key"} {
		if !strings.Contains(messages, want) {
			t.Errorf("a refused signature is reported as %q, which does not say %q", messages, want)
		}
	}
	if strings.Contains(messages, "still under review") || strings.Contains(messages, "DNS validation records") {
		t.Errorf("a refused signature is blamed on the review: %q", messages)
	}

	var target *emulatortest.Target
	resp, _ = createValidation(t, func(*emulatortest.Target) {},
		func(emu *emulatortest.Target, _ *certificateValidationResource, m *certificateValidationModel) {
			target = emu
			m.Timeouts.Object = types.ObjectValueMust(map[string]attr.Type{"create": types.StringType},
				map[string]attr.Value{"create": types.StringValue("soon")})
		})
	if messages := diagnosticsText(resp.Diagnostics); !strings.Contains(messages, "soon") {
		t.Errorf("a timeouts.create of \"soon\" gave %q; want an error that quotes it", messages)
	}
	if shows := target.Counts().Shows; shows != 0 {
		t.Errorf("%d reads with a timeouts value that cannot be parsed; want none", shows)
	}
}

func diagnosticsText(diags diag.Diagnostics) string {
	var text strings.Builder
	for _, d := range diags.Errors() {
		text.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return text.String()
}

// applyAnd applies for the default certificate, then ends its review with end (nil:
// it stays under review).
func applyAnd(t *testing.T, emu *emulatortest.Target, end func(id string) error) {
	t.Helper()
	mustDo(t, emu.Client(t).Apply(context.Background(), emulatortest.CertificateID, emulatortest.Application()))
	if end != nil {
		mustDo(t, end(emulatortest.CertificateID))
	}
}

// TestAccValidation_lifecycle: created once the certificate is issued, imported by
// certificate id, dropped (with a warning) when the certificate is no longer issued,
// and waiting again after that until it is.
func TestAccValidation_lifecycle(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	issueOnFirstLook(t, target)
	config := target.application() + `
resource "scm_certificate_validation" "test" {
  certificate_id = scm_certificate_application.test.certificate_id
}
`
	target.test(t, resource.TestCase{
		CheckDestroy: target.statuses(map[string]string{target.certID: "ISSUED"}),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("scm_certificate_validation.test", "status", "ISSUED"),
					resource.TestCheckResourceAttrSet("scm_certificate_validation.test", "not_after"),
				),
			},
			{ResourceName: "scm_certificate_validation.test", ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts"}},
			{
				// The certificate is under review again (applied for anew in the console):
				// the refresh drops the validation, and the apply waits for issuance again.
				PreConfig: func() {
					mustDo(t, target.emu.Update(target.certID, func(c *emulator.Certificate) { c.Status = "CHECKING" }))
				},
				Config: config,
				Check:  resource.TestCheckResourceAttr("scm_certificate_validation.test", "status", "ISSUED"),
			},
		},
	})
}

// TestValidationReadDropsWhatIsNoLongerIssued: a refresh removes the validation of a
// certificate that is no longer issued, with a warning naming its status, so that the
// next apply waits again.
func TestValidationReadDropsWhatIsNoLongerIssued(t *testing.T) {
	ctx := context.Background()
	for _, status := range []string{"EXPIRED", "REVOKED", "CHECKING"} {
		t.Run(status, func(t *testing.T) {
			emu := emulatortest.Start(t, emulator.Options{})
			applyAnd(t, emu, emu.Issue)
			mustDo(t, emu.Update(emulatortest.CertificateID, func(c *emulator.Certificate) { c.Status = status }))
			r := &certificateValidationResource{data: &providerData{client: emu.Client(t), pacing: fastPacing}}
			var schemaResp fwresource.SchemaResponse
			r.Schema(ctx, fwresource.SchemaRequest{}, &schemaResp)
			state := tfsdk.State{Schema: schemaResp.Schema}
			model := certificateValidationModel{
				CertificateID: types.StringValue(emulatortest.CertificateID), ID: types.StringValue(emulatortest.CertificateID),
				Status: types.StringValue("ISSUED"), IssueTime: types.StringValue("2026-01-01 00:00:00.0"),
				NotAfter: types.StringValue("2027-01-01 00:00:00.0"),
			}
			model.Timeouts.Object = types.ObjectNull(map[string]attr.Type{"create": types.StringType})
			mustDo(t, diagnosticsError(state.Set(ctx, &model)))
			resp := &fwresource.ReadResponse{State: state}
			r.Read(ctx, fwresource.ReadRequest{State: state}, resp)
			if resp.Diagnostics.HasError() || !resp.State.Raw.IsNull() {
				t.Fatalf("errors %v, state removed %v: want the validation removed", resp.Diagnostics.Errors(), resp.State.Raw.IsNull())
			}
			warnings := resp.Diagnostics.Warnings()
			if len(warnings) != 1 || !strings.Contains(warnings[0].Detail(), status) || !strings.Contains(warnings[0].Detail(), "waits for issuance again") {
				t.Errorf("warnings %v: want one naming %s and saying the next apply waits again", warnings, status)
			}
		})
	}
}

// diagnosticsError turns diagnostics into an error for mustDo.
func diagnosticsError(diags diag.Diagnostics) error {
	if !diags.HasError() {
		return nil
	}
	return errors.New(diags.Errors()[0].Summary() + ": " + diags.Errors()[0].Detail())
}
