package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

var (
	_ resource.ResourceWithConfigure      = &certificateApplicationResource{}
	_ resource.ResourceWithImportState    = &certificateApplicationResource{}
	_ resource.ResourceWithModifyPlan     = &certificateApplicationResource{}
	_ resource.ResourceWithValidateConfig = &certificateApplicationResource{}
)

// Default timeouts; users change them in the timeouts block.
const (
	defaultCreateTimeout = 30 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultDeleteTimeout = 30 * time.Minute
)

// maxSubmissions bounds how often Create submits when the service provably did not take
// an earlier submission (it is still PAID after an answer was lost).
const maxSubmissions = 3

type certificateApplicationResource struct {
	client *scm.Client
}

func newCertificateApplicationResource() resource.Resource {
	return &certificateApplicationResource{}
}

func (r *certificateApplicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_application"
}

func (r *certificateApplicationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *certificateApplicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx = withPrivacyMasks(ctx)
	var plan certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.Plan.Raw, req.Plan.Schema, &plan)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	application, diags := plan.applyRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := plan.CertificateID.ValueString()
	cert, err := r.submit(ctx, id, application)
	var unread *readBackError
	switch {
	case errors.As(err, &unread):
		resp.Diagnostics.AddWarning("Certificate "+id+": application submitted, details not read",
			fmt.Sprintf("The service accepted the application, but reading the certificate back failed (%v). The application is "+
				"kept in the state as submitted; the next refresh reads the rest, such as dns_validation_records.", unread.err))
	case err != nil:
		resp.Diagnostics.AddError("Cannot apply for certificate "+id, err.Error())
		return
	}
	tflog.Info(ctx, "Certificate application submitted", map[string]any{"certificate_id": id, "status": cert.Status})

	if plan.WaitForIssued.ValueBool() {
		issued, err := waitForStatus(ctx, r.client, id, scm.StatusIssued, func(s string) bool {
			return s == scm.StatusIssued || s == scm.StatusUnpassed
		})
		if issued != nil {
			cert = issued
		}
		switch {
		case err != nil:
			resp.Diagnostics.AddError("Certificate "+id+" was not issued in time", explain(err)+
				"\n\nThe application was submitted and stays under review; it is kept in the state (marked tainted).")
		case cert.Status == scm.StatusUnpassed:
			resp.Diagnostics.AddError("Certificate "+id+" was refused",
				"The certificate authority refused the application (status UNPASSED). Check the applicant data and the domain "+
					"validation in the SCM console, then replace the resource (terraform apply -replace) to apply again.")
		}
		// Even on error the application exists: it goes into the state so that it is never
		// submitted twice, and Terraform marks it tainted for the next apply to replace.
	}

	resp.Diagnostics.Append(plan.refresh(cert)...)
	resp.Diagnostics.Append(setApplication(ctx, &resp.State, &plan)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacingKey, nil)...)
}

