package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

var (
	_ resource.ResourceWithConfigure   = &certificateValidationResource{}
	_ resource.ResourceWithImportState = &certificateValidationResource{}
	_ resource.ResourceWithIdentity    = &certificateValidationResource{}
)

// defaultValidationTimeout is how long create waits for issuance unless told otherwise,
// as the AWS provider's certificate validation does.
const defaultValidationTimeout = 75 * time.Minute

// certificateValidationResource stands for the issuance of a certificate: creating it
// waits until the certificate is issued. It changes nothing at the service; it exists so
// that whatever needs the issued certificate can wait for it in the same apply that
// publishes the validation records.
type certificateValidationResource struct {
	data *providerData
}

type certificateValidationModel struct {
	ID            types.String   `tfsdk:"id"`
	CertificateID types.String   `tfsdk:"certificate_id"`
	Status        types.String   `tfsdk:"status"`
	IssueTime     types.String   `tfsdk:"issue_time"`
	NotAfter      types.String   `tfsdk:"not_after"`
	ExpiresAt     types.String   `tfsdk:"expires_at"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func newCertificateValidationResource() resource.Resource { return &certificateValidationResource{} }

func (r *certificateValidationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_validation"
}

func (r *certificateValidationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Waits until a certificate is issued. Creating it reads the certificate at least every ten " +
			"seconds until it is `ISSUED`, within the create timeout, and fails at once when the application is refused " +
			"(`UNPASSED`) or the certificate is in a status from which no issuance can come. Its computed attributes are " +
			"unknown until then, so anything that references them waits for issuance too. It changes nothing at the " +
			"service: destroying it only forgets it. Typical use: after the DNS records of " +
			"`scm_certificate_application.dns_validation_records` are published, in the same apply.",
		Attributes: map[string]schema.Attribute{
			"certificate_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the certificate to wait for, usually `scm_certificate_application.<name>.certificate_id`. " +
					"Changing it replaces the resource.",
				Validators:    []validator.String{certificateID},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"id":         computedString("The `certificate_id`."),
			"status":     computedString("Status of the certificate: `ISSUED` once created."),
			"issue_time": computedString("When the certificate was issued."),
			"not_after":  computedString("End of the issued certificate's validity, as the service writes it."),
			"expires_at": computedString(expiresAtDescription),
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{Create: true},
				"How long create waits for issuance.",
				map[string]string{"create": "Time for issuance (default `75m`)."}),
		},
	}
}

func (r *certificateValidationResource) IdentitySchema(ctx context.Context, req resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	certificateIdentitySchema(ctx, req, resp)
}

func (r *certificateValidationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *certificateValidationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	var plan certificateValidationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultValidationTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := plan.CertificateID.ValueString()
	cert, err := waitFor(ctx, r.data.client, r.data.pacing, id, scm.StatusIssued, func(c *scm.Certificate) bool {
		return c.Status == scm.StatusIssued || !scm.Allows(c.Status).Issuance
	})
	switch {
	case scm.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("certificate_id"), "Certificate "+id+" not found",
			fmt.Sprintf("There is no certificate %s in this account. Check certificate_id.", id))
		return
	case errors.As(err, new(*stillWaitingError)):
		resp.Diagnostics.AddError("Certificate "+id+" was not issued in time", explain(err)+
			"\n\nThe certificate is still under review; nothing was changed. Check that the DNS validation records are "+
			"published, then apply again (it waits anew), or raise timeouts.create.")
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot wait for certificate "+id+" to be issued", explain(err)+
			"\n\nNothing was changed; apply again once this is mended: the wait starts anew.")
		return
	case cert.Status == scm.StatusUnpassed:
		resp.Diagnostics.AddError("Certificate "+id+" was refused", refusedNotice(id)+
			" (The service gives no reason with the status; the SCM console may show one.)")
		return
	case cert.Status != scm.StatusIssued:
		resp.Diagnostics.AddError("Certificate "+id+" cannot be issued",
			fmt.Sprintf("Certificate %s is %s, from which no issuance can come: %s", id, cert.Status, noIssuanceReason(cert.Status)))
		return
	}
	tflog.Info(ctx, "Certificate issued", map[string]any{"certificate_id": id})
	resp.Diagnostics.Append(plan.fill(cert)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.CertificateID)...)
}

func noIssuanceReason(status string) string {
	switch status {
	case scm.StatusPaid:
		return "it has no application. Apply for it with scm_certificate_application first, and make this resource depend on it."
	case scm.StatusCancelChecking, scm.StatusCancelSupplementing:
		return "its application is being withdrawn."
	case scm.StatusUpload:
		return "it was uploaded, not applied for."
	}
	return "it was issued before and is no longer valid. Apply for a new certificate."
}

func (m *certificateValidationModel) fill(cert *scm.Certificate) diag.Diagnostics {
	m.ID, m.CertificateID = types.StringValue(cert.ID), types.StringValue(cert.ID)
	m.Status, m.IssueTime, m.NotAfter = types.StringValue(cert.Status), types.StringValue(cert.IssueTime), types.StringValue(cert.NotAfter)
	var diags diag.Diagnostics
	m.ExpiresAt, diags = expiresAt(cert.ID, cert.NotAfter)
	return diags
}

// validationImportKey marks, in private state, a validation that was just imported, so
// that Read reports a certificate that is not issued as a failed import.
const validationImportKey = "imported"

func (r *certificateValidationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	var state certificateValidationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	// The identity first: the framework wants one after every Read that does not fail, also
	// one that removes the resource.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.CertificateID)...)
	imported, _ := req.Private.GetKey(ctx, validationImportKey)
	if len(imported) > 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, validationImportKey, nil)...)
	}
	id := state.CertificateID.ValueString()
	cert, err := r.data.client.ShowCertificate(ctx, id)
	switch {
	case err != nil && !scm.IsNotFound(err):
		resp.Diagnostics.AddError("Cannot read certificate "+id, explain(err))
		return
	case len(imported) > 0 && (err != nil || cert.Status != scm.StatusIssued):
		resp.Diagnostics.AddError("Certificate "+id+" is not issued",
			"Only the validation of an issued certificate can be imported. Leave the import out: creating "+
				"scm_certificate_validation waits until the certificate is issued.")
		return
	case err != nil || cert.Status != scm.StatusIssued:
		status := "gone"
		if err == nil {
			status = cert.Status
		}
		resp.Diagnostics.AddWarning("Certificate "+id+" is no longer issued",
			fmt.Sprintf("The certificate is %s, so its validation is removed from the state; the next apply waits for "+
				"issuance again, and fails if none can come.", validate.Excerpt(status)))
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(state.fill(cert)...)
	r.data.warnOfExpiry(id, cert.Domain, state.ExpiresAt, time.Now(), renewPurchased, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only records a changed timeout; every other change replaces the resource.
func (r *certificateValidationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan certificateValidationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.CertificateID)...)
}

// Delete only forgets the validation: an issuance cannot be undone, and the certificate
// belongs to its application.
func (r *certificateValidationResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *certificateValidationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importedID(ctx, req, &resp.Diagnostics)
	if err := validate.CertificateID(id); err != nil {
		resp.Diagnostics.AddError("Invalid import id", "The import id, or the identity's certificate_id, must be the certificate id: "+err.Error()+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("certificate_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, types.StringValue(id))...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, validationImportKey, []byte(`true`))...)
}
