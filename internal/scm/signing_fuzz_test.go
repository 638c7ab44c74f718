package scm_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/emulatortest"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// handlerTransport serves requests with a handler in-process, so fuzzing runs fast.
type handlerTransport struct{ handler http.Handler }

func (h handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	h.handler.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// FuzzSignedRequestsVerify signs requests for arbitrary certificate ids and application
// bodies with the client (the SDK signer) and checks them with the emulator's own
// canonicalisation: the two must always agree, and every request must reach the API
// (a request the router answers never meets the signature check).
func FuzzSignedRequestsVerify(f *testing.F) {
	f.Add("scs1554192131150", "www.example.com", "Tom")
	f.Add("a b/c?d=e&f", "ü.example.com", "名字 \"quoted\" \\ <tag>")
	f.Add("%2F..%00", "", "\n\t")
	f.Add(".", "www.example.com", "Tom")
	f.Add("..", "www.example.com", "Tom")
	f.Add("", "www.example.com", "Tom")
	f.Add("/", "www.example.com", "Tom")
	f.Fuzz(func(t *testing.T, id, domain, name string) {
		emu, err := emulator.New(emulator.Options{AccessKey: emulatortest.AccessKey, SecretKey: emulatortest.SecretKey})
		if err != nil {
			t.Fatal(err)
		}
		client, err := scm.NewClient(scm.Config{
			Endpoint:    "http://scm.test",
			Credentials: scm.Credentials{AccessKey: emulatortest.AccessKey, SecretKey: emulatortest.SecretKey, SecurityToken: "token"},
			HTTPClient:  &http.Client{Transport: handlerTransport{emu}},
		})
		if err != nil {
			t.Fatal(err)
		}
		// No input may make a call wait: the emulator answers at once, so a call that
		// outlives this deadline is a hang, reported with its input.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		applyErr := client.Apply(ctx, id, scm.ApplyRequest{Domain: domain, ApplicantName: name})
		_, showErr := client.ShowCertificate(ctx, id)
		if ctx.Err() != nil {
			t.Fatalf("the calls for id %q, domain %q, name %q hung: %v, %v", id, domain, name, applyErr, showErr)
		}
		counts := emu.Counts()
		if id == "" {
			if applyErr == nil || showErr == nil || counts.Requests != 0 {
				t.Fatalf("a call on an empty id was sent (%d requests) or not refused: %v, %v", counts.Requests, applyErr, showErr)
			}
			return
		}
		if scm.HasCode(showErr, scm.CodeBadSignature) || counts.Unauthorized != 0 {
			t.Fatalf("the emulator refused the client's signature for id %q, domain %q, name %q: %v", id, domain, name, showErr)
		}
		if counts.ApplyAttempts != 1 || counts.Shows != 1 {
			t.Fatalf("for id %q, %d of 1 applications and %d of 1 shows reached the API (%d requests in all)",
				id, counts.ApplyAttempts, counts.Shows, counts.Requests)
		}
	})
}
