package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

var (
	_ resource.ResourceWithConfigure      = &certificateApplicationResource{}
	_ resource.ResourceWithImportState    = &certificateApplicationResource{}
	_ resource.ResourceWithModifyPlan     = &certificateApplicationResource{}
	_ resource.ResourceWithValidateConfig = &certificateApplicationResource{}
	_ resource.ResourceWithIdentity       = &certificateApplicationResource{}
)

// Default timeouts; users change them in the timeouts attribute.
const (
	defaultCreateTimeout = 30 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultDeleteTimeout = 30 * time.Minute
)

type certificateApplicationResource struct {
	data *providerData
}

func newCertificateApplicationResource() resource.Resource {
	return &certificateApplicationResource{}
}

func (r *certificateApplicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_application"
}

func (r *certificateApplicationResource) IdentitySchema(ctx context.Context, req resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	certificateIdentitySchema(ctx, req, resp)
}

func (r *certificateApplicationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

// begin starts Create, Read or Delete: it reads the model they act on from raw, checks
// that the provider is configured, and returns a context with the privacy masks and the
// operation's timeout (of the timeouts attribute, one of Create, Read or Delete). The
// model is nil when the operation cannot start; diags then says why.
func (r *certificateApplicationResource) begin(ctx context.Context, raw tftypes.Value, schema schemaTyped, diags *diag.Diagnostics,
	timeout func(timeouts.Value, context.Context, time.Duration) (time.Duration, diag.Diagnostics), byDefault time.Duration,
) (context.Context, context.CancelFunc, *certificateApplicationModel) {
	var model certificateApplicationModel
	diags.Append(getApplication(ctx, raw, schema, &model)...)
	if diags.HasError() || !configured(r.data, diags) {
		return ctx, func() {}, nil
	}
	limit, timeoutDiags := timeout(model.Timeouts, ctx, byDefault)
	diags.Append(timeoutDiags...)
	if diags.HasError() {
		return ctx, func() {}, nil
	}
	ctx, cancel := context.WithTimeout(withPrivacyMasks(ctx), limit)
	return ctx, cancel, &model
}

func (r *certificateApplicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	ctx, cancel, plan := r.begin(ctx, req.Plan.Raw, req.Plan.Schema, &resp.Diagnostics, timeouts.Value.Create, defaultCreateTimeout)
	defer cancel()
	if plan == nil {
		return
	}
	application, diags := plan.applyRequest(ctx)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(forgetPlannedApplication(ctx, resp.Private)...)
	if resp.Diagnostics.HasError() {
		return
	}

	id := plan.CertificateID.ValueString()
	cert, err := r.submit(ctx, id, application)
	var unread *readBackError
	switch {
	case errors.As(err, &unread):
		resp.Diagnostics.AddWarning("Certificate "+id+": application submitted, details not read",
			fmt.Sprintf("The service accepted the application, but reading the certificate back failed (%v). The application is "+
				"kept in the state as submitted; the next refresh reads the rest, such as the dns_validation_records.", unread.err))
	case err != nil:
		resp.Diagnostics.AddError("Cannot apply for certificate "+id, err.Error())
		return
	default:
		tflog.Info(ctx, "Certificate application submitted", map[string]any{"certificate_id": id, "status": cert.Status})
		cert = r.awaitRecords(ctx, plan, cert, &resp.Diagnostics)
		if plan.WaitForIssued.ValueBool() {
			cert = r.awaitIssued(ctx, id, cert, &resp.Diagnostics)
		}
	}
	resp.Diagnostics.Append(plan.takeComputed(cert)...)
	resp.Diagnostics.Append(setApplication(ctx, &resp.State, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.CertificateID)...)
}

// awaitRecords waits until the service reports a DNS validation record for every
// planned domain, so that the apply ends with every record that configurations publish;
// for pacing.recordsWait at most, since they normally come with the acceptance.
func (r *certificateApplicationResource) awaitRecords(ctx context.Context, plan *certificateApplicationModel, cert *scm.Certificate, diags diagnostics) *scm.Certificate {
	domains := plan.domains()
	if plan.DomainMethod.ValueString() != "DNS" || len(missingRecords(domains, cert.Authentication)) == 0 {
		return cert
	}
	waitCtx, cancel := context.WithTimeout(ctx, r.data.pacing.recordsWait)
	defer cancel()
	complete, err := waitFor(waitCtx, r.data.client, r.data.pacing, cert.ID, "reported with every validation record", func(c *scm.Certificate) bool {
		return len(missingRecords(domains, c.Authentication)) == 0
	})
	if err != nil {
		if complete != nil {
			cert = complete
		}
		diags.AddWarning("Certificate "+cert.ID+": validation records not all reported",
			fmt.Sprintf("The application was accepted, but the service has not reported a DNS validation record for %s yet (%v). "+
				"Those records are empty in the state, and DNS records made from them in this apply are empty too. The application "+
				"stays under review; run terraform apply again later: its refresh fills the records in, and the apply publishes them.",
				strings.Join(missingRecords(domains, cert.Authentication), ", "), err))
		return cert
	}
	return complete
}

// awaitIssued waits for the review to end, for wait_for_issued. A wait that ends first
// (the create timeout, an interrupt) is a warning: an error would taint the application,
// and the next apply would withdraw it and start the review again.
func (r *certificateApplicationResource) awaitIssued(ctx context.Context, id string, cert *scm.Certificate, diags diagnostics) *scm.Certificate {
	issued, err := waitFor(ctx, r.data.client, r.data.pacing, id, scm.StatusIssued, func(c *scm.Certificate) bool {
		return c.Status == scm.StatusIssued || c.Status == scm.StatusUnpassed
	})
	if issued != nil {
		cert = issued
	}
	switch {
	case err != nil:
		diags.AddWarning("Certificate "+id+" is not issued yet",
			fmt.Sprintf("wait_for_issued stopped waiting: %s.\n\nThe application was submitted and stays under review (status %s in "+
				"the state); nothing is withdrawn or submitted again, and the next apply leaves it alone. Follow the review with "+
				"terraform apply -refresh-only or with scm_certificate_validation, which waits and fails without touching the "+
				"application. To make this apply fail instead, add a postcondition on status (see the resource's documentation).",
				whyStopped(err), cert.Status))
	case cert.Status == scm.StatusUnpassed:
		diags.AddError("Certificate "+id+" was refused", refusedNotice(id))
	}
	return cert
}

// whyStopped says why a wait ended before its goal.
func whyStopped(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeouts.create ran out (" + err.Error() + ")"
	case errors.Is(err, context.Canceled):
		return "the apply was interrupted (" + err.Error() + ")"
	}
	return explain(err)
}

