package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Timeouts are a nested attribute (timeouts = { create = "2h" }), not a block. The
// framework's documentation recommends attributes for providers written on it from the
// start: a block exists to stay compatible with providers migrated from SDKv2, which this
// one never was. Attributes also take a null or a value computed from variables as a
// whole, which blocks cannot. Decided before a 1.0 release, since switching later breaks
// every configuration that sets timeouts.

// timeoutsAttribute is the timeouts module's attribute with a description and a
// validator that refuses durations of zero or less.
func timeoutsAttribute(ctx context.Context, opts timeouts.Opts, description string, operations map[string]string) schema.Attribute {
	attribute, _ := timeouts.Attributes(ctx, opts).(schema.SingleNestedAttribute)
	attribute.MarkdownDescription = description
	for name, nested := range attribute.Attributes {
		duration, _ := nested.(schema.StringAttribute)
		duration.Description = ""
		duration.MarkdownDescription = operations[name] + ` A duration such as "30s", "10m" or "2h", above zero.`
		duration.Validators = []validator.String{positiveDuration{}}
		attribute.Attributes[name] = duration
	}
	return attribute
}
