package provider

import (
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// newTestClient is a client of the target's emulator, for arranging tests.
func newTestClient(t *testing.T, target *accTarget) *scm.Client {
	t.Helper()
	client, err := scm.NewClient(scm.Config{
		Endpoint:    target.url,
		Credentials: scm.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey},
	})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func validTestApplication() scm.ApplyRequest {
	return scm.ApplyRequest{
		Domain: "www.example.com", ApplicantName: "Tom", ApplicantPhone: "13212345678",
		ApplicantEmail: "tom@example.com", AgreePrivacyProtection: true, DomainMethod: "DNS",
	}
}
