// Package noopprovider is the floor of the benchmarks: a provider built with the same
// framework and serving the same schemas as the real one, whose resource does no work
// at all (no client, no I/O). Whatever the real provider takes beyond it is its own.
package noopprovider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	scmprovider "github.com/scmteam/terraform-provider-scm/internal/provider"
)

// New returns the do-nothing provider. Values that only the service would know are
// stored as nulls; with fillComputed they are stored as placeholders of the shape the
// real provider stores (a string for each, one validation record), so that Terraform's
// own work on the state is the same as with the real provider.
func New(fillComputed bool) func() provider.Provider {
	return func() provider.Provider {
		return &noopProvider{real: scmprovider.New("noop", "noop")(), fillComputed: fillComputed}
	}
}

type noopProvider struct {
	real         provider.Provider
	fillComputed bool
}

func (p *noopProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
}

func (p *noopProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.real.Schema(ctx, req, resp)
}

// Configure accepts the configuration and keeps nothing of it.
func (p *noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *noopProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newReal := range p.real.Resources(ctx) {
		out = append(out, func() resource.Resource { return &noopResource{real: newReal(), fillComputed: p.fillComputed} })
	}
	return out
}

func (p *noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// noopResource has the real resource's name and schema (validators and plan modifiers
// included) and stores the plan as the state.
type noopResource struct {
	real         resource.Resource
	fillComputed bool
}

func (r *noopResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *noopResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

func (r *noopResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = known(req.Plan.Raw, r.fillComputed)
}

func (r *noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *noopResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = known(req.Plan.Raw, r.fillComputed)
}

func (r *noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// placeholder stands for a string only the service would know.
const placeholder = "DV_SSL_CERT"

// known replaces the values only the real service would know, since a state may hold
// no unknown value: with nulls, or with placeholders of the same shape.
func known(plan tftypes.Value, fill bool) tftypes.Value {
	out, _ := tftypes.Transform(plan, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if !fill {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return filled(v.Type()), nil
	})
	return out
}

func filled(t tftypes.Type) tftypes.Value {
	switch t := t.(type) {
	case tftypes.List:
		return tftypes.NewValue(t, []tftypes.Value{filled(t.ElementType)})
	case tftypes.Object:
		values := map[string]tftypes.Value{}
		for name, attrType := range t.AttributeTypes {
			values[name] = filled(attrType)
		}
		return tftypes.NewValue(t, values)
	}
	if t.Is(tftypes.String) {
		return tftypes.NewValue(t, placeholder)
	}
	return tftypes.NewValue(t, nil)
}
