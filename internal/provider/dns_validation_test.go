package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

// The certificates of the DNS guide: a multi-domain one for three domains, a wildcard
// one, and a multi-domain one for a domain and its own wildcard.
var guideSeeds = []emulator.Seed{
	{ID: "scs0000000000shp", DomainType: "MULTI_DOMAIN", DomainCount: 3},
	{ID: "scs0000000000wld", DomainType: "WILDCARD"},
	{ID: "scs0000000000apx", DomainType: "MULTI_DOMAIN", DomainCount: 2, WildcardCount: 1},
}

// TestAccGuide_dnsValidationInOneApply runs the DNS guide as it is in
// examples/guides/dv-dns, with a stand-in for its DNS file that publishes the records to
// the emulator: from an empty state, one apply plans the records keyed by domain, applies
// for the three certificates, publishes the records, and waits until all three are
// issued; a second plan is empty. The emulator issues a DNS-validated certificate only
// once every record of it is published: its events prove the order.
func TestAccGuide_dnsValidationInOneApply(t *testing.T) {
	target := newEmulatorTarget(t, emulator.Options{DNSValidation: true}, guideSeeds...)
	target.getenv = env(map[string]string{envEndpoint: target.url, envAccessKey: testAccessKey, envSecretKey: testSecretKey})
	ws := newCLIWorkspace(t, target)
	commands, err := emulatorCommand()
	if err != nil {
		t.Fatal(err)
	}
	ws.setEnv(map[string]string{"SCM_EMULATOR_URL": target.url, "PATH": commands + string(os.PathListSeparator) + os.Getenv("PATH")})
	guide, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "dv-dns", "main.tf"))
	mustDo(t, err)
	standIn, err := os.ReadFile(filepath.Join("..", "..", "scripts", "standins", "dv-dns.tf"))
	mustDo(t, err)
	ws.writeFile("main.tf", string(guide))
	ws.writeFile("dns.tf", string(standIn))
	ids := tfexec.Var(fmt.Sprintf(`certificate_ids={shop=%q, wildcard=%q, apex=%q}`, guideSeeds[0].ID, guideSeeds[1].ID, guideSeeds[2].ID))

	ws.write("")
	actions, out := ws.plan("", ids)
	if len(actions) != 3+3+5 { // applications, validations, and a record set per base domain
		t.Fatalf("the first plan has %d resources, want 11 (for_each keys known at plan):\n%s", len(actions), out)
	}
	ws.run("apply", false, func(ctx context.Context) error { return ws.tf.Apply(ctx, ids, ws.reattach) })
	issued := map[string]string{}
	for _, seed := range guideSeeds {
		issued[seed.ID] = "ISSUED"
	}
	ws.check(target.statuses(issued))
	checkPublishedBeforeIssued(t, target.emu.Server)

	// The shared name: example.com and *.example.com validate under one name.
	published := target.emu.PublishedRecords()
	shared := 0
	for _, r := range published {
		if r.Name == "_dnsauth.example.com" {
			shared++
		}
	}
	if shared != 2 {
		t.Errorf("%d values published under _dnsauth.example.com, want 2 (example.com and *.example.com): %v", shared, published)
	}

	changes, out := false, ""
	out = ws.run("plan", false, func(ctx context.Context) error {
		var err error
		changes, err = ws.tf.Plan(ctx, ids, ws.reattach)
		return err
	})
	if changes {
		t.Errorf("the second plan is not empty:\n%s", out)
	}
	ws.run("destroy", false, func(ctx context.Context) error { return ws.tf.Destroy(ctx, ids, ws.reattach) })
	ws.check(target.statuses(issued))
}

// checkPublishedBeforeIssued proves from the emulator's events that every certificate
// was issued after all its records had been published.
func checkPublishedBeforeIssued(t *testing.T, emu *emulator.Server) {
	t.Helper()
	published := map[string]int{}
	for _, e := range emu.Events() {
		switch e.Kind {
		case emulator.EventPublished:
			published[e.Detail] = e.Seq
		case emulator.EventIssued:
			cert, _ := emu.Certificate(e.CertificateID)
			for _, r := range cert.Authentication {
				if at, ok := published[r.RecordName]; !ok || at > e.Seq {
					t.Errorf("certificate %s was issued (event %d) before %s was published", e.CertificateID, e.Seq, r.RecordName)
				}
			}
		}
	}
	if len(published) == 0 {
		t.Error("no record was published: the test proves nothing")
	}
}
