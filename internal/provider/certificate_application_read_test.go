package provider

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
)

// These tests call the resource's operations directly against an emulator: no Terraform
// CLI, so each status and answer can be tried cheaply.

// directResource is the resource with a client of endpoint, and its schema.
func directResource(t *testing.T, endpoint string) (*certificateApplicationResource, tfsdk.State) {
	t.Helper()
	r := &certificateApplicationResource{data: &providerData{client: emulatortest.NewClient(t, endpoint), pacing: fastPacing}}
	var schemaResp resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &schemaResp)
	return r, tfsdk.State{Schema: schemaResp.Schema}
}

// priorState is a state of an application for the default certificate, with the given
// private data.
func priorState(t *testing.T, empty tfsdk.State, change func(*certificateApplicationModel)) tfsdk.State {
	t.Helper()
	prior := certificateApplicationModel{}
	allNull(&prior)
	prior.Timeouts.Object = types.ObjectNull(timeoutAttributeTypes)
	prior.CertificateID = types.StringValue(emulatortest.CertificateID)
	prior.CSR = types.StringValue("kept")
	prior.DomainMethod = types.StringValue("DNS")
	if change != nil {
		change(&prior)
	}
	state := empty
	if diags := setApplication(context.Background(), &state, &prior); diags.HasError() {
		t.Fatal(diags)
	}
	return state
}

type readResult struct {
	resp  *resource.ReadResponse
	state certificateApplicationModel
}

func (r readResult) removed() bool { return r.resp.State.Raw.IsNull() }

func (r readResult) diagnostics(severity string) string {
	var b strings.Builder
	for _, d := range r.resp.Diagnostics {
		if d.Severity().String() == severity {
			b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
		}
	}
	return b.String()
}

// read runs Read against an emulator arranged by arrange. (The tests here pass no
// private data: the framework offers no way to make it outside a Terraform run.)
func read(t *testing.T, arrange func(emu *emulatortest.Target)) readResult {
	t.Helper()
	emu := emulatortest.Start(t, emulator.Options{WithdrawalTime: time.Hour})
	arrange(emu)
	return readAt(t, emu.URL)
}

func readAt(t *testing.T, endpoint string) readResult {
	t.Helper()
	ctx := context.Background()
	r, empty := directResource(t, endpoint)
	state := priorState(t, empty, nil)
	resp := &resource.ReadResponse{State: state}
	r.Read(ctx, resource.ReadRequest{State: state}, resp)
	var got certificateApplicationModel
	if !resp.State.Raw.IsNull() {
		if diags := getApplication(ctx, resp.State.Raw, resp.State.Schema, &got); diags.HasError() {
			t.Fatal(diags)
		}
	}
	return readResult{resp: resp, state: got}
}

func applied(t *testing.T) func(emu *emulatortest.Target) {
	return func(emu *emulatortest.Target) {
		mustDo(t, emu.Client(t).Apply(context.Background(), emulatortest.CertificateID, emulatortest.Application()))
	}
}

func TestReadTakesWhatTheServiceHolds(t *testing.T) {
	got := read(t, func(emu *emulatortest.Target) {
		applied(t)(emu)
		mustDo(t, emu.Update(emulatortest.CertificateID, func(c *emulator.Certificate) { c.ApplicationInfo.ApplicantName = "Changed in the console" }))
	})
	if got.resp.Diagnostics.HasError() {
		t.Fatal(got.resp.Diagnostics)
	}
	if got.state.Status.ValueString() != "CHECKING" || got.state.ApplicantName.ValueString() != "Changed in the console" {
		t.Errorf("state = status %s, applicant %s; want CHECKING and the service's applicant", got.state.Status, got.state.ApplicantName)
	}
	if got.state.CSR.ValueString() != "kept" {
		t.Error("the csr, which the service never returns, was lost")
	}
	if len(got.state.DNSValidationRecords.Elements()) != 1 {
		t.Errorf("validation records = %v", got.state.DNSValidationRecords)
	}
}

