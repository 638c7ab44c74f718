package provider

import (
	"context"
	"crypto/sha1" //nolint:gosec // the service's fingerprint is SHA-1; it identifies, it does not protect
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

var (
	_ resource.ResourceWithConfigure      = &uploadedCertificateResource{}
	_ resource.ResourceWithImportState    = &uploadedCertificateResource{}
	_ resource.ResourceWithIdentity       = &uploadedCertificateResource{}
	_ resource.ResourceWithValidateConfig = &uploadedCertificateResource{}
	_ resource.ResourceWithModifyPlan     = &uploadedCertificateResource{}
)

// uploadedCertificateResource uploads a certificate from elsewhere (an ACME CA, a company
// CA, another vendor) with its key, for Huawei Cloud services to take by its SCM id. The
// key is write-only: sent once, in the create, and never in the plan, the state or a log.
type uploadedCertificateResource struct {
	data *providerData
}

type uploadedCertificateModel struct {
	ID                  types.String `tfsdk:"id"`
	Name                types.String `tfsdk:"name"`
	Certificate         types.String `tfsdk:"certificate"`
	CertificateChain    types.String `tfsdk:"certificate_chain"`
	PrivateKeyWO        types.String `tfsdk:"private_key_wo"`
	EnterpriseProjectID types.String `tfsdk:"enterprise_project_id"`
	Status              types.String `tfsdk:"status"`
	Domain              types.String `tfsdk:"domain"`
	Sans                types.Set    `tfsdk:"sans"`
	NotAfter            types.String `tfsdk:"not_after"`
	ExpiresAt           types.String `tfsdk:"expires_at"`
	Fingerprint         types.String `tfsdk:"fingerprint"`
	SignatureAlgorithm  types.String `tfsdk:"signature_algorithm"`
}

func newUploadedCertificateResource() resource.Resource { return &uploadedCertificateResource{} }

func (r *uploadedCertificateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_uploaded_certificate"
}

func (r *uploadedCertificateResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Uploads a certificate issued elsewhere (an ACME CA such as Let's Encrypt, a company CA, another " +
			"vendor) with its private key, so that Huawei Cloud services (a load balancer, CDN, WAF) take it by its SCM id. " +
			"The key is write-only (Terraform 1.11 or OpenTofu 1.11 and later): sent once, when the certificate is uploaded, " +
			"and never stored in the plan or the state. Every change of an input uploads a new certificate (there is no " +
			"update call), but for the same certificates written otherwise (the intermediates moved between `certificate` " +
			"and `certificate_chain`, other line breaks), which are stored in place. A new certificate always comes with " +
			"its own key, so the key needs no `_wo_version`.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the certificate in SCM: 3 to 63 letters, digits, `_`, `-` and `.`. With " +
					"`create_before_destroy` the successor is uploaded while the old one still exists; the service's rule for " +
					"two of one name is not documented, so derive the name from the certificate (see the example).",
				Validators:    []validator.String{uploadName},
				PlanModifiers: replace,
			},
			"certificate": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The certificate, PEM. It may carry its intermediates after it, when `certificate_chain` " +
					"is left out; at most 4096 characters (the service's cap).",
				Validators:    []validator.String{stringvalidator.LengthAtMost(maxUploadedCertificate)},
				PlanModifiers: []planmodifier.String{replaceForOtherCertificates},
			},
			"certificate_chain": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The intermediate certificates, PEM, from the certificate's issuer up; at most 8192 " +
					"characters.",
				Validators:    []validator.String{stringvalidator.LengthAtMost(maxUploadedChain)},
				PlanModifiers: []planmodifier.String{replaceForOtherCertificates},
			},
			"private_key_wo": schema.StringAttribute{
				Required:  true,
				WriteOnly: true,
				Sensitive: true,
				MarkdownDescription: "The certificate's private key, PEM (PKCS#1, PKCS#8 or SEC 1), without a passphrase. " +
					"Write-only: it is sent once, when the certificate is uploaded, and never appears in the plan, the state, " +
					"logs or messages. It cannot be read back, so an import leaves it out, and changing it alone uploads " +
					"nothing: a new key comes with a new certificate.",
			},
			"enterprise_project_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Enterprise project of the certificate; the service's default (`0`) when left out.",
				PlanModifiers:       replace,
			},
			"id": computedString("The SCM id of the uploaded certificate, such as `scs1600313391074`: what services take as " +
				"`scm_certificate_id`."),
			"status":              computedString("Status of the certificate: `UPLOAD`."),
			"domain":              computedString("Domain of the certificate: its common name, or its first DNS name."),
			"sans":                schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Its other DNS names.", PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()}},
			"not_after":           computedString("End of validity as the service writes it."),
			"expires_at":          computedString(expiresAtDescription),
			"fingerprint":         computedString("SHA-1 fingerprint of the certificate, upper-case hex, as the service shows it."),
			"signature_algorithm": computedString("Signature algorithm of the certificate, as the service names it."),
		},
	}
}

