package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

// The provider's and the client's own logs, at TRACE, of an upload whose first answer is
// lost (so that the search and adoption log too), and of one that Create refuses (the key
// of another certificate), hold no line of the key; nor do the diagnostics.
func TestUploadLogsAndDiagnosticsHoldNoKey(t *testing.T) {
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	other := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	for name, key := range map[string]string{"taken after a lost answer": issued.PrivateKey, "refused": other.PrivateKey} {
		emu := emulatortest.Start(t, emulator.Options{})
		emu.Script(emulator.OpImport, emulator.DropAfterAct)
		var logs bytes.Buffer
		ctx := tflogtest.RootLogger(context.Background(), &logs)
		r := &uploadedCertificateResource{data: &providerData{client: emu.Client(t), pacing: fastPacing}}
		var schemaResp fwresource.SchemaResponse
		r.Schema(ctx, fwresource.SchemaRequest{}, &schemaResp)
		model := uploadedCertificateModel{
			Name: types.StringValue("www"), Certificate: types.StringValue(issued.Certificate),
			CertificateChain: types.StringValue(issued.Chain), PrivateKeyWO: types.StringValue(key),
			EnterpriseProjectID: types.StringNull(), ID: types.StringUnknown(), Status: types.StringUnknown(),
			Domain: types.StringUnknown(), Sans: types.SetUnknown(types.StringType), NotAfter: types.StringUnknown(),
			ExpiresAt: types.StringUnknown(), Fingerprint: types.StringUnknown(), SignatureAlgorithm: types.StringUnknown(),
		}
		withKey := tfsdk.Plan{Schema: schemaResp.Schema}
		mustDo(t, diagnosticsError(withKey.Set(ctx, &model)))
		config := tfsdk.Config{Schema: schemaResp.Schema, Raw: withKey.Raw}
		model.PrivateKeyWO = types.StringNull()
		plan := tfsdk.Plan{Schema: schemaResp.Schema}
		mustDo(t, diagnosticsError(plan.Set(ctx, &model)))
		resp := &fwresource.CreateResponse{State: tfsdk.State{Schema: schemaResp.Schema}}
		r.Create(ctx, fwresource.CreateRequest{Config: config, Plan: plan}, resp)
		if logs.Len() == 0 && key == issued.PrivateKey {
			t.Fatalf("%s: nothing was logged at TRACE", name)
		}
		holdsNoKey(t, name+": the provider's logs", logs.String(), key)
		var said strings.Builder
		for _, d := range resp.Diagnostics { // errors and warnings
			said.WriteString(d.Summary() + d.Detail())
		}
		holdsNoKey(t, name+": the diagnostics", said.String(), key)
	}
}