func refusedNotice(id string) string {
	return fmt.Sprintf("The certificate authority refused the application for certificate %s (status UNPASSED). Check the "+
		"applicant details and the domain validation in the SCM console, correct the configuration, and apply again: "+
		"changing an input replaces the application, and terraform apply -replace applies again unchanged. A refused "+
		"certificate can be applied for again.", id)
}

// submit applies and returns the certificate as the service then holds it. When the
// answer to the application is lost it reads the certificate instead of guessing: an
// application for these domains under way means it was taken; a certificate still
// waiting for one means it was not, and it is submitted again, with the client's backoff
// and within its retry budget.
func (r *certificateApplicationResource) submit(ctx context.Context, id string, application scm.ApplyRequest) (*scm.Certificate, error) {
	client := r.data.client
	for submission := 1; ; submission++ {
		err := client.Apply(ctx, id, application)
		if err == nil {
			cert, showErr := client.ShowCertificate(ctx, id)
			if showErr != nil {
				return asSubmitted(id, application), &readBackError{err: showErr}
			}
			return cert, nil
		}
		if scm.IsNotFound(err) {
			return nil, fmt.Errorf("there is no certificate %s in this account. Check certificate_id against the SCM "+
				"console: the certificate must be purchased first", id)
		}
		if !scm.IsOutcomeUnknown(err) && !scm.HasCode(err, scm.CodeWrongStatus) {
			return nil, errors.New(explain(err))
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%v\n\nThe application may or may not have reached the service. Run terraform apply again: "+
				"if it was taken, the apply reports the existing application and how to import it; if not, it is submitted then", err)
		}

		cert, showErr := client.ShowCertificate(ctx, id)
		if showErr != nil {
			return nil, fmt.Errorf("%v; reading the certificate to learn whether the application was taken also failed: %s", err, explain(showErr))
		}
		allowed := scm.Allows(cert.Status)
		waiting := allowed.Apply
		switch {
		case scm.IsOutcomeUnknown(err) && !waiting && sameDomains(cert, application):
			tflog.Warn(ctx, "The answer to the application was lost, but the service took it", map[string]any{"certificate_id": id, "status": cert.Status})
			return cert, nil
		case allowed.Withdrawing:
			tflog.Info(ctx, "Waiting for an earlier withdrawal to finish before applying", map[string]any{"certificate_id": id})
			if _, err := waitFor(ctx, client, r.data.pacing, id, scm.StatusPaid, isPaid); err != nil {
				return nil, errors.New(explain(err))
			}
		case waiting:
			if pauseErr := client.Pause(ctx, submission); pauseErr != nil {
				return nil, fmt.Errorf("%s\n\nThe certificate is still %s, so the service did not take the application; it was "+
					"submitted %d times. Try again later", explain(err), cert.Status, submission)
			}
			tflog.Warn(ctx, "The application did not reach the service; submitting it again", map[string]any{"certificate_id": id})
		default:
			return nil, alreadyAppliedError(cert)
		}
	}
}

