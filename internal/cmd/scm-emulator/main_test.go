package main

import (
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

func TestParseSeed(t *testing.T) {
	tests := map[string]emulator.Seed{
		"scs1554192131150":                            {ID: "scs1554192131150"},
		"scs1554192131150,OV_SSL_CERT":                {ID: "scs1554192131150", Type: "OV_SSL_CERT"},
		"scs1554192131150,DV_SSL_CERT,MULTI_DOMAIN,3": {ID: "scs1554192131150", Type: "DV_SSL_CERT", DomainType: "MULTI_DOMAIN", DomainCount: 3},
		"scs1554192131150,EV_SSL_CERT,SINGLE_DOMAIN":  {ID: "scs1554192131150", Type: "EV_SSL_CERT", DomainType: "SINGLE_DOMAIN"},
	}
	for value, want := range tests {
		got, err := parseSeed(value)
		if err != nil || got != want {
			t.Errorf("parseSeed(%q) = %+v, %v; want %+v", value, got, err, want)
		}
	}
	for _, bad := range []string{"scs1554192131150,DV_SSL_CERT,MULTI_DOMAIN,three", "a,b,c,1,e"} {
		if _, err := parseSeed(bad); err == nil {
			t.Errorf("parseSeed(%q) accepted", bad)
		}
	}
}
