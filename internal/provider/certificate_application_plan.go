package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// ValidateConfig checks what involves several attributes and needs no network: the
// sans against the domain, the validation method against an IP address, and the CSR
// against all the domains.
func (r *certificateApplicationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.Config.Raw, req.Config.Schema, &config)...)
	domain, csrText := config.Domain, config.CSR
	if resp.Diagnostics.HasError() || domain.IsUnknown() {
		return
	}
	if validate.IsIP(domain.ValueString()) && !config.DomainMethod.IsNull() && !config.DomainMethod.IsUnknown() &&
		config.DomainMethod.ValueString() != "FILE" {
		resp.Diagnostics.AddAttributeError(path.Root("domain_method"), "Invalid domain_method",
			fmt.Sprintf("domain is an IP address, whose ownership only FILE validation can prove, and domain_method is %s. "+
				"Set domain_method = \"FILE\", or leave it out: for an IP address it defaults to FILE.", config.DomainMethod.ValueString()))
	}
	if !config.CSR.IsNull() && !config.KeyAlgorithm.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("key_algorithm"), "key_algorithm does not apply with a csr",
			"key_algorithm chooses the key pair the service generates, and with a csr there is none: the certificate takes "+
				"the key of the CSR. Remove key_algorithm (the CSR's key decides), or remove csr to let the service generate "+
				"the key pair.")
	}
	if hasUnknown(config.Sans) || containsNull(config.Sans) {
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

// containsNull reports whether a set holds a null element, which its validator
// reports; the checks above then wait for a valid set.
func containsNull(set types.Set) bool {
	for _, v := range set.Elements() {
		if v.IsNull() {
			return true
		}
	}
	return false
}

// ModifyPlan looks at the certificate when an application is about to be created, and
// at the kind of change when one is about to be replaced.
//
// Terraform plans a create not only for a new resource but for a tainted one, for
// -replace and replace_triggered_by, for a change that forces replacement, under
// create_before_destroy, and for a resource missing from the state; and terraform
// destroy first runs such a plan of the whole configuration. A plan-time error would
// block all of them, so errors are kept for what is wrong for this certificate in every
// workflow (its type, its domain and wildcard quotas); whatever depends on its current
// status is a warning here and checked again by Create right before it submits. The one
// exception is an update of an application the state shows settled (planChange): it can
// never succeed, and applying it would first change what it depends on.
func (r *certificateApplicationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	switch {
	case req.Plan.Raw.IsNull():
		resp.Diagnostics.Append(forgetPlannedApplication(ctx, resp.Private)...) // a destroy, not a replacement
	case !req.State.Raw.IsNull():
		r.planChange(ctx, req, resp)
	default:
		r.planCreate(ctx, req, resp)
	}
}

// planChange marks the private data of every update plan, since Terraform may turn it
// into a replacement (-replace, replace_triggered_by), and decides which changes replace
// the application.
func (r *certificateApplicationResource) planChange(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("certificate_id"), &id)...)
	resp.Diagnostics.Append(markReplacing(ctx, resp.Private, id.ValueString())...)
	resp.Diagnostics.Append(forgetPlannedApplication(ctx, resp.Private)...)
	if req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	var plan, state certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.Plan.Raw, req.Plan.Schema, &plan)...)
	resp.Diagnostics.Append(getApplication(ctx, req.State.Raw, req.State.Schema, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	changed := replacingChanges(&plan, &state, isAdopting(ctx, req.Private))
	switch {
	case len(changed) == 0:
		return
	case changed.Contains(path.Root("certificate_id")):
		resp.RequiresReplace = changed
		r.planMove(ctx, &plan, &state, resp)
	case scm.Allows(state.Status.ValueString()).Settled:
		// A settled application can be neither withdrawn nor applied for again, so the
		// change cannot succeed. It fails here, not in Update: an apply would first
		// change what the application depends on, such as the tls_private_key whose CSR
		// it took, the only key that matches the issued certificate. The price: the
		// pre-destroy refresh of terraform destroy is a normal plan, which this blocks
		// too (no CLI tells a provider which plan it is), so the text says how to destroy.
		resp.Diagnostics.AddError(settledSummary(id.ValueString(), state.Status.ValueString()),
			settledDetail(changed, state.Status.ValueString())+"\n\nThis plan stops here, before anything changes: a key "+
				"that the csr was made from (tls_private_key) and that matches the issued certificate is kept. To destroy "+
				"this resource with the change still in the configuration, run terraform destroy -refresh=false, or set the "+
				"configuration back first; terraform apply -refresh-only works as it is.")
	default:
		resp.RequiresReplace = changed
		resp.Diagnostics.AddWarning("The application for certificate "+id.ValueString()+" will be replaced",
			fmt.Sprintf("You changed %s, which the service cannot change in an application. %s", attributeList(changed), replacementNotice(id.ValueString())))
	}
}

func settledSummary(id, status string) string {
	return fmt.Sprintf("Certificate %s is %s: its application can no longer change", id, status)
}

func settledDetail(changed path.Paths, status string) string {
	return fmt.Sprintf("You changed %s. The certificate was applied for and is %s, so its application can be neither "+
		"withdrawn nor submitted again, and the service keeps the details it was issued with. Set the configuration back to "+
		"what the state holds; to get a certificate with the new details, buy a new one and set certificate_id to it (that "+
		"replaces this resource, and this certificate stays in the account).", attributeList(changed), status)
}

// planMove checks, for a certificate_id changed from one certificate to another, the
// certificate the replacement will apply for, as planCreate does for a new application.
// Terraform shows no warning of the create half of a replacement, so the warnings must
// come from here; errors it keeps from either half.
func (r *certificateApplicationResource) planMove(ctx context.Context, plan, state *certificateApplicationModel, resp *resource.ModifyPlanResponse) {
	if r.data == nil || plan.CertificateID.IsUnknown() {
		return
	}
	from, to := state.CertificateID.ValueString(), plan.CertificateID.ValueString()
	keeps := fmt.Sprintf(" The apply checks it again before it withdraws anything: if %s cannot take the application then, the "+
		"apply fails and the application for %s stays as it is.", to, from)
	cert := r.readForPlan(ctx, to, keeps, &resp.Diagnostics)
	if cert == nil {
		return
	}
	warning := statusWarning(cert)
	if warning == "" {
		warning = fmt.Sprintf("The pending application for certificate %s is withdrawn first (a settled one stays in the account), "+
			"then certificate %s is applied for.", from, to)
	} else {
		warning += keeps
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("certificate_id"), "The application moves from certificate "+from+" to "+to, warning)
	resp.Diagnostics.Append(checkCertificateTakes(ctx, cert, plan)...)
}

// replacingChanges lists the inputs whose change replaces the application: all of those
// the service holds, except for values that mean the same (a masked answer agreeing
// with the configured value, an empty sans for none), and except, while the import
// adoption window is open, the inputs the service never returns. wait_for_issued and
// timeouts never replace.
func replacingChanges(plan, state *certificateApplicationModel, adopting bool) path.Paths {
	var changed path.Paths
	add := func(name string, differs bool) {
		if differs {
			changed = append(changed, path.Root(name))
		}
	}
	add("certificate_id", !plan.CertificateID.Equal(state.CertificateID))
	add("domain", !plan.Domain.Equal(state.Domain))
	add("sans", !plan.Sans.Equal(state.Sans) && (len(plan.Sans.Elements()) > 0 || plan.Sans.IsUnknown() || len(state.Sans.Elements()) > 0))
	add("agree_privacy_protection", !plan.AgreePrivacyProtection.Equal(state.AgreePrivacyProtection))
	add("domain_method", !plan.DomainMethod.Equal(state.DomainMethod))
	for name, values := range map[string][2]types.String{
		"applicant_name": {plan.ApplicantName, state.ApplicantName}, "company_name": {plan.CompanyName, state.CompanyName},
		"company_province": {plan.CompanyProvince, state.CompanyProvince}, "company_city": {plan.CompanyCity, state.CompanyCity},
		"country": {plan.Country, state.Country}, "contact_name": {plan.ContactName, state.ContactName},
	} {
		add(name, !values[0].Equal(values[1]))
	}
	for name, values := range map[string][2]types.String{
		"applicant_phone": {plan.ApplicantPhone, state.ApplicantPhone}, "applicant_email": {plan.ApplicantEmail, state.ApplicantEmail},
		"contact_phone": {plan.ContactPhone, state.ContactPhone}, "contact_email": {plan.ContactEmail, state.ContactEmail},
	} {
		planned, held := values[0], values[1].ValueString()
		agrees := isMasked(held) && !planned.IsNull() && !planned.IsUnknown() && maskedAgrees(held, planned.ValueString())
		add(name, !planned.Equal(values[1]) && !agrees)
	}
	if !adopting {
		for name, values := range map[string][2]types.String{
			"csr": {plan.CSR, state.CSR}, "company_unit": {plan.CompanyUnit, state.CompanyUnit},
			"key_algorithm": {plan.KeyAlgorithm, state.KeyAlgorithm}, "ca_hash_algorithm": {plan.CAHashAlgorithm, state.CAHashAlgorithm},
		} {
			add(name, !values[0].Equal(values[1]))
		}
		add("auto_dns_auth", !plan.AutoDNSAuth.Equal(state.AutoDNSAuth))
	}
	slices.SortFunc(changed, func(a, b path.Path) int { return strings.Compare(a.String(), b.String()) })
	return changed
}

// attributeList names attributes for a message: a, b and c.
func attributeList(paths path.Paths) string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = p.String()
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func replacementNotice(id string) string {
	return fmt.Sprintf("Replacing withdraws the pending application for certificate %s, waits until the certificate is PAID "+
		"again, and then submits the new one. A certificate holds one application at a time, so a replacement cannot create "+
		"the new application first: if this resource sets lifecycle { create_before_destroy = true }, remove it, or the "+
		"apply fails.", id)
}

// planCheckTimeout bounds the plan-time read of a certificate, which Terraform gives no
// timeout: a plan does not wait long for an API quota's next window for a check that only
// warns, and that create makes again.
const planCheckTimeout = 2 * time.Minute

// planCreate reads the certificate once for an application about to be created, and
// names it in the plan's private data for the delete half of a replacement.
func (r *certificateApplicationResource) planCreate(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var plan certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.Plan.Raw, req.Plan.Schema, &plan)...)
	if resp.Diagnostics.HasError() || plan.CertificateID.IsUnknown() {
		return
	}
	id := plan.CertificateID.ValueString()
	resp.Diagnostics.Append(planApplication(ctx, resp.Private, id)...)
	if r.data == nil {
		return // the provider's configuration is not known yet
	}
	// Terraform shows no warning of the create half of a replacement (it would repeat
	// the update half's), but this one says whose application the certificate holds.
	replacing := isReplacing(ctx, req.Private, id)
	cert := r.readForPlan(ctx, id, " The apply checks again before it submits anything.", &resp.Diagnostics)
	if cert == nil {
		return
	}
	if !replacing {
		if warning := statusWarning(cert); warning != "" {
			resp.Diagnostics.AddAttributeWarning(path.Root("certificate_id"), "Certificate "+id+" is "+cert.Status, warning)
		}
	}
	resp.Diagnostics.Append(checkCertificateTakes(ctx, cert, &plan)...)
}