// The service's caps (API reference, "Importing a Certificate").
const (
	maxUploadedCertificate = 4096
	maxUploadedChain       = 8192
)

var uploadName = stringCheck{"3 to 63 letters, digits, `_`, `-` and `.`", validate.UploadName}

func (r *uploadedCertificateResource) IdentitySchema(ctx context.Context, req resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	certificateIdentitySchema(ctx, req, resp)
}

func (r *uploadedCertificateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what needs no network: the PEM, the key against the certificate,
// and the chain. Values not known yet (an ACME certificate before its first apply) skip
// the checks that need them; Create checks again.
func (r *uploadedCertificateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config uploadedCertificateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(checkUpload(&config)...)
	}
}

// ModifyPlan refuses to upload a certificate that has expired, and warns of one that
// expires within 30 days. Only when the plan uploads: a certificate already in SCM that
// expires is warned of by Read (renewal_warning_days), and must not fail the plans of its
// configuration, nor its destroy. The pre-destroy refresh of terraform destroy is a
// normal plan, which a refused replacement blocks too, so the text says how to destroy.
func (r *uploadedCertificateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan uploadedCertificateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var destroying string
	if !req.State.Raw.IsNull() {
		var state uploadedCertificateModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() || !plan.replaces(state) {
			return
		}
		destroying = " To destroy the uploaded certificate with this change still in the configuration, run " +
			"terraform destroy -refresh=false."
	}
	resp.Diagnostics.Append(checkValidity(plan.Certificate, time.Now(), destroying)...)
}

// checkValidity reports a certificate to upload that has expired (then is said after the
// fix), or expires within 30 days.
func checkValidity(certificate types.String, now time.Time, then string) diag.Diagnostics {
	var diags diag.Diagnostics
	certs, err := validate.Certificates(certificate.ValueString())
	if certificate.IsUnknown() || certificate.IsNull() || err != nil {
		return diags // unknown yet, or refused by checkUpload
	}
	leaf := certs[0]
	switch end := leaf.NotAfter; {
	case !end.After(now):
		diags.AddAttributeError(path.Root("certificate"), "The certificate has expired",
			fmt.Sprintf("certificate (%s) expired on %s. Upload its successor instead: renew it with its CA.%s",
				validate.Excerpt(leaf.Subject.CommonName), end.UTC().Format(time.RFC3339), then))
	case end.Sub(now) < 30*24*time.Hour:
		diags.AddAttributeWarning(path.Root("certificate"), "The certificate expires within 30 days",
			fmt.Sprintf("certificate (%s) expires on %s, in %d days. Renew it with its CA and upload the successor soon.",
				validate.Excerpt(leaf.Subject.CommonName), end.UTC().Format(time.RFC3339), int(end.Sub(now).Hours()/24)))
	}
	return diags
}

// checkUpload reports every problem of an upload's inputs, each naming the attribute.
func checkUpload(m *uploadedCertificateModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.Certificate.IsUnknown() || m.Certificate.IsNull() {
		return diags
	}
	certs, err := validate.Certificates(m.Certificate.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("certificate"), "Invalid certificate", "certificate: "+err.Error()+".")
		return diags
	}
	leaf := certs[0]
	switch {
	case m.CertificateChain.IsUnknown():
		certs = certs[:1]
	case !m.CertificateChain.IsNull():
		chain, err := validate.Certificates(m.CertificateChain.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("certificate_chain"), "Invalid certificate_chain", "certificate_chain: "+err.Error()+".")
			return diags
		}
		certs = append(certs[:1], chain...)
	}
	if err := validate.ChainLinks(certs); err != nil {
		diags.AddAttributeError(path.Root("certificate_chain"), "The chain does not lead from the certificate to its issuers",
			err.Error()+". The chain is certificate_chain, or the certificates after the first in certificate.")
	}
	if m.PrivateKeyWO.IsUnknown() || m.PrivateKeyWO.IsNull() {
		return diags
	}
	public, err := validate.PrivateKey(m.PrivateKeyWO.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("private_key_wo"), "Invalid private_key_wo", "private_key_wo: "+err.Error()+".")
		return diags
	}
	if err := validate.KeyMatches(leaf, public); err != nil {
		diags.AddAttributeError(path.Root("private_key_wo"), "private_key_wo is not the certificate's key", err.Error()+".")
	}
	return diags
}

