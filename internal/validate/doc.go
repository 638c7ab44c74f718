// Package validate holds the checks of certificate application fields as plain Go
// functions, with no Terraform types, so that they can be tested and fuzzed directly.
// Each error says what is wrong with the value and what a right value looks like.
package validate
