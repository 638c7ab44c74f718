package provider

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// modelCodec converts between a model struct and the raw Terraform value of a schema,
// like the framework's Get and Set. It exists for speed: in framework v1.19 Get and Set
// walk the schema from the root for every field and compile a regular expression per
// field per call, which made refreshing hundreds of applications measurably slower
// than the do-nothing floor (BENCHMARKS.md). Here the fields are found once, by their
// tfsdk tags, and each value is converted by its own attribute type. A test checks that
// the results are identical to the framework's.
type modelCodec[T any] struct {
	names  []string
	fields []int
}

func newModelCodec[T any]() modelCodec[T] {
	var c modelCodec[T]
	t := reflect.TypeFor[T]()
	for i := range t.NumField() {
		name := t.Field(i).Tag.Get("tfsdk")
		if name == "" || name == "-" {
			panic(fmt.Sprintf("%s.%s has no tfsdk tag", t.Name(), t.Field(i).Name))
		}
		c.names, c.fields = append(c.names, name), append(c.fields, i)
	}
	return c
}

// decode fills model from raw, an object value of schemaType.
func (c modelCodec[T]) decode(ctx context.Context, raw tftypes.Value, schemaType attr.Type, model *T) diag.Diagnostics {
	var diags diag.Diagnostics
	attrTypes, ok := schemaType.(attr.TypeWithAttributeTypes)
	var values map[string]tftypes.Value
	if !ok || raw.As(&values) != nil {
		diags.AddError("Cannot read the resource data", "The data is not an object of the resource's schema. This is a bug in the provider; please report it.")
		return diags
	}
	types := attrTypes.AttributeTypes()
	target := reflect.ValueOf(model).Elem()
	for i, name := range c.names {
		value, err := types[name].ValueFromTerraform(ctx, values[name])
		if err != nil {
			diags.AddError("Cannot read attribute "+name, err.Error())
			continue
		}
		field := target.Field(c.fields[i])
		converted := reflect.ValueOf(value)
		if !converted.Type().AssignableTo(field.Type()) {
			diags.AddError("Cannot read attribute "+name, fmt.Sprintf("%T does not fit a %s. This is a bug in the provider; please report it.", value, field.Type()))
			continue
		}
		field.Set(converted)
	}
	return diags
}

// encode returns model as an object value of schemaType.
func (c modelCodec[T]) encode(ctx context.Context, model *T, schemaType attr.Type) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	source := reflect.ValueOf(model).Elem()
	values := make(map[string]tftypes.Value, len(c.names))
	for i, name := range c.names {
		value, ok := source.Field(c.fields[i]).Interface().(attr.Value)
		if !ok {
			diags.AddError("Cannot write attribute "+name, "The field is not a Terraform value. This is a bug in the provider; please report it.")
			continue
		}
		tfValue, err := value.ToTerraformValue(ctx)
		if err != nil {
			diags.AddError("Cannot write attribute "+name, err.Error())
			continue
		}
		values[name] = tfValue
	}
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	objectType := schemaType.TerraformType(ctx)
	if err := tftypes.ValidateValue(objectType, values); err != nil {
		diags.AddError("Cannot write the resource data", err.Error()+". This is a bug in the provider; please report it.")
		return tftypes.Value{}, diags
	}
	return tftypes.NewValue(objectType, values), diags
}

// schemaTyped is a tfsdk schema, as held by tfsdk.State and tfsdk.Plan.
type schemaTyped interface {
	Type() attr.Type
}

var applicationCodec = newModelCodec[certificateApplicationModel]()

// getApplication reads a plan or state into a model, as tfsdk.State.Get would.
func getApplication(ctx context.Context, raw tftypes.Value, schema schemaTyped, model *certificateApplicationModel) diag.Diagnostics {
	return applicationCodec.decode(ctx, raw, schema.Type(), model)
}

// setApplication writes a model into a state, as tfsdk.State.Set would.
func setApplication(ctx context.Context, state *tfsdk.State, model *certificateApplicationModel) diag.Diagnostics {
	raw, diags := applicationCodec.encode(ctx, model, state.Schema.Type())
	if !diags.HasError() {
		state.Raw = raw
	}
	return diags
}
