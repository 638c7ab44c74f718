package emulator

import "strings"

// The service's older read call documents answers with phones and e-mails masked, such
// as 13****28932 and 10****2346@qq.com; with Options.MaskPersonalData the show call
// answers that way, so that clients learn to compare a masked answer with what they sent.

const maskRun = "****"

// maskPhone keeps the first two and the last five characters of a number long enough to
// hide something, as in 13****28932.
func maskPhone(phone string) string {
	if len(phone) < 9 {
		return phone
	}
	return phone[:2] + maskRun + phone[len(phone)-5:]
}

// maskEmail masks the local part of an address, keeping its first two and last four
// characters when it is long enough, as in 10****2346@qq.com.
func maskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	switch {
	case !ok:
		return email
	case len(local) >= 8:
		return local[:2] + maskRun + local[len(local)-4:] + "@" + domain
	case len(local) >= 2:
		return local[:1] + maskRun + "@" + domain
	}
	return maskRun + "@" + domain
}

// masked returns the certificate as a masking service would answer it.
func masked(c Certificate) Certificate {
	info := &c.ApplicationInfo
	info.ApplicantPhone, info.ContactPhone = maskPhone(info.ApplicantPhone), maskPhone(info.ContactPhone)
	info.ApplicantEmail, info.ContactEmail = maskEmail(info.ApplicantEmail), maskEmail(info.ContactEmail)
	return c
}
