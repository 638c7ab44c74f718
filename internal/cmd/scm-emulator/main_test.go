package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

func TestParseSeed(t *testing.T) {
	tests := map[string]emulator.Seed{
		"scs1554192131150":                            {ID: "scs1554192131150"},
		"scs1554192131150,OV_SSL_CERT":                {ID: "scs1554192131150", Type: "OV_SSL_CERT"},
		"scs1554192131150,DV_SSL_CERT,MULTI_DOMAIN,3": {ID: "scs1554192131150", Type: "DV_SSL_CERT", DomainType: "MULTI_DOMAIN", DomainCount: 3},
		"scs1554192131150,EV_SSL_CERT,SINGLE_DOMAIN":  {ID: "scs1554192131150", Type: "EV_SSL_CERT", DomainType: "SINGLE_DOMAIN"},
		"scs1554192131150,domain_type=MULTI_DOMAIN,domain_count=3,wildcard_count=1,brand=GEOTRUST,refuse=true": {
			ID: "scs1554192131150", DomainType: "MULTI_DOMAIN", DomainCount: 3, WildcardCount: 1, Brand: "GEOTRUST", Refuse: true,
		},
		"scs1554192131150,OV_SSL_CERT,refuse=1": {ID: "scs1554192131150", Type: "OV_SSL_CERT", Refuse: true},
		"scs1554192131150,in_use=ELB":           {ID: "scs1554192131150", InUse: "ELB"},
	}
	for value, want := range tests {
		got, err := parseSeed(value)
		if err != nil || got != want {
			t.Errorf("parseSeed(%q) = %+v, %v; want %+v", value, got, err, want)
		}
	}
	for _, bad := range []string{"scs1554192131150,DV_SSL_CERT,MULTI_DOMAIN,three", "a,b,c,1,e", "a,colour=red", "a,refuse=maybe"} {
		if _, err := parseSeed(bad); err == nil {
			t.Errorf("parseSeed(%q) accepted", bad)
		}
	}
}

// TestControlCommands drives an emulator from the command line, as a script would.
func TestControlCommands(t *testing.T) {
	srv, err := emulator.New(emulator.Options{AccessKey: "AK", SecretKey: "SK", FrozenClock: true}, emulator.Seed{ID: "scs1554192131150"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	if err := runControl("publish", []string{"-url", ts.URL, "_dnsauth.example.com", "abc"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if records := srv.PublishedRecords(); len(records) != 1 || records[0].Name != "_dnsauth.example.com" || records[0].Value != "abc" {
		t.Errorf("records = %+v", records)
	}
	before := srv.Now()
	t.Setenv("SCM_EMULATOR_URL", ts.URL)
	if err := runControl("advance", []string{"10m"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if moved := srv.Now().Sub(before); moved.Minutes() != 10 {
		t.Errorf("the clock moved %s, want 10m", moved)
	}
	err = runControl("issue", []string{"scs1554192131150"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "HTTP 409") || !strings.Contains(err.Error(), "only an application under review") {
		t.Errorf("issuing a PAID certificate: %v, want the emulator's refusal", err)
	}
	if err := runControl("publish", []string{"only-a-name"}, io.Discard); err == nil || !strings.Contains(err.Error(), "usage: scm-emulator publish [-url URL] NAME VALUE") {
		t.Errorf("a wrong call: %v, want its usage", err)
	}
	var counts strings.Builder
	if err := runControl("call", []string{"get", "/_emulator/counts"}, &counts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(counts.String(), `"requests":`) {
		t.Errorf("counts = %s, want the emulator's counters", counts.String())
	}
	if err := runControl("call", []string{"PUT", "/_emulator/faults", `{"throttle_rate":0.25}`}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := srv.Faults().ThrottleRate; got != 0.25 {
		t.Errorf("throttle rate = %v after the call, want 0.25", got)
	}
	for _, wrong := range [][]string{{"GET", "/v3/scm/certificates"}, {"PUT", "/_emulator/faults", "{not json"}} {
		if err := runControl("call", wrong, io.Discard); err == nil {
			t.Errorf("call %q was sent", wrong)
		}
	}
	if err := runControl("call", []string{"PUT", "/_emulator/faults", `{"throttle_rate":2}`}, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "HTTP 400") {
		t.Errorf("a refused control call: %v, want the emulator's HTTP 400", err)
	}
	mustSucceed(t, runControl("call", []string{"PUT", "/_emulator/faults", `{}`}, io.Discard))
	var events strings.Builder
	if err := runControl("events", nil, &events); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(events.String()), "\n"); len(lines) != 1 ||
		!strings.HasSuffix(lines[0], "\tpublished\t\t_dnsauth.example.com") {
		t.Errorf("events:\n%s\nwant the one publication", events.String())
	}
}

func mustSucceed(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
