package api

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/score"
)

// Schema is a JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it), of the
// subset the document needs. Type is a string, or a list of them when a
// value may also be null.
type Schema struct {
	Ref                  string             `json:"$ref,omitempty"`
	Type                 any                `json:"type,omitempty"`
	Format               string             `json:"format,omitempty"`
	ContentMediaType     string             `json:"contentMediaType,omitempty"`
	Description          string             `json:"description,omitempty"`
	Enum                 []any              `json:"enum,omitempty"`
	Default              any                `json:"default,omitempty"`
	Minimum              *int               `json:"minimum,omitempty"`
	Maximum              *int               `json:"maximum,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	AdditionalProperties any                `json:"additionalProperties,omitempty"` // *Schema, or false
	AnyOf                []*Schema          `json:"anyOf,omitempty"`

	// order is the properties in the Go struct's order, for the reference page.
	order []string
}

// enums are the named string types whose values are a known list: their
// schemas carry it. Add a type here when a handler checks its values.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[kam.AccountStatus](): statusNames,
	reflect.TypeFor[kam.AccountSort]():   accountSorts,
	reflect.TypeFor[score.Stage]():       names(score.Stages),
}

// componentNames name the components of types whose Go name reads badly in
// the document.
var componentNames = map[reflect.Type]string{
	reflect.TypeFor[errorBody]():               "Error",
	reflect.TypeFor[opportunityJSON]():         "PipelineDeal",
	reflect.TypeFor[stageTotalJSON]():          "StageTotal",
	reflect.TypeFor[opportunityListResponse](): "Pipeline",
}

// specialSchemas are the types that marshal themselves, by their JSON form.
// A type that implements json.Marshaler and is not here fails generation, so
// that the document never guesses.
var specialSchemas = map[reflect.Type]func() *Schema{
	reflect.TypeFor[time.Time](): func() *Schema { return &Schema{Type: "string", Format: "date-time"} },
	reflect.TypeFor[kam.Date](): func() *Schema {
		return &Schema{Type: []string{"string", "null"}, Format: "date", Description: "A day as YYYY-MM-DD; null when unset."}
	},
	reflect.TypeFor[kam.Money](): func() *Schema {
		return &Schema{Type: "number", Description: "An exact amount in currency units, up to four decimals."}
	},
	reflect.TypeFor[json.RawMessage](): func() *Schema { return &Schema{Description: "Any JSON value."} },
}

// schemaBuilder turns Go types into schemas, each named struct type (and
// enumerated string type) once as a component.
//
// A request body's objects differ from an answer's: handlers decode them
// strictly (no unknown field) and a field left out is its zero value, so
// they have additionalProperties false and require only what the operation
// says. The builder writes them in request mode, a type used both ways as
// two components, the request's named with "Input".
type schemaBuilder struct {
	components map[string]*Schema
	names      map[builtType]string // component name of each type and mode
	taken      map[string]bool
	request    bool // building a request body's schema
}

type builtType struct {
	t       reflect.Type
	request bool
}

func newSchemaBuilder() *schemaBuilder {
	return &schemaBuilder{components: map[string]*Schema{}, names: map[builtType]string{}, taken: map[string]bool{}}
}

// requestSchema returns the schema of a request body of type t.
func (b *schemaBuilder) requestSchema(t reflect.Type) *Schema {
	b.request = true
	defer func() { b.request = false }()
	return b.schema(t)
}

// schema returns the schema of values of t as encoding/json writes them.
func (b *schemaBuilder) schema(t reflect.Type) *Schema {
	if t.Kind() == reflect.Pointer {
		return nullable(b.schema(t.Elem()))
	}
	if f, ok := specialSchemas[t]; ok {
		return f()
	}
	if values, ok := enums[t]; ok {
		return b.component(t, func() *Schema { return &Schema{Type: "string", Enum: anys(values)} })
	}
	if t.Implements(reflect.TypeFor[json.Marshaler]()) || reflect.PointerTo(t).Implements(reflect.TypeFor[json.Marshaler]()) {
		panic(fmt.Sprintf("api: OpenAPI: %v marshals itself; add its schema to specialSchemas", t))
	}
	if t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		return &Schema{Type: "string"}
	}
	switch t.Kind() {
	case reflect.String:
		return &Schema{Type: "string"}
	case reflect.Bool:
		return &Schema{Type: "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return &Schema{Type: "integer"}
	case reflect.Int64, reflect.Uint64:
		return &Schema{Type: "integer", Format: "int64"}
	case reflect.Float32, reflect.Float64:
		return &Schema{Type: "number"}
	case reflect.Interface:
		return &Schema{}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &Schema{Type: "string", Format: "byte"}
		}
		return &Schema{Type: "array", Items: b.element(t.Elem())}
	case reflect.Map:
		return &Schema{Type: "object", AdditionalProperties: b.element(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" || strings.Contains(t.Name(), "[") { // anonymous or generic: inline
			return b.object(t)
		}
		return b.component(t, func() *Schema { return b.object(t) })
	}
	panic(fmt.Sprintf("api: OpenAPI: no schema for %v", t))
}

// element is the schema of a list's or map's values: a nil pointer is never
// one, so pointers there are not nullable.
func (b *schemaBuilder) element(t reflect.Type) *Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return b.schema(t)
}

// component registers t's schema under its name, once, and refers to it.
func (b *schemaBuilder) component(t reflect.Type, build func() *Schema) *Schema {
	key := builtType{t, b.request && t.Kind() == reflect.Struct}
	name, ok := b.names[key]
	if !ok {
		name = b.nameOf(t)
		if _, both := b.names[builtType{t, !key.request}]; both && key.request {
			name += "Input"
		}
		b.names[key], b.taken[name] = name, true
		b.components[name] = &Schema{} // a placeholder while a recursive type builds
		*b.components[name] = *build()
	}
	return &Schema{Ref: "#/components/schemas/" + name}
}

// nameOf names a type's component: its Go name, capitalised, prefixed with
// its package's when another type has the name already.
func (b *schemaBuilder) nameOf(t reflect.Type) string {
	if name, ok := componentNames[t]; ok {
		return name
	}
	name := upperFirst(t.Name())
	if b.taken[name] {
		pkg := t.PkgPath()
		name = upperFirst(pkg[strings.LastIndex(pkg, "/")+1:]) + name
	}
	return name
}

// object is a struct's schema: its JSON fields, the ones without omitempty
// required (they are always written).
func (b *schemaBuilder) object(t reflect.Type) *Schema {
	s := &Schema{Type: "object", Properties: map[string]*Schema{}}
	envelope := strings.HasPrefix(t.Name(), "listResponse[") || strings.HasPrefix(t.Name(), "itemResponse[")
	for _, f := range jsonFields(t) {
		var fs *Schema
		switch {
		case envelope && f.name == "data":
			fs = b.element(f.typ) // the API always sends data, lists as []
		case f.omitEmpty && f.typ.Kind() == reflect.Pointer:
			fs = b.schema(f.typ.Elem()) // absent, never null
		case !f.omitEmpty && (f.typ.Kind() == reflect.Slice || f.typ.Kind() == reflect.Map) && f.typ != reflect.TypeFor[json.RawMessage]():
			fs = nullable(b.schema(f.typ)) // a nil list or map is written null
		default:
			fs = b.schema(f.typ)
		}
		s.Properties[f.name] = fs
		s.order = append(s.order, f.name)
		if !f.omitEmpty && !b.request {
			s.Required = append(s.Required, f.name)
		}
	}
	if b.request {
		s.AdditionalProperties = false // handlers refuse unknown fields
	}
	return s
}

// nullable returns s allowing null as well.
func nullable(s *Schema) *Schema {
	switch typ := s.Type.(type) {
	case string:
		c := *s
		c.Type = []string{typ, "null"}
		if c.Enum != nil {
			c.Enum = append(append([]any{}, c.Enum...), nil)
		}
		return &c
	case []string:
		return s // already nullable
	}
	if s.Ref == "" && s.AnyOf == nil {
		return s // any value: null included
	}
	return &Schema{AnyOf: []*Schema{s, {Type: "null"}}}
}

// jsonField is one field of a struct as encoding/json sees it.
type jsonField struct {
	name      string
	typ       reflect.Type
	omitEmpty bool
	index     []int
	tagged    bool
}

// jsonFields lists a struct's JSON fields by encoding/json's rules: embedded
// structs without a name in their tag lend their fields, the shallowest field
// of a name wins, a tagged one among equals, and equals otherwise cancel out.
func jsonFields(t reflect.Type) []jsonField {
	var all []jsonField
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := sf.Type
			if sf.Anonymous {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if name == "" && et.Kind() == reflect.Struct {
					if !sf.IsExported() && ft.Kind() == reflect.Pointer {
						continue
					}
					walk(et, append(append([]int{}, index...), i))
					continue
				}
				if !sf.IsExported() && et.Kind() != reflect.Struct {
					continue
				}
			} else if !sf.IsExported() {
				continue
			}
			tagged := name != ""
			if !tagged {
				name = sf.Name
			}
			opts = "," + opts + ","
			// omitempty leaves out no struct (kam.Date included); omitzero does.
			omit := strings.Contains(opts, ",omitempty,") && ft.Kind() != reflect.Struct || strings.Contains(opts, ",omitzero,")
			all = append(all, jsonField{name: name, typ: ft, omitEmpty: omit, index: append(append([]int{}, index...), i), tagged: tagged})
		}
	}
	walk(t, nil)
	var out []jsonField
	for _, f := range all {
		var rivals []jsonField // the fields of f's name at the shallowest depth
		for _, g := range all {
			switch {
			case g.name != f.name:
			case len(rivals) == 0 || len(g.index) < len(rivals[0].index):
				rivals = []jsonField{g}
			case len(g.index) == len(rivals[0].index):
				rivals = append(rivals, g)
			}
		}
		var tagged []jsonField
		for _, g := range rivals {
			if g.tagged {
				tagged = append(tagged, g)
			}
		}
		if len(tagged) > 0 {
			rivals = tagged
		}
		if len(rivals) == 1 && sameIndex(rivals[0].index, f.index) {
			out = append(out, f)
		}
	}
	return out
}

func sameIndex(a, b []int) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

func anys(values []string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}
