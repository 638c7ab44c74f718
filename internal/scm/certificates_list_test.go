package scm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

func seeds(n int) []emulator.Seed {
	out := make([]emulator.Seed, n)
	for i := range out {
		out[i] = emulator.Seed{ID: fmt.Sprintf("scs%013d", i+1)}
	}
	return out
}

func TestListReadsEveryPageAndNoMore(t *testing.T) {
	for _, tt := range []struct{ certificates, requests int }{
		{0, 1}, {1, 1}, {50, 1}, {51, 2}, {120, 3},
	} {
		t.Run(strconv.Itoa(tt.certificates), func(t *testing.T) {
			// An empty account still needs one request to find it empty; the emulator
			// needs one certificate to start, so that case deletes it.
			emu := emulatortest.Start(t, emulator.Options{}, seeds(max(tt.certificates, 1))...)
			if tt.certificates == 0 {
				mustDo(t, emu.Delete(seeds(1)[0].ID))
			}
			found, err := emu.Client(t).ListCertificates(context.Background(), scm.ListFilter{})
			mustDo(t, err)
			if len(found) != tt.certificates {
				t.Errorf("found %d certificates, want %d", len(found), tt.certificates)
			}
			ids := map[string]bool{}
			for _, c := range found {
				ids[c.ID] = true
			}
			if len(ids) != len(found) {
				t.Errorf("%d certificates but %d distinct ids", len(found), len(ids))
			}
			if got := emu.Counts().Lists; got != tt.requests {
				t.Errorf("%d list requests, want %d", got, tt.requests)
			}
		})
	}
}

// TestListDropsRepeatsAndStopsOnAShortPage: when certificates are bought while the list
// is read, a later page repeats ids of an earlier one; and a page shorter than asked for
// is the last whatever total_count says.
func TestListDropsRepeatsAndStopsOnAShortPage(t *testing.T) {
	var requests atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if r.URL.Query().Get("limit") != "50" {
			t.Errorf("limit = %q, want 50", r.URL.Query().Get("limit"))
		}
		first, count := offset, 50
		if offset > 0 {
			first, count = offset-10, 30 // shifted by ten new certificates, and short
		}
		page := map[string]any{"total_count": 500, "certificates": summaries(first, count)}
		_ = json.NewEncoder(w).Encode(page)
	}))
	t.Cleanup(server.Close)

	found, err := newClient(t, server.URL).ListCertificates(context.Background(), scm.ListFilter{})
	mustDo(t, err)
	if len(found) != 70 || found[69].ID != summaryID(69) {
		t.Errorf("found %d certificates, last %s; want 70 distinct, the last %s", len(found), found[len(found)-1].ID, summaryID(69))
	}
	if got := requests.Load(); got != 2 {
		t.Errorf("%d requests, want 2: the second page was short", got)
	}
}

func summaries(first, count int) []map[string]any {
	out := make([]map[string]any, count)
	for i := range out {
		out[i] = map[string]any{"id": summaryID(first + i), "status": "PAID"}
	}
	return out
}

func summaryID(i int) string { return fmt.Sprintf("scs%013d", i) }

func TestListSendsTheFilters(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{}, seeds(3)...)
	client := emu.Client(t)
	ctx := context.Background()
	mustDo(t, client.Apply(ctx, seeds(3)[1].ID, emulatortest.Application()))

	checking, err := client.ListCertificates(ctx, scm.ListFilter{Status: scm.StatusChecking})
	mustDo(t, err)
	if len(checking) != 1 || checking[0].ID != seeds(3)[1].ID || checking[0].Domain != "www.example.com" {
		t.Errorf("CHECKING certificates = %+v, want only %s for www.example.com", checking, seeds(3)[1].ID)
	}
	byDomain, err := client.ListCertificates(ctx, scm.ListFilter{Content: "example.com"})
	mustDo(t, err)
	if len(byDomain) != 1 {
		t.Errorf("certificates found by content example.com = %+v, want the one applied for", byDomain)
	}
}