// alreadyAppliedError says why a certificate cannot take this application, listing
// every way that can happen, since the provider cannot tell them apart.
func alreadyAppliedError(cert *scm.Certificate) error {
	id, status := cert.ID, cert.Status
	if noLongerValid(status) {
		return errors.New(noLongerValidNotice(id, status))
	}
	if scm.Allows(status).Settled {
		return fmt.Errorf("certificate %s is %s: it was applied for and issued, and cannot be applied for again. To manage it "+
			"with Terraform, %s\n\nFor a new certificate, buy one and set certificate_id to it", id, status, importHint(id))
	}
	return fmt.Errorf("certificate %s already has an application (status %s), so a new one cannot be submitted. "+
		"A certificate holds one application at a time. This happens when:\n\n"+
		"- this resource is being replaced with lifecycle { create_before_destroy = true }: the new application cannot come "+
		"before the old one is withdrawn; remove create_before_destroy;\n"+
		"- another resource of this configuration, or of another workspace, names the same certificate: remove the duplicate;\n"+
		"- the application was submitted in the SCM console, or dropped from the state with terraform state rm: %s", id, status, importHint(id))
}

// readBackError says an application was accepted but the certificate could not be
// read afterwards.
type readBackError struct{ err error }

func (e *readBackError) Error() string { return "reading the certificate back: " + e.err.Error() }

// asSubmitted is the certificate as an accepted application leaves it, for the state
// when it cannot be read back: tracked, so that it is never submitted twice.
func asSubmitted(id string, application scm.ApplyRequest) *scm.Certificate {
	return &scm.Certificate{ID: id, Status: scm.StatusChecking, ValidationMethod: application.DomainMethod}
}

// sameDomains reports whether the certificate holds an application for exactly the
// requested domains.
func sameDomains(cert *scm.Certificate, application scm.ApplyRequest) bool {
	split := func(joined string) []string {
		names := strings.FieldsFunc(joined, func(r rune) bool { return r == ';' })
		slices.Sort(names)
		return names
	}
	return cert.Domain == application.Domain && slices.Equal(split(cert.Sans), split(application.Sans))
}

func (r *certificateApplicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	ctx, cancel, state := r.begin(ctx, req.State.Raw, req.State.Schema, &resp.Diagnostics, timeouts.Value.Read, defaultReadTimeout)
	defer cancel()
	if state == nil {
		return
	}
	// The identity first: the framework wants one after every Read that does not fail, also
	// one that removes the resource, and a state saved before identity existed has none.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.CertificateID)...)
	id := state.CertificateID.ValueString()
	importing := justImported(ctx, req.Private)
	cert, err := r.data.client.ShowCertificate(ctx, id)
	switch {
	case scm.IsNotFound(err) && importing:
		resp.Diagnostics.AddError("Cannot import certificate "+id,
			fmt.Sprintf("There is no certificate %s in this account. Check the import id against the SCM console.", id))
		return
	case scm.IsNotFound(err):
		tflog.Warn(ctx, "Certificate not found; removing it from the state", map[string]any{"certificate_id": id})
		resp.Diagnostics.AddWarning("Certificate "+id+" no longer exists",
			"The service says the certificate does not exist: it was deleted outside Terraform, so its application is "+
				"removed from the state. If the configuration still declares it, the next apply fails until certificate_id "+
				"names a purchased certificate.")
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot read certificate "+id, explain(err))
		return
	case cert.Status == scm.StatusPaid && importing:
		resp.Diagnostics.AddError("Certificate "+id+" has no application to import",
			fmt.Sprintf("Certificate %s is PAID: it was purchased but never applied for, so there is no application to import. "+
				"Remove the import block (or do not run terraform import) and let terraform apply create the application.", id))
		return
	case cert.Status == scm.StatusPaid:
		tflog.Warn(ctx, "Certificate has no application; removing it from the state", map[string]any{"certificate_id": id})
		resp.Diagnostics.AddWarning("The application for certificate "+id+" was withdrawn",
			"The certificate is PAID again: its application was withdrawn outside Terraform. It is removed from the state, "+
				"so the next apply submits the application again.")
		resp.State.RemoveResource(ctx)
		return
	case cert.Status == scm.StatusUnpassed:
		resp.Diagnostics.AddWarning("The application for certificate "+id+" was refused", refusedNotice(id))
	case !scm.Allows(cert.Status).Known:
		resp.Diagnostics.AddWarning("Certificate "+id+" has an unknown status",
			fmt.Sprintf("The service reports status %q, which this provider version does not know. It is kept in the state "+
				"as it is; a newer provider version may handle it.", validate.Excerpt(cert.Status)))
	}
	drifted, diags := state.takeReturnedInputs(cert)
	resp.Diagnostics.Append(diags...)
	for _, attribute := range drifted {
		resp.Diagnostics.AddAttributeWarning(path.Root(attribute), attribute+" differs from what the service holds",
			fmt.Sprintf("The service answers %s masked, and its visible characters do not match the state's value: it was "+
				"changed outside Terraform. The plan shows only \"(sensitive value)\"; applying replaces the application "+
				"with the configured value.", attribute))
	}
	resp.Diagnostics.Append(state.takeComputed(cert)...)
	r.data.warnOfExpiry(id, state.Domain.ValueString(), state.ExpiresAt, time.Now(), renewPurchased, &resp.Diagnostics)
	resp.Diagnostics.Append(setApplication(ctx, &resp.State, state)...)
	if importing {
		resp.Diagnostics.Append(importRead(ctx, resp.Private)...)
	}
}

