package provider

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

// openEphemeral runs the ephemeral resource's Open directly against an emulator.
func openEphemeral(t *testing.T, emu *emulatortest.Target, id string) (*ephemeral.OpenResponse, certificateEphemeralModel) {
	t.Helper()
	ctx := context.Background()
	e := &certificateEphemeralResource{data: &providerData{client: emu.Client(t), pacing: fastPacing}}
	var schemaResp ephemeral.SchemaResponse
	e.Schema(ctx, ephemeral.SchemaRequest{}, &schemaResp)
	// tfsdk.Config cannot be set from a model; a result of the same schema can.
	values := tfsdk.EphemeralResultData{Schema: schemaResp.Schema}
	mustDo(t, diagnosticsError(values.Set(ctx, &certificateEphemeralModel{
		CertificateID: types.StringValue(id), Certificate: types.StringNull(),
		CertificateChain: types.StringNull(), PrivateKey: types.StringNull(),
	})))
	config := tfsdk.Config{Schema: schemaResp.Schema, Raw: values.Raw}
	resp := &ephemeral.OpenResponse{Result: tfsdk.EphemeralResultData{Schema: schemaResp.Schema}}
	e.Open(ctx, ephemeral.OpenRequest{Config: config}, resp)
	var got certificateEphemeralModel
	if !resp.Result.Raw.IsNull() {
		mustDo(t, diagnosticsError(resp.Result.Get(ctx, &got)))
	}
	return resp, got
}

// multiDomain is a purchased certificate for two domains.
var multiDomain = emulator.Seed{ID: emulatortest.CertificateID, DomainType: "MULTI_DOMAIN", DomainCount: 2}

func TestEphemeralCertificate_handsOverAKeyThatMatches(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{}, multiDomain)
	application := emulatortest.Application()
	application.Sans = "shop.example.com"
	application.KeyAlgorithm = "EC_P256"
	mustDo(t, emu.Client(t).Apply(context.Background(), emulatortest.CertificateID, application))
	mustDo(t, emu.Issue(emulatortest.CertificateID))

	resp, got := openEphemeral(t, emu, emulatortest.CertificateID)
	mustDo(t, diagnosticsError(resp.Diagnostics))
	mustDo(t, verifyIssued(got.Certificate.ValueString(), got.CertificateChain.ValueString(), got.PrivateKey.ValueString(),
		"www.example.com", "shop.example.com"))
}

func TestEphemeralCertificate_hasNoKeyForAnApplicantsOwnCSR(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{})
	application := emulatortest.Application()
	application.CSR = testcert.CSR(t, "www.example.com")
	mustDo(t, emu.Client(t).Apply(context.Background(), emulatortest.CertificateID, application))
	mustDo(t, emu.Issue(emulatortest.CertificateID))

	resp, got := openEphemeral(t, emu, emulatortest.CertificateID)
	mustDo(t, diagnosticsError(resp.Diagnostics))
	if got.PrivateKey.ValueString() != "" || got.PrivateKey.IsNull() {
		t.Errorf("private_key is %q (null %v), want empty: the service never held the key of an applicant's CSR",
			got.PrivateKey.ValueString(), got.PrivateKey.IsNull())
	}
	if !strings.HasPrefix(got.Certificate.ValueString(), "-----BEGIN CERTIFICATE-----") {
		t.Errorf("certificate = %q, want a PEM certificate", got.Certificate.ValueString())
	}
}

