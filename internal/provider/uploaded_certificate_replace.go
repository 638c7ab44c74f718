package provider

import (
	"context"
	"crypto/x509"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// replaceForOtherCertificates replaces an upload when certificate or certificate_chain
// names other certificates, not when the same ones are only written otherwise: an import
// reads the leaf and its chain apart, as the service keeps them, while a configuration
// may hold them together (a fullchain.pem) or with other line breaks. That change is
// stored in place, and nothing is uploaded.
var replaceForOtherCertificates = stringplanmodifier.RequiresReplaceIf(
	func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		var plan, state uploadedCertificateModel
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		resp.RequiresReplace = !sameCertificates(plan, state)
	},
	"Replaced when the certificates change; the same certificates written otherwise are stored in place.",
	"Replaced when the certificates change; the same certificates written otherwise are stored in place.",
)

// replaces reports whether m, planned over state, uploads a new certificate.
func (m uploadedCertificateModel) replaces(state uploadedCertificateModel) bool {
	return !m.Name.Equal(state.Name) || !m.EnterpriseProjectID.Equal(state.EnterpriseProjectID) || !sameCertificates(m, state)
}

// sameCertificates reports whether a and b hold the same certificates in the same order,
// leaf first, however they are split between certificate and certificate_chain.
func sameCertificates(a, b uploadedCertificateModel) bool {
	switch {
	case a.Certificate.Equal(b.Certificate) && a.CertificateChain.Equal(b.CertificateChain):
		return true
	case a.Certificate.IsUnknown() || a.CertificateChain.IsUnknown() || b.Certificate.IsUnknown() || b.CertificateChain.IsUnknown():
		return false
	}
	certsA, errA := validate.Certificates(a.Certificate.ValueString() + "\n" + a.CertificateChain.ValueString())
	certsB, errB := validate.Certificates(b.Certificate.ValueString() + "\n" + b.CertificateChain.ValueString())
	return errA == nil && errB == nil && slices.EqualFunc(certsA, certsB, (*x509.Certificate).Equal)
}