// submit applies and returns the certificate as the service then holds it. When the
// answer to the application is lost it reads the certificate instead of guessing: an
// application for this domain under way means it was taken; a certificate still PAID
// means it was not, and it is submitted again.
func (r *certificateApplicationResource) submit(ctx context.Context, id string, application scm.ApplyRequest) (*scm.Certificate, error) {
	for submission := 1; ; submission++ {
		err := r.client.Apply(ctx, id, application)
		if err == nil {
			cert, showErr := r.client.ShowCertificate(ctx, id)
			if showErr != nil {
				return asSubmitted(id, application), &readBackError{err: showErr}
			}
			return cert, nil
		}
		if !scm.IsOutcomeUnknown(err) && !scm.HasCode(err, scm.CodeWrongStatus) {
			return nil, errors.New(explain(err))
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%v\n\nThe application may or may not have reached the service. Run terraform apply again: "+
				"if it was taken, the plan reports the existing application and how to import it; if not, it is submitted then", err)
		}

		cert, showErr := r.client.ShowCertificate(ctx, id)
		if showErr != nil {
			return nil, fmt.Errorf("%v; reading the certificate to learn whether the application was taken also failed: %s", err, explain(showErr))
		}
		switch {
		case scm.IsOutcomeUnknown(err) && cert.Status != scm.StatusPaid && sameDomains(cert, application):
			tflog.Warn(ctx, "The answer to the application was lost, but the service took it", map[string]any{"certificate_id": id, "status": cert.Status})
			return cert, nil
		case scm.Withdrawing(cert.Status):
			tflog.Info(ctx, "Waiting for an earlier withdrawal to finish before applying", map[string]any{"certificate_id": id})
			if _, err := waitForStatus(ctx, r.client, id, scm.StatusPaid, isPaid); err != nil {
				return nil, errors.New(explain(err))
			}
		case cert.Status == scm.StatusPaid && submission < maxSubmissions:
			tflog.Warn(ctx, "The application did not reach the service; submitting it again", map[string]any{"certificate_id": id})
		case cert.Status == scm.StatusPaid:
			return nil, errors.New(explain(err))
		default:
			return nil, fmt.Errorf("certificate %s already has an application (status %s), so a new one cannot be submitted.\n\n%s",
				id, cert.Status, importHint(id))
		}
	}
}

func isPaid(status string) bool { return status == scm.StatusPaid }

// readBackError says an application was accepted but the certificate could not be
// read afterwards.
type readBackError struct{ err error }

func (e *readBackError) Error() string { return "reading the certificate back: " + e.err.Error() }

// asSubmitted is the certificate as an accepted application leaves it, for the state
// when it cannot be read back: tracked, so that it is never submitted twice.
func asSubmitted(id string, application scm.ApplyRequest) *scm.Certificate {
	return &scm.Certificate{
		ID: id, Status: scm.StatusChecking, Domain: application.Domain, Sans: application.Sans,
		ValidationMethod: application.DomainMethod,
		ApplicationInfo: scm.ApplicationInfo{
			Country: application.Country, CompanyName: application.CompanyName, CompanyProvince: application.CompanyProvince,
			CompanyCity: application.CompanyCity, ApplicantName: application.ApplicantName, ApplicantPhone: application.ApplicantPhone,
			ApplicantEmail: application.ApplicantEmail, ContactName: application.ContactName, ContactPhone: application.ContactPhone,
			ContactEmail: application.ContactEmail,
		},
	}
}

// sameDomains reports whether the certificate holds an application for exactly the
// requested domains.
func sameDomains(cert *scm.Certificate, application scm.ApplyRequest) bool {
	if cert.Domain != application.Domain {
		return false
	}
	held := strings.Split(cert.Sans, ";")
	wanted := strings.Split(application.Sans, ";")
	if len(held) != len(wanted) {
		return false
	}
	set := map[string]bool{}
	for _, s := range held {
		set[s] = true
	}
	for _, s := range wanted {
		if !set[s] {
			return false
		}
	}
	return true
}

func (r *certificateApplicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = withPrivacyMasks(ctx)
	var state certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.State.Raw, req.State.Schema, &state)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.CertificateID.ValueString()
	cert, err := r.client.ShowCertificate(ctx, id)
	switch {
	case scm.IsNotFound(err):
		tflog.Warn(ctx, "Certificate not found; removing it from state", map[string]any{"certificate_id": id})
		resp.Diagnostics.AddWarning("Certificate "+id+" no longer exists",
			"The certificate was deleted outside Terraform, so its application is removed from the state. "+
				"If the configuration still declares it, the next apply fails at plan time until certificate_id names a purchased certificate.")
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot read certificate "+id, explain(err))
		return
	case cert.Status == scm.StatusPaid:
		tflog.Warn(ctx, "Certificate has no application; removing it from state", map[string]any{"certificate_id": id})
		resp.Diagnostics.AddWarning("The application for certificate "+id+" was withdrawn",
			"The certificate is PAID again: its application was withdrawn outside Terraform. It is removed from the state, "+
				"so the next apply submits the application again.")
		resp.State.RemoveResource(ctx)
		return
	case cert.Status == scm.StatusUnpassed:
		resp.Diagnostics.AddWarning("The application for certificate "+id+" was refused",
			"The certificate authority refused the application (status UNPASSED). Check the applicant data and the domain "+
				"validation in the SCM console, then replace the resource (terraform apply -replace) to apply again.")
	case !scm.IsKnownStatus(cert.Status):
		resp.Diagnostics.AddWarning("Certificate "+id+" has an unknown status",
			fmt.Sprintf("The service reports status %q, which this provider version does not know. It is kept in the state "+
				"as it is; a newer provider version may handle it.", cert.Status))
	}
	resp.Diagnostics.Append(state.refresh(cert)...)
	resp.Diagnostics.Append(setApplication(ctx, &resp.State, &state)...)
}

