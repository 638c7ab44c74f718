package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

// uploadConfig is the provider block and an upload named name of issued, with its chain
// and its key write-only; extra lines go into the resource.
func uploadConfig(target *accTarget, name string, issued testcert.Issued, extra ...string) string {
	return target.provider + fmt.Sprintf(`
resource "scm_uploaded_certificate" "www" {
  name              = %q
  certificate       = <<-EOT
%s  EOT
  certificate_chain = <<-EOT
%s  EOT
  private_key_wo    = <<-EOT
%s  EOT
%s
}
`, name, issued.Certificate, issued.Chain, issued.PrivateKey, strings.Join(extra, "\n"))
}

const uploadAddress = "scm_uploaded_certificate.www"

// uploadOutsideTerraform uploads issued, with its chain and key, as the console would,
// and returns its id.
func uploadOutsideTerraform(t *testing.T, target *accTarget, name string, issued testcert.Issued) string {
	t.Helper()
	id, err := target.emu.Client(t).ImportCertificate(context.Background(), scm.ImportRequest{
		Name: name, Certificate: issued.Certificate, CertificateChain: issued.Chain, PrivateKey: issued.PrivateKey,
	})
	mustDo(t, err)
	return id
}

// needsWriteOnly skips a test on a CLI without write-only attributes, saying why.
func needsWriteOnly(t *testing.T, ws *cliWorkspace) {
	t.Helper()
	if !ws.terraformAtLeast("1.11.0") {
		t.Skip("write-only attributes need Terraform 1.11 or OpenTofu 1.11 or later")
	}
}

// keyLines are the lines of a PEM key's body: none may appear where the key must not.
func keyLines(key string) []string {
	var lines []string
	for _, line := range strings.Split(key, "\n") {
		if line = strings.TrimSpace(line); len(line) >= 16 && !strings.HasPrefix(line, "-----") {
			lines = append(lines, line)
		}
	}
	return lines
}

func holdsKey(text, key string) bool {
	for _, line := range keyLines(key) {
		if strings.Contains(text, line) {
			return true
		}
	}
	return false
}

func holdsNoKey(t *testing.T, where, text, key string) {
	t.Helper()
	if holdsKey(text, key) {
		t.Errorf("%s holds a line of the private key", where)
	}
}

