package validate

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Contact details are personal data: the errors below say what is wrong without
// repeating the value, so that it reaches no diagnostic and no log.

// MaxEmailLength is the service's cap on e-mail addresses, in characters.
const MaxEmailLength = 256

// Email accepts a bare address such as tom@example.com.
func Email(address string) error {
	if n := utf8.RuneCountInString(address); n > MaxEmailLength {
		return fmt.Errorf("it is %d characters long; an address has at most %d", n, MaxEmailLength)
	}
	parsed, err := mail.ParseAddress(address)
	if err != nil || parsed.Address != address {
		return fmt.Errorf("it is not a bare e-mail address; give one such as name@example.com, without a display name or angle brackets")
	}
	_, domain, _ := strings.Cut(address, "@")
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return fmt.Errorf("its domain cannot receive mail; give an address such as name@example.com")
	}
	return nil
}

// Phone number limits: 5 to 20 digits, the extension included, in at most 32 characters.
const (
	MinPhoneDigits = 5
	MaxPhoneDigits = 20
	MaxPhoneLength = 32
)

// PhoneRule says in words what Phone accepts, for messages and docs.
const PhoneRule = "digits with an optional leading +, single spaces, hyphens or dots between groups, at most one " +
	"pair of parentheses around a group (an area code), and an optional extension after ext, x or #: " +
	"5 to 20 digits in all, at most 32 characters, such as 13800138000, +86 10 8888 8888, (010) 8888-8888 or " +
	"+1 555-123-4567 ext 89"

// Phone accepts a phone number as people write it, by PhoneRule.
func Phone(number string) error {
	if n := utf8.RuneCountInString(number); n > MaxPhoneLength {
		return fmt.Errorf("it is %d characters long; a phone number has at most %d", n, MaxPhoneLength)
	}
	main, extension := splitExtension(number)
	digits, err := phoneDigits(main)
	if err != nil {
		return err
	}
	digits += len(extension)
	if digits < MinPhoneDigits || digits > MaxPhoneDigits {
		return fmt.Errorf("it has %d digits; a phone number has %d to %d, its extension included", digits, MinPhoneDigits, MaxPhoneDigits)
	}
	return nil
}

// splitExtension cuts a trailing extension (ext, ext., x or # and digits) off a number.
func splitExtension(number string) (main, extension string) {
	end := len(number)
	start := end
	for start > 0 && isDigit(number[start-1]) {
		start--
	}
	if start == end {
		return number, ""
	}
	rest := strings.TrimRight(number[:start], " ")
	lower := strings.ToLower(rest)
	for _, marker := range []string{"ext.", "ext", "x", "#"} {
		if strings.HasSuffix(lower, marker) {
			return strings.TrimRight(rest[:len(rest)-len(marker)], " "), number[start:]
		}
	}
	return number, ""
}

// phoneDigits counts the digits of a number without extension, checking its form.
func phoneDigits(main string) (int, error) {
	digits, parentheses := 0, 0
	afterGroup := false // whether the last thing read was a group of digits
	for i := 0; i < len(main); i++ {
		c := main[i]
		switch {
		case isDigit(c):
			digits++
			afterGroup = true
		case c == '+' && i == 0:
		case c == '(':
			end := strings.IndexByte(main[i:], ')')
			if end < 2 || !allDigits(main[i+1:i+end]) {
				return 0, fmt.Errorf("a parenthesis is not closed around digits; write an area code as (010)")
			}
			if parentheses++; parentheses > 1 {
				return 0, fmt.Errorf("it has more than one pair of parentheses; use them only around the area code")
			}
			digits += end - 1
			i += end
			afterGroup = true
		case c == ' ' || c == '-' || c == '.':
			if !afterGroup || i == len(main)-1 {
				return 0, fmt.Errorf("a space, hyphen or dot is doubled or at an end; put one between groups of digits")
			}
			afterGroup = false
		default:
			r, _ := utf8.DecodeRuneInString(main[i:])
			return 0, fmt.Errorf("it has the character %q; use %s", r, PhoneRule)
		}
	}
	return digits, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
