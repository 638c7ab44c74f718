package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"syscall"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// Every error the resource reports goes through here, so that each says what happened,
// why, and what to do.

// explain returns err's message with the likely cause and fix appended.
func explain(err error) string {
	msg := err.Error()
	var apiErr *scm.APIError
	var exhausted *scm.RetriesExhaustedError
	var decodeErr *scm.DecodeError
	var endpointErr *scm.EndpointError
	var noAnswer *scm.NoAnswerError
	var throttled *scm.ThrottledError
	switch {
	case errors.As(err, &throttled):
		return msg + "\n\nThe service has not acted on the request: the API gateway holds the account's requests (its throttling policy, or the Retry-After of its 429) longer than the operation has left. Raise the " +
			"operation's timeout (timeouts.create, timeouts.read or timeouts.delete of the resource), run Terraform with a " +
			"lower -parallelism so that fewer operations share the quota, or ask Huawei Cloud for a higher API quota."
	case errors.As(err, &noAnswer):
		return msg + "\n\nThe SCM API answers within seconds: something between this machine and " + noAnswer.Endpoint +
			" holds the request. Check the provider's endpoint (endpoint, or " + envEndpoint + "), and any proxy (HTTPS_PROXY) " +
			"or firewall on the way."
	case errors.As(err, &endpointErr):
		return msg + "\n\nCheck the provider's endpoint (endpoint, or " + envEndpoint + ") and region (region, or " + envRegion +
			"): the SCM endpoints are\n\n" + endpointList()
	case scm.IsUntrustedServer(err):
		return msg + "\n\nThe endpoint's TLS certificate is not trusted by this machine. Install the CA that signed it, or, " +
			"for a test endpoint only, set insecure = true in the provider block to skip the verification."
	case errors.As(err, &exhausted) && errors.Is(err, syscall.ECONNREFUSED):
		return msg + "\n\nNothing listens at the endpoint. Check the provider's endpoint (endpoint, or " + envEndpoint +
			"), and that the service (or the emulator) is running."
	case errors.As(err, &exhausted):
		return msg + fmt.Sprintf("\n\nThe SCM API kept failing or throttling for %d attempts. Try again later, or raise "+
			"max_retries in the provider block (or lower max_requests_per_second) if throttling is expected.", exhausted.Attempts)
	case errors.Is(err, context.DeadlineExceeded):
		return msg + "\n\nThe operation ran out of time. Raise the matching value in the resource's timeouts, or try again later."
	case errors.Is(err, context.Canceled):
		return msg + "\n\nThe operation was interrupted."
	case errors.As(err, &decodeErr):
		return msg + "\n\nThe endpoint " + decodeErr.Endpoint + " answered with something that is not the SCM API. Check the " +
			"provider's endpoint (endpoint, or " + envEndpoint + ") and any proxy between Terraform and the service."
	case errors.As(err, &apiErr):
		return msg + "\n\n" + apiErrorHint(apiErr)
	}
	return msg + "\n\nCheck the network path to the SCM endpoint and try again."
}

func apiErrorHint(e *scm.APIError) string {
	switch {
	case e.Code == scm.CodeTokenExpired:
		return "The security token of the temporary credentials has expired. Get a new temporary access key, secret key and " +
			"security token from IAM and set them (access_key, secret_key and security_token, or HW_ACCESS_KEY, HW_SECRET_KEY " +
			"and HW_SECURITY_TOKEN)."
	case e.Code == scm.CodeBadSignature || e.StatusCode == http.StatusUnauthorized:
		return "The service refused the request signature. Check access_key and secret_key (HW_ACCESS_KEY, HW_SECRET_KEY), " +
			"the security_token of temporary credentials, and that this machine's clock is within 15 minutes of the real time."
	case e.Code == scm.CodeNotOwner || e.StatusCode == http.StatusForbidden:
		return "The credentials may not act on this certificate. Check that it belongs to the account of the access key " +
			"and that the IAM user has SCM permissions."
	case e.Code == scm.CodeBadParameter:
		return "The service refused a field of the application; the message above names it. Correct it in the configuration."
	case e.Code == scm.CodeDomainsMismatch:
		return "The domains do not fit the certificate: check domain and sans against its domain type and quota."
	case e.Code == scm.CodeWrongStatus:
		return "The certificate's status does not allow this now. Run terraform refresh to see its status."
	case e.StatusCode == http.StatusNotFound && !e.FromTheService():
		return "The endpoint " + e.Endpoint + " answered 404 without the SCM service's own error: it is not the SCM API, or " +
			"not at that path. Check the provider's endpoint (endpoint, or " + envEndpoint + "): it is a base URL without a " +
			"path, such as https://scm.ap-southeast-1.myhuaweicloud.com. Nothing was changed in the state."
	case e.StatusCode == http.StatusNotFound || e.Code == scm.CodeWrongCertID || e.Code == scm.CodeBadCertificate:
		return "The certificate does not exist in this account. Check certificate_id in the SCM console."
	case e.StatusCode >= 500:
		return "The service failed. Try again later."
	}
	return "See the SCM error code reference for " + e.Code + "."
}

// importHint shows how to take over an application that already exists. The provider
// does not know the resource's address; Terraform prints it with every diagnostic.
func importHint(id string) string {
	return fmt.Sprintf("import it instead of creating it, with the address of this resource (Terraform shows it above, "+
		"after \"with\") for ADDRESS:\n\n  terraform import ADDRESS %s\n\nor with an import block:\n\n"+
		"  import {\n    to = ADDRESS\n    id = %q\n  }", id, id)
}

// failsInEveryWorkflow reports whether an error means that no call of this provider
// configuration can succeed: the credentials are refused, the endpoint is not the SCM
// API, or nothing answers there. A plan reports those as errors, since every workflow
// fails on them; a certificate's status, and passing trouble (throttling, a failing
// service), stay warnings at plan.
func failsInEveryWorkflow(err error) bool {
	var apiErr *scm.APIError
	var decodeErr *scm.DecodeError
	var endpointErr *scm.EndpointError
	var noAnswer *scm.NoAnswerError
	var exhausted *scm.RetriesExhaustedError
	switch {
	case errors.As(err, &apiErr):
		refused := apiErr.StatusCode == http.StatusUnauthorized || apiErr.Code == scm.CodeBadSignature || apiErr.Code == scm.CodeTokenExpired
		notTheAPI := apiErr.StatusCode == http.StatusNotFound && !apiErr.FromTheService()
		return refused || notTheAPI
	case errors.As(err, &decodeErr), errors.As(err, &endpointErr), errors.As(err, &noAnswer), scm.IsUntrustedServer(err):
		return true
	case errors.As(err, &exhausted):
		return errors.Is(err, syscall.ECONNREFUSED)
	}
	return false
}

// diagnostics is where an operation collects its warnings and errors.
type diagnostics interface {
	AddWarning(summary, detail string)
	AddError(summary, detail string)
}