// TestAccUploaded_lifecycle: a certificate with its chain and a write-only key is uploaded,
// read, imported (the plan is then empty with the configuration that uploaded it),
// replaced with create_before_destroy (the new one uploaded before the old one is
// deleted), refused deletion while a service uses it (the state keeps it), and deleted.
// No line of the key is in a plan, the state, or what Terraform printed (TRACE log
// included).
func TestAccUploaded_lifecycle(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	needsWriteOnly(t, ws)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	mustDo(t, ws.tf.SetLog("TRACE"))
	mustDo(t, ws.tf.SetLogPath(logFile))
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com", "api.example.com")
	config := uploadConfig(target, "www-example-com", issued)
	if !holdsKey(config, issued.PrivateKey) {
		t.Fatal("the check for key lines does not find them in the configuration that holds the key")
	}

	var printed strings.Builder
	printed.WriteString(ws.apply(config))
	id, _ := ws.attribute(uploadAddress, "id").(string)
	for name, want := range map[string]any{"status": "UPLOAD", "domain": "www.example.com", "private_key_wo": nil,
		"expires_at": issued.Leaf.NotAfter.UTC().Truncate(time.Second).Format(time.RFC3339)} {
		if got := ws.attribute(uploadAddress, name); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if cert, ok := target.emu.Certificate(id); !ok || cert.Status != "UPLOAD" {
		t.Fatalf("the emulator holds %+v for %s", cert, id)
	}

	_, out := ws.plan(config)
	printed.WriteString(out)
	planJSON, err := ws.tf.ShowPlanFileRaw(context.Background(), "plan", ws.reattach)
	mustDo(t, err)
	holdsNoKey(t, "the plan", planJSON, issued.PrivateKey)

	ws.stateRm(uploadAddress)
	importing := config + importBlock(uploadAddress, id)
	ws.write(importing)
	ws.planImports(1, "no-op")
	printed.WriteString(ws.apply(importing))
	ws.planIsEmpty(config)

	renamed := uploadConfig(target, "www-example-com-2", issued, "  lifecycle {\n    create_before_destroy = true\n  }")
	printed.WriteString(ws.apply(renamed))
	successor, _ := ws.attribute(uploadAddress, "id").(string)
	if successor == id {
		t.Fatal("a new name did not upload a new certificate")
	}
	var uploadedAt, deletedAt int
	for _, e := range target.emu.Events() {
		switch {
		case e.Kind == emulator.EventUploaded && e.CertificateID == successor:
			uploadedAt = e.Seq
		case e.Kind == emulator.EventDeleted && e.CertificateID == id:
			deletedAt = e.Seq
		}
	}
	if uploadedAt == 0 || deletedAt == 0 || uploadedAt > deletedAt {
		t.Errorf("events: the successor uploaded at %d, the old one deleted at %d; want the upload first", uploadedAt, deletedAt)
	}

	mustDo(t, target.emu.SetInUse(successor, "ELB"))
	ws.write(renamed)
	ws.destroyFails("cannot be deleted now", "in use by ELB", "The certificate stays in the state")
	if got := ws.attribute(uploadAddress, "id"); got != successor {
		t.Errorf("after a refused deletion the state holds %v, want %s", got, successor)
	}
	mustDo(t, target.emu.SetInUse(successor, ""))
	printed.WriteString(ws.destroy())
	if _, ok := target.emu.Certificate(successor); ok {
		t.Error("destroy left the uploaded certificate in SCM")
	}

	state, err := os.ReadFile(filepath.Join(ws.dir, "terraform.tfstate"))
	mustDo(t, err)
	holdsNoKey(t, "the state", string(state), issued.PrivateKey)
	backup, _ := os.ReadFile(filepath.Join(ws.dir, "terraform.tfstate.backup"))
	holdsNoKey(t, "the state backup", string(backup), issued.PrivateKey)
	holdsNoKey(t, "what Terraform printed", printed.String(), issued.PrivateKey)
	trace, err := os.ReadFile(logFile)
	mustDo(t, err)
	holdsNoKey(t, "Terraform's TRACE log", string(trace), issued.PrivateKey)
}

// TestAccUploaded_badInputsFailAtPlan: a key of another certificate, an encrypted key, an
// expired certificate and a chain of another CA fail the plan, naming the attribute and
// what to do, and nothing is uploaded.
func TestAccUploaded_badInputsFailAtPlan(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	needsWriteOnly(t, ws)
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	other := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	expired := testcert.Issue(t, time.Now().AddDate(0, 0, -1), "www.example.com")

	mismatched := issued
	mismatched.PrivateKey = other.PrivateKey
	ws.planFails(uploadConfig(target, "www", mismatched), "private_key_wo is not the certificate's key", "does not belong")
	encrypted := issued
	encrypted.PrivateKey = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n"
	ws.planFails(uploadConfig(target, "www", encrypted), "Invalid private_key_wo", "passphrase", "openssl pkey")
	ws.planFails(uploadConfig(target, "www", expired), "The certificate has expired", "Upload its successor")
	foreign := issued
	foreign.Chain = other.Chain
	ws.planFails(uploadConfig(target, "www", foreign), "The chain does not lead from the certificate to its issuers")
	ws.planFails(uploadConfig(target, "my cert", issued), "name", "3 to 63 letters")
	if c := target.emu.Counts(); c.UploadAttempts != 0 {
		t.Errorf("%d uploads were sent for configurations that fail the plan", c.UploadAttempts)
	}
}

// TestAccUploaded_anExpiredUploadFailsNoPlanOfItsOwn: a certificate already in SCM that has
// expired (uploaded long ago, or imported) is warned of, not refused: plans of its
// unchanged configuration, and its destroy, go through. Only a new upload of it fails the
// plan (here, a new name); with that change pending, destroy works with -refresh=false, as
// the error says.
func TestAccUploaded_anExpiredUploadFailsNoPlanOfItsOwn(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	needsWriteOnly(t, ws)
	expired := testcert.Issue(t, time.Now().AddDate(0, 0, -1), "www.example.com")
	id := uploadOutsideTerraform(t, target, "www", expired)
	config := uploadConfig(target, "www", expired)
	ws.apply(config + importBlock(uploadAddress, id))
	actions, out := ws.plan(config)
	if actions[uploadAddress] != "no-op" {
		t.Fatalf("the plan of the imported certificate would %s it:\n%s", actions[uploadAddress], out)
	}
	says(t, out, "has expired", "Renew it before then with the CA that issued it", "private_key_wo")
	if strings.Contains(out, "buy its successor") {
		t.Errorf("the warning of an uploaded certificate tells to buy a successor in SCM:\n%s", out)
	}
	renamed := uploadConfig(target, "www-2", expired)
	ws.planFails(renamed, "The certificate has expired", "Upload its successor", "terraform destroy -refresh=false")
	ws.write(renamed)
	ws.run("destroy", false, func(ctx context.Context) error { return ws.tf.Destroy(ctx, tfexec.Refresh(false), ws.reattach) })
	if c := target.emu.Counts(); c.UploadAttempts != 1 || c.Deletes != 1 {
		t.Errorf("%d uploads sent and %d deletes; want only the test's own upload, and the certificate deleted", c.UploadAttempts, c.Deletes)
	}
}

// TestAccUploaded_aLostAnswerLeavesOneCertificate: the service takes the upload and the
// connection drops before its answer. The apply finds the certificate by its name and
// fingerprint and adopts it: exactly one certificate, and the next plan is empty.
func TestAccUploaded_aLostAnswerLeavesOneCertificate(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	target.emu.Script(emulator.OpImport, emulator.DropAfterAct)
	ws := newCLIWorkspace(t, target)
	needsWriteOnly(t, ws)
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	config := uploadConfig(target, "www-example-com", issued)
	ws.apply(config)
	if c := target.emu.Counts(); c.Uploads != 1 || c.UploadAttempts != 1 {
		t.Errorf("%d uploads taken of %d sent; want the lost one adopted, not sent again", c.Uploads, c.UploadAttempts)
	}
	ws.planIsEmpty(config)

	// scm_certificate reads an uploaded certificate as it reads a purchased one.
	reading := config + "data \"scm_certificate\" \"uploaded\" {\n  certificate_id = scm_uploaded_certificate.www.id\n}\n"
	ws.apply(reading)
	if got := ws.attribute("data.scm_certificate.uploaded", "certificate"); got != issued.Certificate {
		t.Errorf("scm_certificate reads the upload's certificate as %v", got)
	}
	if got := ws.attribute("data.scm_certificate.uploaded", "status"); got != "UPLOAD" {
		t.Errorf("scm_certificate reads the upload's status as %v", got)
	}
	ws.destroy()
}

// TestAccUploaded_changesOutsideTerraformArePlanned: a certificate renamed, or moved to
// another enterprise project, outside Terraform is read as the service holds it, and the
// plan replaces it with what the configuration says; the default project reads as unset.
func TestAccUploaded_changesOutsideTerraformArePlanned(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	needsWriteOnly(t, ws)
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	config := uploadConfig(target, "www-example-com", issued)
	ws.apply(config)
	for _, change := range []struct {
		what   string
		change func(*emulator.Certificate)
		says   string
	}{
		{"renamed", func(c *emulator.Certificate) { c.Name = "renamed-in-console" }, `"renamed-in-console" -> "www-example-com"`},
		{"moved to another enterprise project", func(c *emulator.Certificate) { c.EnterpriseProjectID = "team-b" }, `"team-b" -> null`},
	} {
		id, _ := ws.attribute(uploadAddress, "id").(string)
		mustDo(t, target.emu.Update(id, change.change))
		actions, out := ws.plan(config)
		if actions[uploadAddress] != "replace" {
			t.Fatalf("certificate %s, the plan would %s it; want it replaced:\n%s", change.what, actions[uploadAddress], out)
		}
		says(t, out, change.says)
		ws.apply(config)
		if _, ok := target.emu.Certificate(id); ok {
			t.Errorf("certificate %s: the apply left it in SCM beside its replacement", change.what)
		}
		ws.planIsEmpty(config)
	}
	if c := target.emu.Counts(); c.Uploads != 3 || c.Deletes != 2 {
		t.Errorf("%d uploads and %d deletes; want the first upload and one replacement for each change", c.Uploads, c.Deletes)
	}
	ws.destroy()
}

// TestAccUploaded_anImportOfAFullchainUploadsNothing: a certificate whose configuration
// holds its intermediates in certificate (a fullchain.pem) is imported as the service keeps
// it, leaf and chain apart. The plan then stores the configuration's form in place: no
// new upload, and nothing deleted (a replacement would take the certificate from the
// services that use it).
func TestAccUploaded_anImportOfAFullchainUploadsNothing(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	needsWriteOnly(t, ws)
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	id := uploadOutsideTerraform(t, target, "www", issued)
	config := target.provider + fmt.Sprintf(`
resource "scm_uploaded_certificate" "www" {
  name           = "www"
  certificate    = <<-EOT
%s%s  EOT
  private_key_wo = <<-EOT
%s  EOT
}
`, issued.Certificate, issued.Chain, issued.PrivateKey)
	importing := config + importBlock(uploadAddress, id)
	actions, out := ws.plan(importing)
	if actions[uploadAddress] != "update" {
		t.Fatalf("the import would %s the certificate; want its fullchain form stored in place:\n%s", actions[uploadAddress], out)
	}
	ws.apply(importing)
	ws.planIsEmpty(config)
	if c := target.emu.Counts(); c.UploadAttempts != 1 || c.DeleteAttempts != 0 {
		t.Errorf("%d uploads sent and %d deletes; want only the test's own upload, and nothing deleted", c.UploadAttempts, c.DeleteAttempts)
	}
	// Other certificates in the chain are another upload.
	other := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	if actions, out := ws.plan(uploadConfig(target, "www", other)); actions[uploadAddress] != "replace" {
		t.Errorf("with another certificate, the plan would %s the upload; want it replaced:\n%s", actions[uploadAddress], out)
	}
	ws.destroy()
}

// TestAccUploaded_olderCLIsSayWhichVersion: before Terraform 1.11 a write-only key fails
// at validate, naming the version.
func TestAccUploaded_olderCLIsSayWhichVersion(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	ws := newCLIWorkspace(t, target)
	if ws.terraformAtLeast("1.11.0") {
		t.Skip("this CLI has write-only attributes: the version error is for Terraform before 1.11")
	}
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	ws.planFails(uploadConfig(target, "www", issued), "private_key_wo", "1.11")
}

// The enterprise project the service shows replaces the state's, as the configuration
// would write it: the default project is "0" when configured so, else unset; an answer
// without a project says nothing of it.
func TestUploadedProjectIsReadAsConfigured(t *testing.T) {
	for _, c := range []struct{ prior, held, want types.String }{
		{types.StringNull(), types.StringValue("0"), types.StringNull()},
		{types.StringValue("0"), types.StringValue("0"), types.StringValue("0")},
		{types.StringValue("team-a"), types.StringValue("0"), types.StringNull()},
		{types.StringNull(), types.StringValue("team-b"), types.StringValue("team-b")},
		{types.StringValue("team-a"), types.StringValue(""), types.StringValue("team-a")},
	} {
		m := uploadedCertificateModel{Name: types.StringValue("www"), EnterpriseProjectID: c.prior}
		m.reconcileInputs(&scm.Certificate{EnterpriseProjectID: c.held.ValueString()})
		if !m.EnterpriseProjectID.Equal(c.want) || m.Name.ValueString() != "www" {
			t.Errorf("state %s, service %q: read as %s (name %s); want %s, name kept", c.prior, c.held.ValueString(), m.EnterpriseProjectID, m.Name, c.want)
		}
	}
}

// The same certificates are the same however they are split between certificate and
// certificate_chain or broken into lines; another order, another chain or a value not
// known yet is not.
func TestSameCertificates(t *testing.T) {
	issued := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	other := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	upload := func(certificate, chain types.String) uploadedCertificateModel {
		return uploadedCertificateModel{Certificate: certificate, CertificateChain: chain}
	}
	str, none := types.StringValue, types.StringNull()
	apart := upload(str(issued.Certificate), str(issued.Chain))
	for _, c := range []struct {
		what string
		m    uploadedCertificateModel
		want bool
	}{
		{"together", upload(str(issued.Certificate+issued.Chain), none), true},
		{"with CRLF line breaks", upload(str(strings.ReplaceAll(issued.Certificate+issued.Chain, "\n", "\r\n")), none), true},
		{"the chain first", upload(str(issued.Chain+issued.Certificate), none), false},
		{"without the chain", upload(str(issued.Certificate), none), false},
		{"with another certificate", upload(str(other.Certificate), str(other.Chain)), false},
		{"the chain unknown", upload(str(issued.Certificate), types.StringUnknown()), false},
	} {
		if got := sameCertificates(c.m, apart); got != c.want {
			t.Errorf("leaf and chain %s: same as apart = %t, want %t", c.what, got, c.want)
		}
	}
}
