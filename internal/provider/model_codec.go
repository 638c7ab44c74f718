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
// field per call (internal/reflect's isValidFieldName, upstream
// https://github.com/hashicorp/terraform-plugin-framework/issues/725), which made
// refreshing hundreds of applications measurably slower than the do-nothing floor
// (BENCHMARKS.md). Here the fields are found once, by their tfsdk tags, and each value is
// converted by its own attribute type. A test checks that the results are identical to
// the framework's; once that issue is fixed, the codec can give way to Get and Set.
type modelCodec[T any] struct {
	names  []string
	fields []int
	// broken says why the model cannot be converted, reported on every use.
	broken string
}

func newModelCodec[T any]() modelCodec[T] {
	var c modelCodec[T]
	t := reflect.TypeFor[T]()
	for i := range t.NumField() {
		name := t.Field(i).Tag.Get("tfsdk")
		if name == "" || name == "-" {
			c.broken = fmt.Sprintf("%s.%s has no tfsdk tag", t.Name(), t.Field(i).Name)
			return c
		}
		c.names, c.fields = append(c.names, name), append(c.fields, i)
	}
	return c
}

// bug reports a mismatch between the model and the schema, which only a change of the
// provider's code can cause.
func bug(diags *diag.Diagnostics, detail string) {
	diags.AddError("Provider bug: the resource model does not fit its schema", detail+
		". This is a bug in the provider, not in your configuration; please report it.")
}

// decode fills model from raw, an object value of schemaType.
func (c modelCodec[T]) decode(ctx context.Context, raw tftypes.Value, schemaType attr.Type, model *T) diag.Diagnostics {
	var diags diag.Diagnostics
	if c.broken != "" {
		bug(&diags, c.broken)
		return diags
	}
	attrTypes, ok := schemaType.(attr.TypeWithAttributeTypes)
	var values map[string]tftypes.Value
	if !ok || raw.As(&values) != nil {
		bug(&diags, "the data is not an object of the resource's schema")
		return diags
	}
	types := attrTypes.AttributeTypes()
	if len(types) != len(c.names) {
		bug(&diags, fmt.Sprintf("the schema has %d attributes and the model %d fields", len(types), len(c.names)))
		return diags
	}
	target := reflect.ValueOf(model).Elem()
	for i, name := range c.names {
		attrType, known := types[name]
		if !known {
			bug(&diags, fmt.Sprintf("the model's field %q is not an attribute of the schema", name))
			continue
		}
		value, err := attrType.ValueFromTerraform(ctx, values[name])
		if err != nil {
			diags.AddError("Cannot read attribute "+name, err.Error())
			continue
		}
		field := target.Field(c.fields[i])
		converted := reflect.ValueOf(value)
		if !converted.Type().AssignableTo(field.Type()) {
			bug(&diags, fmt.Sprintf("attribute %s holds a %T, which does not fit the model's %s", name, value, field.Type()))
			continue
		}
		field.Set(converted)
	}
	return diags
}

// encode returns model as an object value of schemaType.
func (c modelCodec[T]) encode(ctx context.Context, model *T, schemaType attr.Type) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	if c.broken != "" {
		bug(&diags, c.broken)
		return tftypes.Value{}, diags
	}
	source := reflect.ValueOf(model).Elem()
	values := make(map[string]tftypes.Value, len(c.names))
	for i, name := range c.names {
		value, ok := source.Field(c.fields[i]).Interface().(attr.Value)
		if !ok {
			bug(&diags, fmt.Sprintf("the model's field %q is not a Terraform value", name))
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
		bug(&diags, err.Error())
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
