package provider

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// These tests call the resource's Read directly against an emulator: no Terraform CLI.

func readAfter(t *testing.T, arrange func(emu *emulator.Server, client *scm.Client)) (*resource.ReadResponse, certificateApplicationModel) {
	t.Helper()
	ctx := context.Background()
	emu, err := emulator.New(emulator.Options{AccessKey: testAccessKey, SecretKey: testSecretKey}, emulator.Seed{ID: "scs1554192131150"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(emu)
	t.Cleanup(ts.Close)
	client, err := scm.NewClient(scm.Config{Endpoint: ts.URL, Credentials: scm.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey}})
	if err != nil {
		t.Fatal(err)
	}
	arrange(emu, client)

	r := &certificateApplicationResource{client: client}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	prior := certificateApplicationModel{}
	allNull(&prior)
	prior.Timeouts.Object = types.ObjectNull(timeoutAttributeTypes)
	prior.CertificateID = types.StringValue("scs1554192131150")
	prior.CSR = types.StringValue("kept")
	state := tfsdk.State{Schema: schemaResp.Schema}
	if diags := setApplication(ctx, &state, &prior); diags.HasError() {
		t.Fatal(diags)
	}

	resp := &resource.ReadResponse{State: state}
	r.Read(ctx, resource.ReadRequest{State: state}, resp)
	var got certificateApplicationModel
	if !resp.State.Raw.IsNull() {
		if diags := getApplication(ctx, resp.State.Raw, resp.State.Schema, &got); diags.HasError() {
			t.Fatal(diags)
		}
	}
	return resp, got
}

func warnings(resp *resource.ReadResponse) string {
	var b strings.Builder
	for _, d := range resp.Diagnostics.Warnings() {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}

func TestReadTakesWhatTheServiceHolds(t *testing.T) {
	resp, got := readAfter(t, func(emu *emulator.Server, client *scm.Client) {
		if err := client.Apply(context.Background(), "scs1554192131150", validTestApplication()); err != nil {
			t.Fatal(err)
		}
		_ = emu.Update("scs1554192131150", func(c *emulator.Certificate) { c.ApplicationInfo.ApplicantName = "Changed in the console" })
	})
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if got.Status.ValueString() != "CHECKING" || got.ApplicantName.ValueString() != "Changed in the console" {
		t.Errorf("state = status %s, applicant %s; want CHECKING and the service's applicant", got.Status, got.ApplicantName)
	}
	if got.CSR.ValueString() != "kept" {
		t.Error("the csr, which the service never returns, was lost")
	}
	if len(got.DNSValidationRecords.Elements()) != 1 {
		t.Errorf("validation records = %v", got.DNSValidationRecords)
	}
}

func TestReadDropsAWithdrawnApplication(t *testing.T) {
	resp, _ := readAfter(t, func(*emulator.Server, *scm.Client) {})
	if !resp.State.Raw.IsNull() {
		t.Error("an application the service no longer holds (PAID) stayed in the state")
	}
	if w := warnings(resp); !strings.Contains(w, "withdrawn") || !strings.Contains(w, "next apply submits the application again") {
		t.Errorf("warnings = %q", w)
	}
}

func TestReadDropsADeletedCertificate(t *testing.T) {
	resp, _ := readAfter(t, func(emu *emulator.Server, _ *scm.Client) { emu.Delete("scs1554192131150") })
	if !resp.State.Raw.IsNull() {
		t.Error("a deleted certificate stayed in the state")
	}
	if w := warnings(resp); !strings.Contains(w, "no longer exists") {
		t.Errorf("warnings = %q", w)
	}
}

func TestReadWarnsOfARefusedApplication(t *testing.T) {
	resp, got := readAfter(t, func(emu *emulator.Server, client *scm.Client) {
		if err := client.Apply(context.Background(), "scs1554192131150", validTestApplication()); err != nil {
			t.Fatal(err)
		}
		_ = emu.Update("scs1554192131150", func(c *emulator.Certificate) { c.Status = "UNPASSED" })
	})
	if got.Status.ValueString() != "UNPASSED" {
		t.Errorf("status = %s, want UNPASSED kept in the state", got.Status)
	}
	if w := warnings(resp); !strings.Contains(w, "refused") || !strings.Contains(w, "apply -replace") {
		t.Errorf("warnings = %q", w)
	}
}
