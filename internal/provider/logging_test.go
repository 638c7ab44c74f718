package provider

import "testing"

func TestPhoneMaskSparesIdentifiers(t *testing.T) {
	for _, personal := range []string{"13212345678", "+86 132 1234 5678", "+8613212345678", "call 15912345678 now"} {
		if !phonePattern.MatchString(personal) {
			t.Errorf("%q is not masked", personal)
		}
	}
	for _, id := range []string{"/v3/scm/certificates/scs1554192131150", "emu-00000030", "4192daa3-1234-5678-b4ac-414f4ef1efe7", "duration_ms=13"} {
		if phonePattern.MatchString(id) {
			t.Errorf("%q would be masked, hiding an identifier from the logs", id)
		}
	}
}