// readForPlan reads the certificate a plan is about to apply for, within
// planCheckTimeout; nil when it cannot, with a warning that ends with after, or an error
// when no call of this provider configuration can succeed.
func (r *certificateApplicationResource) readForPlan(ctx context.Context, id, after string, diags *diag.Diagnostics) *scm.Certificate {
	ctx, cancel := context.WithTimeout(withPrivacyMasks(ctx), planCheckTimeout)
	defer cancel()
	cert, err := r.data.client.ShowCertificate(ctx, id)
	switch {
	case scm.IsNotFound(err):
		diags.AddAttributeWarning(path.Root("certificate_id"), "Certificate "+id+" not found",
			fmt.Sprintf("There is no certificate %s in this account, so applying for it will fail. Check certificate_id against "+
				"the SCM console: the certificate must be purchased first.", id)+after)
	case err != nil && failsInEveryWorkflow(err):
		diags.AddError("Cannot check certificate "+id+" before applying", explain(err))
	case err != nil:
		diags.AddWarning("Cannot check certificate "+id+" before applying",
			"Reading the certificate to check the application failed."+after+"\n\n"+explain(err))
	default:
		return cert
	}
	return nil
}

// statusWarning says, for a certificate about to be applied for, what its status means
// for the apply; "" when it can be applied for.
func statusWarning(cert *scm.Certificate) string {
	id, status := cert.ID, cert.Status
	allowed := scm.Allows(status)
	switch {
	case allowed.Apply:
		return ""
	case allowed.Withdrawing:
		return fmt.Sprintf("An earlier application for certificate %s is being withdrawn; the apply waits until the certificate "+
			"is PAID again, within the create timeout, and then submits.", id)
	case allowed.Settled && noLongerValid(status):
		return noLongerValidNotice(id, status)
	case allowed.Settled:
		return fmt.Sprintf("Certificate %s is %s, and a certificate that was issued cannot be applied for again: creating "+
			"this resource will fail. If it held the certificate under another address (count changed to for_each, a "+
			"renamed resource or module), tell Terraform it moved:\n\n%s\n\nOtherwise, to manage the certificate with "+
			"Terraform, %s\n\nFor a new certificate, buy one and set certificate_id to it.", id, status, movedHint, importHint(id))
	}
	return fmt.Sprintf("Certificate %s already has an application (status %s). Most often a resource's address changed "+
		"(count changed to for_each, a renamed resource or module): Terraform then plans to destroy the old address, "+
		"which withdraws the application and restarts the certificate authority's review, and to create this one. Tell "+
		"Terraform it moved instead, and the review goes on untouched:\n\n%s\n\nIf the application is not this "+
		"configuration's (another workspace names the same certificate: remove the duplicate; it was submitted in the "+
		"console, or dropped from the state with terraform state rm), the apply fails: %s", id, status, movedHint, importHint(id))
}

