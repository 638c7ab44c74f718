package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

// TestAccGuide_ownKeyIsNeverLostToACSRChange runs the guide "Your own key: CSRs from the
// tls provider" as it is in examples/guides/own-key, with a stand-in for its tls file
// (a terraform_data replaced as tls_private_key is). After issuance, a new key size (a
// key rotation) replaces the key and so the CSR: the plan fails naming csr and both ways
// out, the apply fails the same way before anything changes, and the key is the same
// object as before. The way out the guide gives, a new certificate, replaces the key and
// the application in one apply, leaves the issued certificate in the account without a
// withdrawal, and plans empty afterwards.
func TestAccGuide_ownKeyIsNeverLostToACSRChange(t *testing.T) {
	const first, second = "scs00000000first", "scs0000000second"
	target := newEmulatorTarget(t, emulator.Options{}, emulator.Seed{ID: first}, emulator.Seed{ID: second})
	target.getenv = env(map[string]string{envEndpoint: target.url, envAccessKey: testAccessKey, envSecretKey: testSecretKey})
	ws := newCLIWorkspace(t, target)
	guide, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "own-key", "main.tf"))
	mustDo(t, err)
	standIn, err := os.ReadFile(filepath.Join("..", "..", "scripts", "standins", "own-key.tf"))
	mustDo(t, err)
	ws.writeFile("main.tf", string(guide))
	ws.writeFile("tls.tf", string(standIn))
	csrs := fmt.Sprintf("standin_csr_pem = {\n  \"2048\" = <<-EOT\n%s  EOT\n  \"3072\" = <<-EOT\n%s  EOT\n}\n",
		testcert.CSR(t, "www.example.com"), testcert.CSR(t, "www.example.com"))
	vars := func(certificateID string, bits int) {
		ws.writeFile("terraform.tfvars", fmt.Sprintf("certificate_id = %q\nstandin_rsa_bits = %d\n%s", certificateID, bits, csrs))
	}

	vars(first, 2048)
	ws.apply("")
	mustDo(t, target.emu.Issue(first))
	key := ws.attribute("terraform_data.private_key", "id")

	vars(first, 3072)
	ws.planFails("", "Certificate "+first+" is ISSUED: its application can no longer change", "You changed csr",
		"buy a new one and set certificate_id", "before anything changes", "terraform destroy -refresh=false")
	ws.applyFails("", "its application can no longer change")
	if now := ws.attribute("terraform_data.private_key", "id"); now != key {
		t.Fatalf("the key was replaced (%v, was %v) by an apply that could not succeed", now, key)
	}

	vars(second, 3072)
	if actions, out := ws.plan(""); actions["scm_certificate_application.www"] != "replace" {
		t.Fatalf("a new certificate plans to %s the application, want replace:\n%s", actions["scm_certificate_application.www"], out)
	}
	ws.apply("")
	if now := ws.attribute("terraform_data.private_key", "id"); now == key {
		t.Error("a new certificate kept the old key")
	}
	ws.check(target.statuses(map[string]string{first: "ISSUED", second: "CHECKING"}),
		countIs(target, "withdrawal attempts", func(c emulator.Counts) int { return c.WithdrawAttempts }, 0))
	ws.planIsEmpty("")
	ws.destroy()
	ws.check(target.statuses(map[string]string{first: "ISSUED", second: "PAID"}))
}