func TestExportHandsOverTheIssuedCertificateOnly(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{})
	client := emu.Client(t)
	ctx := context.Background()
	mustDo(t, client.Apply(ctx, certID, validApplication()))

	_, err := client.ExportCertificate(ctx, certID)
	var apiErr *scm.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != scm.CodeWrongStatus || apiErr.StatusCode != http.StatusBadRequest {
		t.Fatalf("export before issuance: %v, want HTTP 400 %s", err, scm.CodeWrongStatus)
	}

	mustDo(t, emu.Issue(certID))
	exported, err := client.ExportCertificate(ctx, certID)
	mustDo(t, err)
	for name, pem := range map[string]string{"certificate": exported.Certificate, "chain": exported.CertificateChain} {
		if !strings.HasPrefix(pem, "-----BEGIN CERTIFICATE-----") {
			t.Errorf("%s = %q, want PEM", name, pem)
		}
	}
	if !strings.Contains(exported.PrivateKey, "PRIVATE KEY") {
		t.Error("no private key for a certificate whose key the service made")
	}
	if got := emu.Counts().Exports; got != 2 {
		t.Errorf("%d export requests, want 2: a refused export is not retried", got)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The public export hands over the certificate and its chain, and the private key the
// answer carries stops here: the result has no field for it, and an answer that cannot be
// read is reported without its body.
func TestPublicExportLeavesThePrivateKeyBehind(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{})
	client := emu.Client(t)
	ctx := context.Background()
	mustDo(t, client.Apply(ctx, certID, validApplication()))
	mustDo(t, emu.Issue(certID))
	public, err := client.ExportPublicCertificate(ctx, certID)
	mustDo(t, err)
	if !strings.HasPrefix(public.Certificate, "-----BEGIN CERTIFICATE-----") || !strings.HasPrefix(public.CertificateChain, "-----BEGIN CERTIFICATE-----") {
		t.Errorf("certificate %.40q, chain %.40q: want PEM", public.Certificate, public.CertificateChain)
	}
	if strings.Contains(fmt.Sprintf("%+v", *public), "PRIVATE KEY") {
		t.Error("the public export holds the private key")
	}

	const key = "-----BEGIN PRIVATE KEY-----\nMIIsecret\n-----END PRIVATE KEY-----"
	broken := answering(t, http.StatusOK, "application/json", `{"certificate":"-----BEGIN CERTIFICATE-----","private_key":"`+key+`"`)
	for name, export := range map[string]func() error{
		"public": func() error { _, err := newClient(t, broken).ExportPublicCertificate(ctx, certID); return err },
		"full":   func() error { _, err := newClient(t, broken).ExportCertificate(ctx, certID); return err },
	} {
		err := export()
		var decodeErr *scm.DecodeError
		if !errors.As(err, &decodeErr) || strings.Contains(err.Error(), "MIIsecret") {
			t.Errorf("%s export of an unreadable answer: %v; want a decode error without the body", name, err)
		}
	}
}

// EachCertificate stops reading pages once the caller has enough, and an error names the
// page that failed.
func TestEachCertificateStopsEarlyAndNamesAFailedPage(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{}, seeds(120)...)
	client := emu.Client(t, func(c *scm.Config) { c.MaxRetries = 0 })
	seen := 0
	mustDo(t, client.EachCertificate(context.Background(), scm.ListFilter{}, func(scm.CertificateSummary) bool {
		seen++
		return seen < 5
	}))
	if got := emu.Counts().Lists; seen != 5 || got != 1 {
		t.Errorf("saw %d certificates in %d list requests, want 5 in 1", seen, got)
	}
	emu.Script(emulator.OpList, emulator.NoFault, emulator.ServerError)
	err := client.EachCertificate(context.Background(), scm.ListFilter{}, func(scm.CertificateSummary) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "page 2 (offset 50)") {
		t.Errorf("a failing second page: %v; want an error naming page 2", err)
	}
}