// noLongerValid reports whether a certificate in status is of no use any more: there is
// nothing to manage, only a new certificate to buy.
func noLongerValid(status string) bool {
	return status == scm.StatusExpired || status == scm.StatusRevoking || status == scm.StatusRevoked
}

func noLongerValidNotice(id, status string) string {
	return fmt.Sprintf("Buy a new certificate and set certificate_id to it: certificate %s is %s, no longer valid, and "+
		"cannot be applied for again, so creating this resource will fail.", id, status)
}

// movedHint is the moved block for a resource whose address changed. The provider knows
// neither address; Terraform prints the new one with every diagnostic.
const movedHint = "  moved {\n    from = OLD_ADDRESS  # such as scm_certificate_application.this[0]\n" +
	"    to   = ADDRESS      # this resource: Terraform shows it above, after \"with\"\n  }"

// companyFieldsOnDV warns of company details given for a domain-validated certificate:
// the API reference documents them for OV and EV certificates only ("mandatory for
// certificates of the OV and EV types"), and says nothing of what the service does with
// them otherwise (docs/api-notes.md). They are still sent: the service decides.
func companyFieldsOnDV(cert *scm.Certificate, plan *certificateApplicationModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, field := range []struct {
		name  string
		value types.String
	}{
		{"company_name", plan.CompanyName}, {"company_unit", plan.CompanyUnit},
		{"company_province", plan.CompanyProvince}, {"company_city", plan.CompanyCity},
	} {
		if name := field.name; !field.value.IsNull() {
			diags.AddAttributeWarning(path.Root(name), name+" does not apply to a DV certificate",
				fmt.Sprintf("Certificate %s is a %s certificate, which proves only the domain; the API reference documents "+
					"%s for OV and EV certificates only. It is sent as given, but no document says the service uses it: "+
					"remove it, unless your certificate authority asked for it.", cert.ID, cert.Type, name))
		}
	}
	return diags
}