func (r *uploadedCertificateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	var plan, config uploadedCertificateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...) // the key is only in the configuration
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	if checks := append(checkUpload(&config), checkValidity(config.Certificate, time.Now(), "")...); checks.HasError() {
		resp.Diagnostics.Append(checks...)
		return
	}
	upload := scm.ImportRequest{
		Name: plan.Name.ValueString(), Certificate: plan.Certificate.ValueString(),
		CertificateChain: plan.CertificateChain.ValueString(), PrivateKey: config.PrivateKeyWO.ValueString(),
		EnterpriseProjectID: plan.EnterpriseProjectID.ValueString(),
	}
	id, err := r.upload(ctx, upload)
	if err != nil {
		resp.Diagnostics.AddError("Cannot upload certificate "+plan.Name.ValueString(), uploadErrorText(err))
		return
	}
	tflog.Info(ctx, "Certificate uploaded", map[string]any{"certificate_id": id})
	cert, err := r.data.client.ShowCertificate(ctx, id)
	if err != nil {
		// Uploaded: the state must hold it, or the next apply would upload it again.
		resp.Diagnostics.AddWarning("Cannot read certificate "+id+" after uploading it", explain(err)+
			"\n\nThe next refresh reads it.")
		cert = &scm.Certificate{ID: id}
	}
	resp.Diagnostics.Append(plan.fill(cert)...)
	plan.PrivateKeyWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID)...)
}

// upload sends the certificate once. An upload whose answer was lost may have been taken:
// there is no idempotency token, so the certificate is looked for by name and fingerprint
// before it is sent again, and adopted when found.
func (r *uploadedCertificateResource) upload(ctx context.Context, upload scm.ImportRequest) (string, error) {
	client := r.data.client
	for attempt := 1; ; attempt++ {
		id, err := client.ImportCertificate(ctx, upload)
		if !scm.IsOutcomeUnknown(err) {
			return id, err
		}
		found, findErr := r.findUpload(ctx, upload)
		switch {
		case findErr != nil:
			return "", fmt.Errorf("%v; looking for the certificate to learn whether it was uploaded also failed: %s", err, explain(findErr))
		case found != "":
			tflog.Warn(ctx, "The answer to the upload was lost, but the service took it", map[string]any{"certificate_id": found})
			return found, nil
		}
		if pauseErr := client.Pause(ctx, attempt); pauseErr != nil {
			return "", fmt.Errorf("%w\n\nThe certificate is not in SCM, so the upload did not reach the service; it was sent %d "+
				"times. Try again later", err, attempt)
		}
	}
}

// findUpload is the id of an uploaded certificate of upload's name and certificate; ""
// when there is none.
func (r *uploadedCertificateResource) findUpload(ctx context.Context, upload scm.ImportRequest) (string, error) {
	certs, err := validate.Certificates(upload.Certificate)
	if err != nil {
		return "", err
	}
	sum := sha1.Sum(certs[0].Raw) //nolint:gosec // see the import
	want := strings.ToUpper(hex.EncodeToString(sum[:]))
	var found string
	err = r.data.client.EachCertificate(ctx, scm.ListFilter{Status: scm.StatusUpload, Content: upload.Name}, func(c scm.CertificateSummary) bool {
		if c.Name != upload.Name {
			return true
		}
		cert, showErr := r.data.client.ShowCertificate(ctx, c.ID)
		if showErr != nil {
			err = showErr
			return false
		}
		if strings.EqualFold(cert.Fingerprint, want) {
			found = c.ID
			return false
		}
		return true
	})
	return found, err
}

// uploadErrorText explains an upload's failure; the service's message never carries the
// key, and the request body is never quoted.
func uploadErrorText(err error) string {
	switch {
	case scm.HasCode(err, scm.CodeBadUploadedCertificate):
		return explain(err) + "\n\nCheck certificate: the service could not read it (is it the whole PEM of an issued certificate?)."
	case scm.HasCode(err, scm.CodeBadUploadedKey):
		return explain(err) + "\n\nCheck private_key_wo: the service could not read it. It takes PEM keys without a passphrase."
	case scm.HasCode(err, scm.CodeKeyMismatch):
		return explain(err) + "\n\nprivate_key_wo is not the key of certificate: give the key the certificate was requested with."
	}
	return explain(err)
}

