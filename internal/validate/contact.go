package validate

import (
	"fmt"
	"net/mail"
	"strings"
)

// MaxEmailLength is the service's cap on e-mail addresses.
const MaxEmailLength = 256

// Email accepts a bare address such as tom@example.com.
func Email(address string) error {
	if len(address) > MaxEmailLength {
		return fmt.Errorf("the address is %d characters long; at most %d are allowed", len(address), MaxEmailLength)
	}
	parsed, err := mail.ParseAddress(address)
	if err != nil || parsed.Address != address {
		return fmt.Errorf("%q is not an e-mail address; give a bare address such as name@example.com, without a display name", address)
	}
	_, domain, _ := strings.Cut(address, "@")
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return fmt.Errorf("%q has no domain that mail can be delivered to; give an address such as name@example.com", address)
	}
	return nil
}

// Phone accepts a phone number of 5 to 15 digits (the E.164 maximum), with an optional
// leading + and single spaces or hyphens between groups, such as 13212345678 or
// +86 132 1234 5678.
func Phone(number string) error {
	digits := 0
	prev := byte(0)
	for i := 0; i < len(number); i++ {
		c := number[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0:
		case (c == ' ' || c == '-') && prev >= '0' && prev <= '9' && i < len(number)-1:
		default:
			return fmt.Errorf("%q is not a phone number; use digits with an optional leading +, such as +8613212345678", number)
		}
		prev = c
	}
	if digits < 5 || digits > 15 {
		return fmt.Errorf("%q has %d digits; a phone number has 5 to 15, such as 13212345678", number, digits)
	}
	return nil
}
