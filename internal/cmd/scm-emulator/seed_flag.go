package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

// parseSeed reads the -certificate flag: the id, then parts that are either positional
// (type, domain_type, domain_count, in that order) or key=value.
func parseSeed(value string) (emulator.Seed, error) {
	parts := strings.Split(value, ",")
	seed := emulator.Seed{ID: parts[0]}
	positional := []string{"type", "domain_type", "domain_count"}
	for i, part := range parts[1:] {
		key, val, named := strings.Cut(part, "=")
		if !named {
			if i >= len(positional) {
				return seed, fmt.Errorf("%q has more than three positional parts after the id; name the others, as wildcard_count=1", value)
			}
			key, val = positional[i], part
		}
		if err := setSeedField(&seed, key, val); err != nil {
			return seed, fmt.Errorf("%q: %w", value, err)
		}
	}
	return seed, nil
}

func setSeedField(seed *emulator.Seed, key, value string) error {
	number := func(target *int) error {
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("%s %q is not a number", key, value)
		}
		*target = n
		return nil
	}
	switch key {
	case "type":
		seed.Type = value
	case "domain_type":
		seed.DomainType = value
	case "brand":
		seed.Brand = value
	case "domain_count":
		return number(&seed.DomainCount)
	case "wildcard_count":
		return number(&seed.WildcardCount)
	case "refuse":
		refuse, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("refuse %q is not true or false", value)
		}
		seed.Refuse = refuse
	case "in_use":
		seed.InUse = value
	default:
		return fmt.Errorf("unknown part %q; the parts are type, domain_type, domain_count, wildcard_count, brand, refuse and in_use", key)
	}
	return nil
}
