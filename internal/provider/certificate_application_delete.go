package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// Delete withdraws an application under review and waits until the certificate is PAID
// again.
//
// In a replacement, Delete runs first and Create after it, and Create cannot look back:
// it has no prior state. So Delete decides, before it withdraws anything, whether the
// application that follows can be submitted: the create half of the plan names its
// certificate in the private data Delete receives (plannedApplication). When that
// certificate cannot take an application (it does not exist, it is issued, another
// application holds it), or this one was settled since the plan, Delete fails and the
// state keeps the application: a failed replacement never costs a review.
func (r *certificateApplicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, warnWaits := reportWaits(ctx)
	defer warnWaits(&resp.Diagnostics)
	ctx, cancel, state := r.begin(ctx, req.State.Raw, req.State.Schema, &resp.Diagnostics, timeouts.Value.Delete, defaultDeleteTimeout)
	defer cancel()
	if state == nil {
		return
	}
	id := state.CertificateID.ValueString()
	next, replacing := plannedApplication(ctx, req.Private)
	if replacing && next != id {
		if err := r.canApplyFor(ctx, next); err != nil {
			resp.Diagnostics.AddError("Cannot replace the application for certificate "+id,
				fmt.Sprintf("The replacement would apply for certificate %s, and %s.\n\nNothing was withdrawn: the application for "+
					"certificate %s stays as it is, and in the state. Set certificate_id to a purchased certificate in status PAID, "+
					"or back to %s.", next, err, id, id))
			return
		}
	}
	// A settled status is final, so the refreshed state's word is enough: no request.
	if status := state.Status.ValueString(); scm.Allows(status).Settled {
		r.leaveSettled(ctx, id, status, replacing && next == id, resp)
		return
	}

	client := r.data.client
	err := client.Withdraw(ctx, id)
	switch {
	case scm.IsNotFound(err):
		return
	case scm.HasCode(err, scm.CodeWrongStatus):
		cert, showErr := client.ShowCertificate(ctx, id)
		if scm.IsNotFound(showErr) {
			return
		}
		if showErr != nil {
			resp.Diagnostics.AddError("Cannot withdraw the application for certificate "+id, explain(showErr))
			return
		}
		allowed := scm.Allows(cert.Status)
		switch {
		case allowed.Apply:
			// Nothing to withdraw: withdrawn already, or refused (a refused application
			// needs no withdrawal, and the certificate can be applied for again).
			tflog.Info(ctx, "No application under review to withdraw", map[string]any{"certificate_id": id, "status": cert.Status})
			return
		case allowed.Settled:
			r.leaveSettled(ctx, id, cert.Status, replacing && next == id, resp)
			return
		case !allowed.Withdrawing && replacing:
			resp.Diagnostics.AddError("Cannot replace the application for certificate "+id,
				fmt.Sprintf("The certificate is %s, which the service does not let a client withdraw, so no new application can "+
					"follow. Nothing was changed: the state keeps the application. See the SCM console for what can be done with it.",
					validate.Excerpt(cert.Status)))
			return
		case !allowed.Withdrawing:
			resp.Diagnostics.AddWarning("Certificate "+id+" was not withdrawn",
				fmt.Sprintf("The certificate is %s, which the service does not let a client withdraw. It is removed from the "+
					"Terraform state as it is; see the SCM console for what can be done with it.", validate.Excerpt(cert.Status)))
			return
		}
	case err != nil:
		resp.Diagnostics.AddError("Cannot withdraw the application for certificate "+id, explain(err))
		return
	}

	tflog.Info(ctx, "Application withdrawn; waiting for the certificate to be PAID again", map[string]any{"certificate_id": id})
	if _, err := waitFor(ctx, client, r.data.pacing, id, scm.StatusPaid, isPaid); err != nil {
		resp.Diagnostics.AddError("The withdrawal of certificate "+id+" has not finished", explain(err)+
			"\n\nThe withdrawal was requested and the service finishes it on its own. Run terraform destroy again later. To "+
			"wait longer, raise timeouts.delete and run terraform apply first: destroy takes the timeout from the state, "+
			"which only an apply updates.")
	}
}

// leaveSettled ends the delete of an application that was issued (or is otherwise
// settled): it cannot be withdrawn. A destroy forgets it, with a warning; a replacement of
// it fails, since no new application can follow, and the state keeps it.
func (r *certificateApplicationResource) leaveSettled(ctx context.Context, id, status string, replacing bool, resp *resource.DeleteResponse) {
	if replacing {
		resp.Diagnostics.AddError("Cannot replace the application for certificate "+id,
			fmt.Sprintf("The certificate is %s (it may have been issued after the plan was made), and an application that is %s "+
				"can be neither withdrawn nor submitted again. Nothing was changed: the state keeps the application. Run "+
				"terraform plan again to see what the service holds; for a certificate with other details, buy a new one and "+
				"set certificate_id to it.", status, status))
		return
	}
	tflog.Info(ctx, "Settled application left in the account", map[string]any{"certificate_id": id, "status": status})
	resp.Diagnostics.AddWarning("Certificate "+id+" remains in the account",
		fmt.Sprintf("The certificate is %s, and only an application under review can be withdrawn. It is removed from "+
			"the Terraform state, but the certificate itself stays in the account; revoke or delete it in the SCM console "+
			"if it is no longer needed.", status))
}

// canApplyFor reads the certificate a replacement will apply for, and says why it
// cannot take an application; nil when it can (now, or once a withdrawal finishes).
func (r *certificateApplicationResource) canApplyFor(ctx context.Context, id string) error {
	cert, err := r.data.client.ShowCertificate(ctx, id)
	switch {
	case scm.IsNotFound(err):
		return fmt.Errorf("there is no certificate %s in this account", id)
	case err != nil:
		return fmt.Errorf("reading it to check that it can take an application failed: %s", explain(err))
	}
	if allowed := scm.Allows(cert.Status); allowed.Apply || allowed.Withdrawing {
		return nil
	}
	return fmt.Errorf("it cannot take one: %w", alreadyAppliedError(cert))
}
