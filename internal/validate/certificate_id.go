package validate

import (
	"fmt"
	"regexp"
)

var certificateIDPattern = regexp.MustCompile(`^[a-z0-9]{16}$`)

// CertificateID accepts an SCM certificate id: 16 lower-case letters and digits, such as
// scs1554192131150.
func CertificateID(id string) error {
	if !certificateIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not an SCM certificate id; ids are 16 lower-case letters and digits, such as scs1554192131150 (see the SCM console or `GET /v3/scm/certificates`)", Excerpt(id))
	}
	return nil
}