// Update only records inputs that do not reach the service: the ones adopted after an
// import, wait_for_issued and timeouts. Every other change forces replacement.
func (r *certificateApplicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.Plan.Raw, req.Plan.Schema, &plan)...)
	resp.Diagnostics.Append(getApplication(ctx, req.State.Raw, req.State.Schema, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.CSR, state.CompanyUnit, state.KeyAlgorithm = plan.CSR, plan.CompanyUnit, plan.KeyAlgorithm
	state.CAHashAlgorithm, state.AutoDNSAuth = plan.CAHashAlgorithm, plan.AutoDNSAuth
	state.WaitForIssued, state.Timeouts = plan.WaitForIssued, plan.Timeouts
	resp.Diagnostics.Append(setApplication(ctx, &resp.State, &state)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, adoptingKey, nil)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacingKey, nil)...)
}

func (r *certificateApplicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx = withPrivacyMasks(ctx)
	var state certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.State.Raw, req.State.Schema, &state)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.CertificateID.ValueString()
	err := r.client.Withdraw(ctx, id)
	switch {
	case scm.IsNotFound(err):
		return
	case scm.HasCode(err, scm.CodeWrongStatus):
		cert, showErr := r.client.ShowCertificate(ctx, id)
		switch {
		case scm.IsNotFound(showErr):
			return
		case showErr != nil:
			resp.Diagnostics.AddError("Cannot withdraw the application for certificate "+id, explain(showErr))
			return
		case cert.Status == scm.StatusPaid:
			return
		case !scm.Withdrawing(cert.Status):
			resp.Diagnostics.AddWarning("Certificate "+id+" remains in the account",
				fmt.Sprintf("The certificate is %s, and only an application under review can be withdrawn. It is removed from "+
					"the Terraform state, but the certificate itself stays in the account; revoke or delete it in the SCM console "+
					"if it is no longer needed.", cert.Status))
			return
		}
	case err != nil:
		resp.Diagnostics.AddError("Cannot withdraw the application for certificate "+id, explain(err))
		return
	}

	tflog.Info(ctx, "Application withdrawn; waiting for the certificate to be PAID again", map[string]any{"certificate_id": id})
	if _, err := waitForStatus(ctx, r.client, id, scm.StatusPaid, isPaid); err != nil {
		resp.Diagnostics.AddError("The withdrawal of certificate "+id+" has not finished", explain(err)+
			"\n\nThe withdrawal was requested and the service finishes it on its own. Run terraform destroy again later, "+
			"or raise timeouts.delete to wait longer.")
	}
}

func (r *certificateApplicationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := validate.CertificateID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import id", "The import id must be the certificate id: "+err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("certificate_id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	// An application that exists was necessarily submitted with the agreement; the
	// defaults of the inputs that the service never returns are assumed until the first
	// apply adopts the configured values.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("agree_privacy_protection"), true)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("auto_dns_auth"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_issued"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sans"), types.SetNull(stringType))...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, adoptingKey, adoptingMark)...)
}

func (r *certificateApplicationResource) configured(diags *diag.Diagnostics) bool {
	return configured(r.client, diags)
}
