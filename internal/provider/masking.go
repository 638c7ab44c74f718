package provider

import "strings"

// The service may answer phones and e-mails masked, as 13****28932 or
// 10****2346@qq.com: a run of * stands for one or more hidden characters.

func isMasked(value string) bool { return strings.Contains(value, "*") }

// maskedAgrees reports whether value could be what a masked answer hides: the visible
// parts are there, in order, and each run of * hides at least one character.
func maskedAgrees(masked, value string) bool {
	if masked == "" {
		return value == ""
	}
	if masked[0] == '*' {
		rest := strings.TrimLeft(masked, "*")
		for hidden := 1; hidden <= len(value); hidden++ {
			if maskedAgrees(rest, value[hidden:]) {
				return true
			}
		}
		return false
	}
	return value != "" && value[0] == masked[0] && maskedAgrees(masked[1:], value[1:])
}
