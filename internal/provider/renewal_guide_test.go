package provider

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

// TestAccGuide_renewalWithoutDowntime runs the guide "Renewing a certificate without
// downtime" as it is in examples/guides/renewal, with a stand-in for its load balancer
// and DNS file that publishes the records to the emulator and takes the certificate id
// as the load balancer would. The certificate in use is issued; its successor is bought
// (PAID at plan) and certificate_id is set to it. One apply submits the successor's
// application, publishes its records, waits until it is issued, moves the load balancer
// to it, and only then lets the old application leave the state: exactly one new
// application, no withdrawal, the old certificate still issued, and an empty plan after.
func TestAccGuide_renewalWithoutDowntime(t *testing.T) {
	const current, successor = "scs00000000inuse", "scs000000000next"
	target := newEmulatorTarget(t, emulator.Options{DNSValidation: true}, emulator.Seed{ID: current}, emulator.Seed{ID: successor})
	target.getenv = env(map[string]string{envEndpoint: target.url, envAccessKey: testAccessKey, envSecretKey: testSecretKey})
	ws := newCLIWorkspace(t, target)
	commands, err := emulatorCommand()
	mustDo(t, err)
	ws.setEnv(map[string]string{"SCM_EMULATOR_URL": target.url, "PATH": commands + string(os.PathListSeparator) + os.Getenv("PATH")})
	guide, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "renewal", "main.tf"))
	mustDo(t, err)
	standIn, err := os.ReadFile(filepath.Join("..", "..", "scripts", "standins", "renewal.tf"))
	mustDo(t, err)
	ws.writeFile("main.tf", string(guide))
	ws.writeFile("elb.tf", string(standIn))
	using := func(id string) tfexec.ApplyOption { return tfexec.Var("certificate_id=" + id) }
	apply := func(id string) {
		ws.run("apply", false, func(ctx context.Context) error { return ws.tf.Apply(ctx, using(id), ws.reattach) })
	}

	ws.write("")
	apply(current)
	ws.check(target.statuses(map[string]string{current: "ISSUED", successor: "PAID"}))
	if got := ws.attribute("terraform_data.load_balancer", "input"); got != current {
		t.Fatalf("the load balancer takes %v, want %s", got, current)
	}

	out := ws.run("plan", false, func(ctx context.Context) error {
		_, err := ws.tf.Plan(ctx, tfexec.Var("certificate_id="+successor), ws.reattach)
		return err
	})
	says(t, out, "scm_certificate_application.www must be replaced", "The application moves from certificate "+current+" to "+successor)
	apply(successor)
	ws.check(target.statuses(map[string]string{current: "ISSUED", successor: "ISSUED"}),
		countIs(target, "withdrawal attempts", func(c emulator.Counts) int { return c.WithdrawAttempts }, 0))
	if applications := target.emu.Counts().ApplicationsByCertificate; applications[current] != 1 || applications[successor] != 1 {
		t.Errorf("applications %v; want one for each certificate", applications)
	}
	if got := ws.attribute("terraform_data.load_balancer", "input"); got != successor {
		t.Errorf("the load balancer takes %v, want the successor %s", got, successor)
	}
	checkIssuedBeforeTaken(t, target, successor)
	changes := true
	out = ws.run("plan", false, func(ctx context.Context) error {
		changes, err = ws.tf.Plan(ctx, tfexec.Var("certificate_id="+successor), ws.reattach)
		return err
	})
	if changes {
		t.Errorf("the plan after the renewal is not empty:\n%s", out)
	}
	ws.run("destroy", false, func(ctx context.Context) error {
		return ws.tf.Destroy(ctx, tfexec.Var("certificate_id="+successor), ws.reattach)
	})
	ws.check(target.statuses(map[string]string{current: "ISSUED", successor: "ISSUED"}))
}

// checkIssuedBeforeTaken: the emulator's events show the successor issued, and the
// current certificate never withdrawn.
func checkIssuedBeforeTaken(t *testing.T, target *accTarget, id string) {
	t.Helper()
	issued := false
	for _, e := range target.emu.Events() {
		if e.CertificateID == id && e.Kind == emulator.EventIssued {
			issued = true
		}
		if e.Kind == emulator.EventWithdrawn {
			t.Errorf("event %+v: a renewal withdrew an application", e)
		}
	}
	if !issued {
		t.Errorf("no issuance of %s among the events", id)
	}
}