// TestReadSaysTheTruthForEveryStatus: what a refresh does and says, status by status.
func TestReadSaysTheTruthForEveryStatus(t *testing.T) {
	tests := []struct {
		status  string
		removed bool
		warning []string // what the warning must say; none when empty
	}{
		{"PAID", true, []string{"withdrawn outside Terraform", "next apply submits the application again"}},
		{"CHECKING", false, nil},
		{"CANCELCHECKING", false, nil},
		{"UNPASSED", false, []string{"refused", "UNPASSED", "can be applied for again", "-replace"}},
		{"ISSUED", false, nil},
		{"EXPIRED", false, nil},
		{"REVOKED", false, nil},
		{"QUANTUM_REVIEW", false, []string{"unknown status", "QUANTUM_REVIEW", "kept in the state"}},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			got := read(t, func(emu *emulatortest.Target) {
				applied(t)(emu)
				mustDo(t, emu.Update(emulatortest.CertificateID, func(c *emulator.Certificate) { c.Status = tt.status }))
			})
			if got.resp.Diagnostics.HasError() {
				t.Fatal(got.resp.Diagnostics)
			}
			if got.removed() != tt.removed {
				t.Errorf("removed from the state: %v, want %v", got.removed(), tt.removed)
			}
			warnings := got.diagnostics("Warning")
			if len(tt.warning) == 0 && warnings != "" {
				t.Errorf("unexpected warnings: %s", warnings)
			}
			for _, want := range tt.warning {
				if !strings.Contains(warnings, want) {
					t.Errorf("warnings %q do not say %q", warnings, want)
				}
			}
			if strings.Contains(warnings, "revoke") || strings.Contains(warnings, "deleted") {
				t.Errorf("warnings %q blame a revocation or deletion that did not happen", warnings)
			}
		})
	}
}

func TestReadDropsACertificateTheServiceSaysIsGone(t *testing.T) {
	got := read(t, func(emu *emulatortest.Target) { mustDo(t, emu.Delete(emulatortest.CertificateID)) })
	if !got.removed() || !strings.Contains(got.diagnostics("Warning"), "no longer exists") {
		t.Errorf("removed %v, warnings %q", got.removed(), got.diagnostics("Warning"))
	}
}

// TestReadKeepsTheStateWhenTheEndpointIsNotTheService: a 404 that is not the service's
// own "no such certificate" (a wrong endpoint path) must not empty the state.
func TestReadKeepsTheStateWhenTheEndpointIsNotTheService(t *testing.T) {
	for name, body := range map[string]string{
		"the gateway's APIGW.0101": `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment"}`,
		"an HTML page":             `<html><body>404 page not found</body></html>`,
	} {
		t.Run(name, func(t *testing.T) {
			gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusNotFound)
				_, _ = io.WriteString(w, body)
			}))
			defer gateway.Close()
			got := readAt(t, gateway.URL+"/scm")
			errors := got.diagnostics("Error")
			if got.removed() || !strings.Contains(errors, "endpoint") || !strings.Contains(errors, gateway.URL+"/scm") {
				t.Errorf("removed %v, errors %q: want the state kept and the endpoint named", got.removed(), errors)
			}
		})
	}
}

func TestReadWarnsOfMaskedDriftWithoutTheValues(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{MaskPersonalData: true})
	mustDo(t, emu.Client(t).Apply(context.Background(), emulatortest.CertificateID, emulatortest.Application()))
	ctx := context.Background()
	r, empty := directResource(t, emu.URL)
	state := priorState(t, empty, func(m *certificateApplicationModel) {
		m.ApplicantPhone = types.StringValue("13212345678")       // agrees with 13****45678
		m.ApplicantEmail = types.StringValue("jerry@example.com") // contradicts to****@example.com
	})
	resp := &resource.ReadResponse{State: state}
	r.Read(ctx, resource.ReadRequest{State: state}, resp)
	var got certificateApplicationModel
	if diags := getApplication(ctx, resp.State.Raw, resp.State.Schema, &got); diags.HasError() {
		t.Fatal(diags)
	}
	if got.ApplicantPhone.ValueString() != "13212345678" {
		t.Errorf("the agreeing phone became %q", got.ApplicantPhone.ValueString())
	}
	warnings := readResult{resp: resp}.diagnostics("Warning")
	if !strings.Contains(warnings, "applicant_email differs") || strings.Contains(warnings, "jerry") || strings.Contains(warnings, "to****") {
		t.Errorf("warnings = %q: want applicant_email named, and no value", warnings)
	}
}
