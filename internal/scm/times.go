package scm

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// serviceTimeLayouts are the forms the service is documented or seen to give a time in
// (docs/api-notes.md, "Times"): "2027-12-04 13:11:27.0" with any fraction or none, and
// RFC 3339.
var serviceTimeLayouts = []string{"2006-01-02 15:04:05.999999999", time.RFC3339Nano}

// ParseTime reads a time the service sent, such as a certificate's not_after: the
// zero time for an empty text (not known yet), or an error that quotes what it could not
// read. A text without a zone is taken as UTC (an assumption, docs/api-notes.md); epoch
// milliseconds, as other SCM answers give times, are read too.
func ParseTime(text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}, nil
	}
	if ms, err := strconv.ParseInt(text, 10, 64); err == nil && len(text) >= 12 && len(text) <= 14 {
		return time.UnixMilli(ms).UTC(), nil
	}
	for _, layout := range serviceTimeLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time the SCM API is known to send (such as \"2027-12-04 13:11:27.0\", "+
		"epoch milliseconds, or RFC 3339)", snippet([]byte(text)))
}
