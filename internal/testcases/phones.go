// Package testcases holds tables of cases that the provider's validators and the
// emulator's rules must judge alike: the two are written apart (the emulator must not
// share the provider's code), and one table keeps them agreeing.
package testcases

import "strings"

// Phone is a phone number and whether the service takes it.
type Phone struct {
	Number string
	Valid  bool
}

// Phones are numbers as people write them. The rule they test: an optional leading +,
// digits, single spaces, hyphens or dots between groups, at most one pair of parentheses
// around a group, an optional extension after ext, ext., x or #; 5 to 20 digits, the
// extension included, in at most 32 characters.
var Phones = []Phone{
	{"13212345678", true},
	{"+8613212345678", true},
	{"+86 132 1234 5678", true},
	{"020-12345678", true},
	{"12345", true},
	{"010.8888.8888", true},
	{"(010) 8888-8888", true},
	{"+86 (10) 8888 8888", true},
	{"+1 555-123-4567 ext 89", true},
	{"+1 555-123-4567 ext. 89", true},
	{"555-1234 x89", true},
	{"555-1234X89", true},
	{"555-1234 #89", true},
	{"0755-8888-8888-123", true},
	{strings.Repeat("1", 20), true},
	{"+86 10 8888 8888 ext 1234", true},
	{"", false},
	{"1234", false},
	{strings.Repeat("1", 21), false},
	{"+86 132 1234 5678 ext 12345678", false},            // 21 digits
	{"+1 (555) 123 4567 ext 1 2 3 4 5 6 7 8 9 0", false}, // spaces in the extension
	{"call me", false},
	{"+", false},
	{"++8613212345678", false},
	{"132--1234567", false},
	{"132  1234567", false},
	{"13212345678 ", false},
	{" 13212345678", false},
	{"132+12345678", false},
	{"13212345678x", false},
	{"(010) (8888) 8888", false},
	{"(010 8888 8888", false},
	{"()13212345678", false},
	{"1321234567８", false}, // a full-width digit
	{"+86 10 8888 8888 ext 12 34", false},
	{"1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7", false}, // 17 digits but 33 characters
}