// checkCertificateTakes reports every way the planned application cannot fit cert,
// whatever its status: these are errors in every workflow.
func checkCertificateTakes(ctx context.Context, cert *scm.Certificate, plan *certificateApplicationModel) diag.Diagnostics {
	var diags diag.Diagnostics
	id := cert.ID

	if strings.HasPrefix(cert.Type, "DV_") {
		diags.Append(companyFieldsOnDV(cert, plan)...)
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

	if hasUnknown(plan.Sans) || plan.Domain.IsUnknown() {
		return diags
	}
	sans, d := sortedStrings(ctx, plan.Sans)
	diags.Append(d...)
	domain := plan.Domain.ValueString()
	wildcards := 0
	for _, name := range append([]string{domain}, sans...) {
		if strings.HasPrefix(name, "*.") {
			wildcards++
		}
	}
	switch cert.DomainType {
	case "SINGLE_DOMAIN", "WILDCARD":
		if len(sans) > 0 {
			diags.AddAttributeError(path.Root("sans"), "Certificate takes no sans",
				fmt.Sprintf("Certificate %s is a %s certificate, which covers only its domain. Remove sans, or use a multi-domain certificate.", id, cert.DomainType))
		}
		if cert.DomainType == "WILDCARD" && wildcards == 0 {
			diags.AddAttributeError(path.Root("domain"), "Wildcard certificate needs a wildcard domain",
				fmt.Sprintf("Certificate %s is a wildcard certificate; domain must start with \"*.\", such as *.example.com.", id))
		}
		if cert.DomainType == "SINGLE_DOMAIN" && wildcards > 0 {
			diags.AddAttributeError(path.Root("domain"), "Single-domain certificate takes no wildcard",
				fmt.Sprintf("Certificate %s is a single-domain certificate and cannot cover %s. Give one domain name, or use a wildcard certificate.",
					id, validate.Excerpt(domain)))
		}
	case "MULTI_DOMAIN":
		if total := 1 + len(sans); cert.DomainCount > 0 && int64(total) > cert.DomainCount {
			diags.AddAttributeError(path.Root("sans"), "Too many domains for the certificate",
				fmt.Sprintf("Certificate %s covers %d domains in all, and domain plus sans name %d. Remove %d from sans, or buy more domains for the certificate.",
					id, cert.DomainCount, total, int64(total)-cert.DomainCount))
		}
		if int64(wildcards) > cert.WildcardCount {
			diags.AddAttributeError(path.Root("sans"), "Too many wildcard domains for the certificate",
				fmt.Sprintf("Certificate %s covers %d wildcard domains, and domain and sans name %d (names starting with \"*.\"). "+
					"Replace %d of them by plain domain names, or use a certificate with more wildcard domains.",
					id, cert.WildcardCount, wildcards, int64(wildcards)-cert.WildcardCount))
		}
	}
	return diags
}
