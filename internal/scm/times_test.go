package scm_test

import (
	"testing"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

func TestServiceTimesAreRead(t *testing.T) {
	want := time.Date(2027, 12, 4, 13, 11, 27, 0, time.UTC)
	for text, at := range map[string]time.Time{
		"2027-12-04 13:11:27.0":     want,
		"2027-12-04 13:11:27":       want,
		"2027-12-04 13:11:27.125":   want.Add(125 * time.Millisecond),
		"1827925887000":             want,
		"2027-12-04T13:11:27Z":      want,
		"2027-12-04T21:11:27+08:00": want,
		" 2027-12-04 13:11:27.0 ":   want,
		"":                          {},
	} {
		got, err := scm.ParseTime(text)
		if err != nil || !got.Equal(at) || (!got.IsZero() && got.Location() != time.UTC) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v in UTC", text, got, err, at)
		}
	}
	for _, text := range []string{"tomorrow", "2027-13-04 13:11:27.0", "12", "04/12/2027"} {
		if _, err := scm.ParseTime(text); err == nil {
			t.Errorf("ParseTime(%q) read a time", text)
		}
	}
}

// FuzzParseTime: whatever the service sends, reading it neither panics nor invents a time
// from an empty text, and a time it reads comes back unchanged from RFC 3339.
func FuzzParseTime(f *testing.F) {
	f.Add("2027-12-04 13:11:27.0")
	f.Add("1827925887000")
	f.Add("2027-12-04T21:11:27+08:00")
	f.Fuzz(func(t *testing.T, text string) {
		got, err := scm.ParseTime(text)
		if err != nil || got.IsZero() {
			return
		}
		back, err := time.Parse(time.RFC3339Nano, got.Format(time.RFC3339Nano))
		if err != nil || !back.Equal(got) {
			t.Errorf("ParseTime(%q) = %v, which does not survive RFC 3339: %v", text, got, err)
		}
	})
}
