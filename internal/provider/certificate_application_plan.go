package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// ValidateConfig checks what involves several attributes and needs no network: the
// sans against the domain, and the CSR against both.
func (r *certificateApplicationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.Config.Raw, req.Config.Schema, &config)...)
	domain, csrText := config.Domain, config.CSR
	if resp.Diagnostics.HasError() || domain.IsUnknown() || config.Sans.IsUnknown() {
		return
	}
	sans, diags := sortedStrings(ctx, config.Sans)
	resp.Diagnostics.Append(diags...)
	for _, s := range sans {
		if s == domain.ValueString() {
			resp.Diagnostics.AddAttributeError(path.Root("sans"), "Invalid sans",
				fmt.Sprintf("sans repeats the primary domain %q. List only the additional domains in sans; the primary one is already in domain.", s))
		}
	}
	if joined := strings.Join(sans, ";"); len(joined) > maxSansLength {
		resp.Diagnostics.AddAttributeError(path.Root("sans"), "Invalid sans",
			fmt.Sprintf("sans joined by \";\" is %d characters long; the service takes at most %d. Remove domains, or split them over several certificates.",
				len(joined), maxSansLength))
	}

	if csrText.IsNull() || csrText.IsUnknown() || domain.IsNull() {
		return
	}
	csr, err := validate.CSR(csrText.ValueString())
	if err != nil {
		return // the attribute's own validator reports it
	}
	if err := validate.CSRCovers(csr, append([]string{domain.ValueString()}, sans...)); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("csr"), "CSR does not match the domains",
			fmt.Sprintf("csr does not match domain and sans: %s.", err))
	}
}

// ModifyPlan checks, when an application is about to be created, what only the
// certificate itself can tell: that it exists, is waiting for an application, and
// takes the planned domains and company data. It costs one read per planned create.
func (r *certificateApplicationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if req.Plan.Raw.Equal(req.State.Raw) {
		return // nothing changes, so nothing is replaced
	}
	if !req.State.Raw.IsNull() {
		// Should this update turn out to be a replacement, Terraform plans its create
		// separately, with no prior state but with this private data.
		var prior types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("certificate_id"), &prior)...)
		resp.Diagnostics.Append(markReplacing(ctx, resp.Private, prior.ValueString())...)
		return
	}
	if r.client == nil {
		return // the provider's configuration is not known yet
	}
	ctx = withPrivacyMasks(ctx)
	var plan certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.Plan.Raw, req.Plan.Schema, &plan)...)
	if resp.Diagnostics.HasError() || plan.CertificateID.IsUnknown() {
		return
	}
	id := plan.CertificateID.ValueString()
	replacing := isReplacing(ctx, req.Private, id)
	cert, err := r.client.ShowCertificate(ctx, id)
	switch {
	case scm.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("certificate_id"), "Certificate not found",
			fmt.Sprintf("There is no certificate %s in this account. Check certificate_id against the SCM console; the certificate must be purchased first.", id))
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot check certificate "+id, explain(err))
		return
	}
	resp.Diagnostics.Append(checkCertificateTakes(ctx, cert, &plan, replacing)...)
}

// checkCertificateTakes reports every way the planned application does not fit cert.
// When the plan replaces this certificate's own application, its status is not
// checked: the old application is withdrawn before the new one is submitted.
func checkCertificateTakes(ctx context.Context, cert *scm.Certificate, plan *certificateApplicationModel, replacing bool) diag.Diagnostics {
	var diags diag.Diagnostics
	id := cert.ID
	if !replacing && cert.Status != scm.StatusPaid && !scm.Withdrawing(cert.Status) {
		diags.AddAttributeError(path.Root("certificate_id"), "Certificate "+id+" already has an application",
			fmt.Sprintf("Certificate %s is %s, not PAID: an application exists already and a second one cannot be submitted.\n\n%s",
				id, cert.Status, importHint(id)))
		return diags
	}

	if strings.HasPrefix(cert.Type, "OV_") || strings.HasPrefix(cert.Type, "EV_") {
		for _, field := range []struct {
			name  string
			value types.String
		}{
			{"company_name", plan.CompanyName}, {"company_province", plan.CompanyProvince},
			{"company_city", plan.CompanyCity}, {"country", plan.Country},
		} {
			if field.value.IsNull() {
				diags.AddAttributeError(path.Root(field.name), "Missing "+field.name,
					fmt.Sprintf("Certificate %s is an %s certificate, and organisation-validated certificates need the company's details. Set %s.",
						id, cert.Type, field.name))
			}
		}
	}

	geoTrustOV := cert.Brand == "GEOTRUST" && strings.HasPrefix(cert.Type, "OV_")
	if !plan.CAHashAlgorithm.IsNull() && !geoTrustOV {
		diags.AddAttributeError(path.Root("ca_hash_algorithm"), "ca_hash_algorithm not applicable",
			fmt.Sprintf("ca_hash_algorithm applies only to GeoTrust OV certificates, and certificate %s is a %s %s certificate. Remove ca_hash_algorithm.",
				id, cert.Brand, cert.Type))
	}

	if plan.Sans.IsUnknown() || plan.Domain.IsUnknown() {
		return diags
	}
	sans, d := sortedStrings(ctx, plan.Sans)
	diags.Append(d...)
	wildcard := strings.HasPrefix(plan.Domain.ValueString(), "*.")
	switch cert.DomainType {
	case "SINGLE_DOMAIN", "WILDCARD":
		if len(sans) > 0 {
			diags.AddAttributeError(path.Root("sans"), "Certificate takes no sans",
				fmt.Sprintf("Certificate %s is a %s certificate, which covers only its domain. Remove sans, or use a multi-domain certificate.", id, cert.DomainType))
		}
		if cert.DomainType == "WILDCARD" && !wildcard {
			diags.AddAttributeError(path.Root("domain"), "Wildcard certificate needs a wildcard domain",
				fmt.Sprintf("Certificate %s is a wildcard certificate; domain must start with \"*.\", such as *.example.com.", id))
		}
		if cert.DomainType == "SINGLE_DOMAIN" && wildcard {
			diags.AddAttributeError(path.Root("domain"), "Single-domain certificate takes no wildcard",
				fmt.Sprintf("Certificate %s is a single-domain certificate and cannot cover %s. Give one domain name, or use a wildcard certificate.",
					id, plan.Domain.ValueString()))
		}
	case "MULTI_DOMAIN":
		if total := 1 + len(sans); cert.DomainCount > 0 && int64(total) > cert.DomainCount {
			diags.AddAttributeError(path.Root("sans"), "Too many domains for the certificate",
				fmt.Sprintf("Certificate %s covers %d domains in all, and domain plus sans name %d. Remove %d from sans, or buy more domains for the certificate.",
					id, cert.DomainCount, total, int64(total)-cert.DomainCount))
		}
	}
	return diags
}