func (m *uploadedCertificateModel) fill(cert *scm.Certificate) diag.Diagnostics {
	m.ID = types.StringValue(cert.ID)
	m.Status, m.Domain = types.StringValue(cert.Status), types.StringValue(cert.Domain)
	m.NotAfter, m.Fingerprint = types.StringValue(cert.NotAfter), types.StringValue(cert.Fingerprint)
	m.SignatureAlgorithm = types.StringValue(cert.SignatureAlgorithm)
	sans, diags := sansValue(cert.Sans, types.SetValueMust(types.StringType, nil))
	m.Sans = sans
	expires, expiryDiags := expiresAt(cert.ID, cert.NotAfter)
	m.ExpiresAt = expires
	return append(diags, expiryDiags...)
}

// uploadImportKey marks, in private state, an upload that was just imported: its Read
// also fills the inputs from the service.
const uploadImportKey = "imported"

func (r *uploadedCertificateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	var state uploadedCertificateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID)...)
	id := state.ID.ValueString()
	cert, err := r.data.client.ShowCertificate(ctx, id)
	switch {
	case scm.IsNotFound(err):
		tflog.Warn(ctx, "Uploaded certificate deleted outside Terraform; removing it from the state", map[string]any{"certificate_id": id})
		resp.Diagnostics.AddWarning("Certificate "+id+" no longer exists",
			"The service says the uploaded certificate is gone (deleted in the console?), so it is removed from the state; "+
				"the next apply uploads it again.")
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot read certificate "+id, explain(err))
		return
	}
	if imported, _ := req.Private.GetKey(ctx, uploadImportKey); len(imported) > 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, uploadImportKey, nil)...)
		resp.Diagnostics.Append(r.readCertificate(ctx, cert.ID, &state)...)
	}
	state.reconcileInputs(cert)
	resp.Diagnostics.Append(state.fill(cert)...)
	r.data.warnOfExpiry(id, cert.Domain, state.ExpiresAt, time.Now(), renewUploaded, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// reconcileInputs takes the inputs the service shows, so that a change made outside
// Terraform (a rename, a move to another enterprise project) is planned away. An answer
// without a value says nothing of it; the default project is "0" or null, as configured.
func (m *uploadedCertificateModel) reconcileInputs(cert *scm.Certificate) {
	if cert.Name != "" {
		m.Name = types.StringValue(cert.Name)
	}
	switch project := cert.EnterpriseProjectID; {
	case project == "0" && m.EnterpriseProjectID.ValueString() != "0":
		m.EnterpriseProjectID = types.StringNull()
	case project != "":
		m.EnterpriseProjectID = types.StringValue(project)
	}
}

// readCertificate fills, for an import, the certificate and chain from the export, whose
// private key is never decoded.
func (r *uploadedCertificateResource) readCertificate(ctx context.Context, id string, m *uploadedCertificateModel) diag.Diagnostics {
	var diags diag.Diagnostics
	exported, err := r.data.client.ExportPublicCertificate(ctx, id)
	if err != nil {
		diags.AddError("Cannot read the certificate of "+id, explain(err))
		return diags
	}
	m.Certificate = types.StringValue(exported.Certificate)
	m.CertificateChain = types.StringNull()
	if exported.CertificateChain != "" {
		m.CertificateChain = types.StringValue(exported.CertificateChain)
	}
	return diags
}

// Update stores the plan. Every input replaces but for the certificates written otherwise
// (replaceForOtherCertificates), which sends nothing; private_key_wo is never in the plan.
func (r *uploadedCertificateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan uploadedCertificateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID)...)
}

func (r *uploadedCertificateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	var state uploadedCertificateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	err := r.data.client.DeleteCertificate(ctx, id)
	switch {
	case err == nil || scm.IsNotFound(err):
		tflog.Info(ctx, "Uploaded certificate deleted", map[string]any{"certificate_id": id})
	case scm.HasCode(err, scm.CodeWrongStatus):
		resp.Diagnostics.AddError("Certificate "+id+" cannot be deleted now", explain(err)+
			"\n\nA certificate that a cloud service still uses (a load balancer's listener, a CDN domain, a WAF) cannot be "+
			"deleted; the message above names the service when the service says. Move that service to another certificate "+
			"first (with create_before_destroy here, the successor is uploaded before this one is deleted), then apply "+
			"again. The certificate stays in the state.")
	default:
		resp.Diagnostics.AddError("Cannot delete certificate "+id, explain(err)+"\n\nThe certificate stays in the state.")
	}
}

func (r *uploadedCertificateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importedID(ctx, req, &resp.Diagnostics)
	if err := validate.CertificateID(id); err != nil {
		resp.Diagnostics.AddError("Invalid import id", "The import id, or the identity's certificate_id, must be the certificate id: "+err.Error()+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, types.StringValue(id))...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, uploadImportKey, []byte(`true`))...)
}