// Update records what changes nothing at the service: wait_for_issued and timeouts, the
// inputs adopted after an import (which closes the adoption window), sans [] for none,
// and masked answers that agree with the configuration. ModifyPlan replaces the
// application for every other change, except for a settled one, which can be neither
// withdrawn nor applied for again: Update refuses that change, and the state keeps what
// the service holds. (Refusing it in the plan would block terraform destroy, which
// plans first.)
func (r *certificateApplicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	var plan, state certificateApplicationModel
	resp.Diagnostics.Append(getApplication(ctx, req.Plan.Raw, req.Plan.Schema, &plan)...)
	resp.Diagnostics.Append(getApplication(ctx, req.State.Raw, req.State.Schema, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if changed := replacingChanges(&plan, &state, isAdopting(ctx, req.Private)); len(changed) > 0 {
		// The plan would have replaced the application unless it was settled.
		resp.Diagnostics.AddError(settledSummary(state.CertificateID.ValueString(), state.Status.ValueString()),
			settledDetail(changed, state.Status.ValueString())+" Nothing was changed: the state keeps what the service holds.")
		return
	}
	resp.Diagnostics.Append(setApplication(ctx, &resp.State, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.CertificateID)...)
	resp.Diagnostics.Append(closeAdoption(ctx, resp.Private)...)
}

// ImportState takes the certificate id from the import id or from the identity of an
// import block; either way the application is read, and adopted, alike.
func (r *certificateApplicationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importedID(ctx, req, &resp.Diagnostics)
	if err := validate.CertificateID(id); err != nil {
		resp.Diagnostics.AddError("Invalid import id", "The import id, or the identity's certificate_id, must be the certificate id: "+err.Error()+".")
		return
	}
	imported := importedApplication(id)
	resp.Diagnostics.Append(setApplication(ctx, &resp.State, &imported)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, imported.CertificateID)...)
	resp.Diagnostics.Append(openAdoption(ctx, resp.Private)...)
}

// importedApplication is the state an import starts from, before its Read fills in what
// the service holds. An application that exists was necessarily submitted with the
// agreement; the defaults of the inputs that the service never returns are assumed until
// the first apply adopts the configured values.
func importedApplication(id string) certificateApplicationModel {
	null := types.StringNull()
	return certificateApplicationModel{
		ID: types.StringValue(id), CertificateID: types.StringValue(id), Domain: null, Sans: types.SetNull(stringType),
		CSR: null, CompanyName: null, CompanyUnit: null, CompanyProvince: null, CompanyCity: null, Country: null,
		ApplicantName: null, ApplicantPhone: null, ApplicantEmail: null, ContactName: null, ContactPhone: null, ContactEmail: null,
		AutoDNSAuth: types.BoolValue(false), AgreePrivacyProtection: types.BoolValue(true), DomainMethod: null,
		KeyAlgorithm: null, CAHashAlgorithm: null, WaitForIssued: types.BoolValue(false),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "read": types.StringType, "delete": types.StringType,
		})},
		Status: null, Type: null, Brand: null, DomainType: null, ValidationMethod: null, IssueTime: null, NotBefore: null,
		NotAfter: null, ExpiresAt: null, Fingerprint: null, DNSValidationRecords: types.ListNull(dnsRecordType),
	}
}
