package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/scmteam/terraform-provider-scm/internal/validate"
)

// defaultDomainMethod plans domain_method when it is left out: FILE for an IP address,
// which only FILE validates, DNS otherwise; an existing application keeps its method.
type defaultDomainMethod struct{}

func (defaultDomainMethod) Description(context.Context) string {
	return "Defaults to FILE for an IP address and to DNS otherwise."
}

func (m defaultDomainMethod) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (defaultDomainMethod) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if !req.StateValue.IsNull() {
		resp.PlanValue = req.StateValue
		return
	}
	var domain types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("domain"), &domain)...)
	resp.PlanValue = plannedMethod(types.StringNull(), domain)
}

// plannedMethod is the validation method an application will have: the configured one,
// else the default for its domain; unknown while that is.
func plannedMethod(configured, domain types.String) types.String {
	switch {
	case !configured.IsNull():
		return configured
	case domain.IsUnknown():
		return types.StringUnknown()
	case validate.IsIP(domain.ValueString()):
		return types.StringValue("FILE")
	}
	return types.StringValue("DNS")
}

// plannedValidationRecords plans dns_validation_records. An application about to be
// created gets one element per domain, domain first and sans sorted, with the domain
// known and the record unknown, so that configurations can key for_each on the domain in
// the same apply; an existing application keeps its records.
type plannedValidationRecords struct{}

func (plannedValidationRecords) Description(context.Context) string {
	return "Plans one record per domain, keyed by the domain, when the application is created."
}

func (m plannedValidationRecords) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (plannedValidationRecords) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if !req.StateValue.IsNull() {
		resp.PlanValue = req.StateValue
		return
	}
	var domain, method types.String
	var sans types.Set
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("domain"), &domain)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("sans"), &sans)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("domain_method"), &method)...)
	method = plannedMethod(method, domain)
	if resp.Diagnostics.HasError() || domain.IsUnknown() || hasUnknown(sans) || method.IsUnknown() {
		return
	}
	if method.ValueString() != "DNS" {
		resp.PlanValue = types.ListValueMust(dnsRecordType, nil)
		return
	}
	sanList, diags := sortedStrings(ctx, sans)
	resp.Diagnostics.Append(diags...)
	elements := make([]attr.Value, 0, 1+len(sanList))
	for _, d := range append([]string{domain.ValueString()}, sanList...) {
		elements = append(elements, types.ObjectValueMust(dnsRecordType.AttrTypes, map[string]attr.Value{
			"domain": types.StringValue(d), "record_name": types.StringUnknown(),
			"record_type": types.StringUnknown(), "record_value": types.StringUnknown(),
		}))
	}
	resp.PlanValue = types.ListValueMust(dnsRecordType, elements)
}
