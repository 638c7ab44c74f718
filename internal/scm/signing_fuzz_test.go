package scm_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
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
// canonicalisation: the two must always agree.
func FuzzSignedRequestsVerify(f *testing.F) {
	f.Add("scs1554192131150", "www.example.com", "Tom")
	f.Add("a b/c?d=e&f", "ü.example.com", "名字 \"quoted\" \\ <tag>")
	f.Add("%2F..%00", "", "\n\t")
	f.Fuzz(func(t *testing.T, id, domain, name string) {
		emu, err := emulator.New(emulator.Options{AccessKey: testAK, SecretKey: testSK})
		if err != nil {
			t.Fatal(err)
		}
		client, err := scm.NewClient(scm.Config{
			Endpoint:    "http://scm.test",
			Credentials: scm.Credentials{AccessKey: testAK, SecretKey: testSK, SecurityToken: "token"},
			HTTPClient:  &http.Client{Transport: handlerTransport{emu}},
		})
		if err != nil {
			t.Fatal(err)
		}
		_ = client.Apply(context.Background(), id, scm.ApplyRequest{Domain: domain, ApplicantName: name})
		if _, err := client.ShowCertificate(context.Background(), id); scm.HasCode(err, scm.CodeBadSignature) {
			t.Fatalf("the emulator refused the client's signature for id %q: %v", id, err)
		}
		if got := emu.Counts().Unauthorized; got != 0 {
			t.Fatalf("%d requests refused as unsigned for id %q, domain %q, name %q", got, id, domain, name)
		}
	})
}