func TestEphemeralCertificate_refusesWhatIsNotIssued(t *testing.T) {
	tests := []struct {
		name    string
		arrange func(t *testing.T, emu *emulatortest.Target)
		id      string
		want    []string
	}{
		{"under review", func(t *testing.T, emu *emulatortest.Target) { applyAnd(t, emu, nil) }, emulatortest.CertificateID,
			[]string{"is not issued", "is CHECKING", "scm_certificate_validation"}},
		{"never applied for", func(*testing.T, *emulatortest.Target) {}, emulatortest.CertificateID,
			[]string{"is PAID"}},
		{"missing", func(*testing.T, *emulatortest.Target) {}, "scs9999999999999",
			[]string{"no certificate scs9999999999999", "Check certificate_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu := emulatortest.Start(t, emulator.Options{})
			tt.arrange(t, emu)
			resp, _ := openEphemeral(t, emu, tt.id)
			err := diagnosticsError(resp.Diagnostics)
			if err == nil {
				t.Fatal("Open succeeded")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
}

// TestAccEphemeralCertificate_keyNeverEntersTheState: the private key reaches a
// provisioner in the same apply that waits for issuance, and nothing in the state holds
// it. The second step carries the ephemeral values into the state through the echo
// provider, for the test only, to check what was handed over.
func TestAccEphemeralCertificate_keyNeverEntersTheState(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{}, multiDomain)
	issueOnFirstLook(t, target)
	keyFile := filepath.Join(t.TempDir(), "deployed.key")
	deployed := target.application(`sans = ["shop.example.com"]`) + fmt.Sprintf(`
resource "scm_certificate_validation" "test" {
  certificate_id = scm_certificate_application.test.certificate_id
}

ephemeral "scm_certificate" "test" {
  certificate_id = scm_certificate_validation.test.id
}

resource "terraform_data" "deploy" {
  triggers_replace = [scm_certificate_validation.test.not_after]

  provisioner "local-exec" {
    command = "printf '%%s' \"$KEY\" > \"$KEY_FILE\""
    environment = {
      KEY      = ephemeral.scm_certificate.test.private_key
      KEY_FILE = %q
    }
  }
}
`, keyFile)
	echoed := deployed + `
provider "echo" {
  data = ephemeral.scm_certificate.test
}

resource "echo" "handed_over" {}
`
	target.test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		CheckDestroy:           target.statuses(map[string]string{target.certID: "ISSUED"}),
		Steps: []resource.TestStep{
			{
				Config:            deployed,
				ConfigStateChecks: []statecheck.StateCheck{noPrivateKeyInState{}},
				Check: func(*terraform.State) error {
					key, err := os.ReadFile(keyFile)
					if err != nil {
						return fmt.Errorf("the provisioner did not receive the key: %w", err)
					}
					exported, err := target.client(t).ExportCertificate(context.Background(), target.certID)
					if err != nil {
						return err
					}
					return verifyIssued(exported.Certificate, exported.CertificateChain, string(key), "www.example.com", "shop.example.com")
				},
			},
			{
				Config: echoed,
				Check: func(s *terraform.State) error {
					attributes := s.RootModule().Resources["echo.handed_over"].Primary.Attributes
					return verifyIssued(attributes["data.certificate"], attributes["data.certificate_chain"],
						attributes["data.private_key"], "www.example.com", "shop.example.com")
				},
			},
		},
	})
}

// noPrivateKeyInState fails when any part of the state, serialised as Terraform shows
// it, holds a PEM private key.
type noPrivateKeyInState struct{}

func (noPrivateKeyInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		resp.Error = errors.New("no state to check")
		return
	}
	whole, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(whole), "PRIVATE KEY") {
		resp.Error = errors.New("the state holds a private key")
	}
}

// verifyIssued checks what a user deploys: the chain verifies the certificate, the
// certificate covers every domain, and the private key is the certificate's.
func verifyIssued(certPEM, chainPEM, keyPEM string, domains ...string) error {
	cert, err := parsePEM(certPEM, "CERTIFICATE", x509.ParseCertificate)
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM([]byte(chainPEM)) {
		return fmt.Errorf("certificate_chain %q holds no certificate", chainPEM)
	}
	for _, domain := range domains {
		if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: domain, CurrentTime: cert.NotBefore}); err != nil {
			return fmt.Errorf("the certificate does not verify for %s: %w", domain, err)
		}
	}
	key, err := parsePEM(keyPEM, "PRIVATE KEY", x509.ParsePKCS8PrivateKey)
	if err != nil {
		return err
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return fmt.Errorf("the private key is a %T, not a signing key", key)
	}
	if public, ok := signer.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !public.Equal(cert.PublicKey) {
		return errors.New("the private key is not the certificate's")
	}
	return nil
}

func parsePEM[T any](text, blockType string, parse func([]byte) (T, error)) (T, error) {
	var zero T
	block, _ := pem.Decode([]byte(text))
	if block == nil || block.Type != blockType {
		return zero, fmt.Errorf("%d bytes that are not a PEM %s", len(text), blockType)
	}
	return parse(block.Bytes)
}
