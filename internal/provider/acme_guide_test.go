package provider

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

// TestAccGuide_acmeRenewalChain runs the guide "Free certificates from an ACME CA on
// Huawei Cloud" as it is in examples/guides/acme, with a stand-in for its ACME and load
// balancer file: a local CA in Go issues the certificates, and a terraform_data takes the
// certificate id as the load balancer would. The certificate is uploaded and taken; then
// it is renewed: the apply uploads the successor, the load balancer follows, the old
// upload is deleted after that, nothing else is touched, and the next plan is empty.
func TestAccGuide_acmeRenewalChain(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{})
	target.getenv = env(map[string]string{envEndpoint: target.url, envAccessKey: testAccessKey, envSecretKey: testSecretKey})
	ws := newCLIWorkspace(t, target)
	needsWriteOnly(t, ws)
	guide, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "acme", "main.tf"))
	mustDo(t, err)
	standIn, err := os.ReadFile(filepath.Join("..", "..", "scripts", "standins", "acme.tf"))
	mustDo(t, err)
	ws.writeFile("main.tf", string(guide))
	ws.writeFile("acme.tf", string(standIn))
	ws.write("")
	from := func(issued testcert.Issued) []tfexec.ApplyOption {
		return []tfexec.ApplyOption{tfexec.Var("standin_certificate_pem=" + issued.Certificate),
			tfexec.Var("standin_issuer_pem=" + issued.Chain), tfexec.Var("standin_private_key_pem=" + issued.PrivateKey)}
	}
	apply := func(issued testcert.Issued) string {
		return ws.run("apply", false, func(ctx context.Context) error { return ws.tf.Apply(ctx, append(from(issued), ws.reattach)...) })
	}

	first := testcert.Issue(t, time.Now().AddDate(0, 0, 20), "www.example.com")
	apply(first)
	old, _ := ws.attribute(uploadAddress, "id").(string)
	if got := ws.attribute("terraform_data.load_balancer", "input"); got != old || old == "" {
		t.Fatalf("the load balancer takes %v, want the upload %s", got, old)
	}

	renewed := testcert.Issue(t, time.Now().AddDate(0, 3, 0), "www.example.com")
	out := apply(renewed)
	successor, _ := ws.attribute(uploadAddress, "id").(string)
	if successor == old || ws.attribute("terraform_data.load_balancer", "input") != successor {
		t.Fatalf("after the renewal the upload is %s (was %s) and the load balancer takes %v", successor, old,
			ws.attribute("terraform_data.load_balancer", "input"))
	}
	says(t, out, "1 added, 1 changed, 1 destroyed")
	var uploadedAt, deletedAt int
	for _, e := range target.emu.Events() {
		switch {
		case e.Kind == emulator.EventUploaded && e.CertificateID == successor:
			uploadedAt = e.Seq
		case e.Kind == emulator.EventDeleted:
			if e.CertificateID != old {
				t.Errorf("event %+v: a renewal deleted another certificate", e)
			}
			deletedAt = e.Seq
		}
	}
	if uploadedAt == 0 || deletedAt < uploadedAt {
		t.Errorf("events: the successor uploaded at %d, the old upload deleted at %d; want the upload first", uploadedAt, deletedAt)
	}
	if _, ok := target.emu.Certificate(old); ok {
		t.Errorf("the old upload %s is still in SCM", old)
	}
	changes := true
	out = ws.run("plan", false, func(ctx context.Context) error {
		opts := []tfexec.PlanOption{ws.reattach}
		for _, v := range from(renewed) {
			opts = append(opts, v.(*tfexec.VarOption))
		}
		changes, err = ws.tf.Plan(ctx, opts...)
		return err
	})
	if changes {
		t.Errorf("the plan after the renewal is not empty:\n%s", out)
	}
	ws.run("destroy", false, func(ctx context.Context) error {
		opts := []tfexec.DestroyOption{ws.reattach}
		for _, v := range from(renewed) {
			opts = append(opts, v.(*tfexec.VarOption))
		}
		return ws.tf.Destroy(ctx, opts...)
	})
}
