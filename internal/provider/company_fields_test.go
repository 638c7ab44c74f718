package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// Company details on a DV certificate warn, naming the field, and are not errors (the
// service decides); on an OV certificate they are what it needs, and say nothing.
func TestCompanyFieldsOnADVCertificateWarn(t *testing.T) {
	plan := &certificateApplicationModel{
		Domain: types.StringValue("www.example.com"), Sans: types.SetNull(types.StringType),
		CompanyName: types.StringValue("Example Ltd"), CompanyCity: types.StringValue("Chengdu"),
		CompanyProvince: types.StringValue("Sichuan"), Country: types.StringValue("CN"),
		CompanyUnit: types.StringNull(), CAHashAlgorithm: types.StringNull(),
	}
	dv := checkCertificateTakes(context.Background(), &scm.Certificate{ID: "scs1", Type: "DV_SSL_CERT", DomainType: "SINGLE_DOMAIN"}, plan)
	if dv.HasError() || len(dv.Warnings()) != 3 {
		t.Fatalf("company details on a DV certificate: %v; want three warnings and no error", dv)
	}
	for _, d := range dv.Warnings() {
		if !strings.Contains(d.Summary(), "does not apply to a DV certificate") || !strings.Contains(d.Detail(), "OV and EV certificates only") {
			t.Errorf("warning %q: %q", d.Summary(), d.Detail())
		}
	}
	if ov := checkCertificateTakes(context.Background(), &scm.Certificate{ID: "scs2", Type: "OV_SSL_CERT", DomainType: "SINGLE_DOMAIN"}, plan); len(ov) != 0 {
		t.Errorf("company details on an OV certificate: %v; want nothing said", ov)
	}
}

// For an expired or revoked certificate there is nothing to import: the plan's warning and
// create's error lead with buying a new certificate.
func TestAnExpiredCertificateLeadsWithBuyingANewOne(t *testing.T) {
	for _, status := range []string{"EXPIRED", "REVOKED"} {
		cert := &scm.Certificate{ID: "scs1", Status: status}
		for _, text := range []string{statusWarning(cert), alreadyAppliedError(cert).Error()} {
			if !strings.HasPrefix(text, "Buy a new certificate and set certificate_id to it") || strings.Contains(text, "terraform import") {
				t.Errorf("%s: %q", status, text)
			}
		}
	}
}
