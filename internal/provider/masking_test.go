package provider

import "testing"

func TestMaskedAgrees(t *testing.T) {
	tests := []struct {
		masked, value string
		agrees        bool
	}{
		{"13****28932", "13612328932", true},
		{"13****28932", "13628932", true},
		{"13****28932", "1328932", false}, // the stars hide at least one character
		{"13****28932", "14612328932", false},
		{"13****28932", "13612328933", false},
		{"10****2346@qq.com", "1087652346@qq.com", true},
		{"10****2346@qq.com", "1087652346@qq.org", false},
		{"t****@example.com", "tom@example.com", true},
		{"****@example.com", "tom@example.com", true},
		{"****@example.com", "@example.com", false},
		{"13****", "1321", true},
		{"13****", "13", false},
		{"1*2*3", "1a2b3", true},
		{"1*2*3", "123", false},
	}
	for _, tt := range tests {
		if got := maskedAgrees(tt.masked, tt.value); got != tt.agrees {
			t.Errorf("maskedAgrees(%q, %q) = %v, want %v", tt.masked, tt.value, got, tt.agrees)
		}
	}
}
