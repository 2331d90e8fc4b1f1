package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Reference is the API's OpenAPI document in readable form, for the
// reference page: the operations by tag, then the schemas they use.
type Reference struct {
	Version     string
	Description string
	Tags        []RefTag
	Schemas     []RefSchema
}

// RefTag is a group of operations.
type RefTag struct {
	Name, Description, Anchor string
	Ops                       []RefOp
}

// RefOp is one operation.
type RefOp struct {
	Method, Path, ID, Summary, Description string
	Public                                 bool
	Params                                 []RefField
	Body                                   []RefMedium
	Responses                              []RefResponse
	// Errors are the statuses of its error answers, in the shared error shape.
	Errors []string
	// Curl is an example call.
	Curl string
}

// RefResponse is one successful answer.
type RefResponse struct {
	Status, Description string
	Media               []RefMedium
}

// RefMedium is a body of one media type: a type, and the fields of an
// object that has no schema of its own.
type RefMedium struct {
	MediaType string
	Type      RefType
	Fields    []RefField
}

// RefSchema is a named schema: an object's fields, or a type.
type RefSchema struct {
	Name   string
	Type   RefType
	Fields []RefField
}

// RefField is a property or parameter: its name, type, whether it is always
// there (or, for a parameter, required) and what it is.
type RefField struct {
	Name, In    string
	Type        RefType
	Required    bool
	Description string
}

// RefType is a type in words, with at most one schema to link: Before, then
// Ref (a schema's name, when set), then After.
type RefType struct{ Before, Ref, After string }

// APIReference returns the reference of the API, built from the same table
// and types as the OpenAPI document.
func APIReference() *Reference {
	d := buildDocument()
	ref := &Reference{Version: OpenAPIVersion, Description: apiDescription}
	for _, t := range d.Tags {
		rt := RefTag{Name: t.Name, Description: t.Description, Anchor: "tag-" + strings.ToLower(strings.ReplaceAll(t.Name, " ", "-"))}
		for _, op := range d.ops {
			if op.Tag == t.Name {
				rt.Ops = append(rt.Ops, refOp(d, op))
			}
		}
		ref.Tags = append(ref.Tags, rt)
	}
	names := make([]string, 0, len(d.Components.Schemas))
	for name := range d.Components.Schemas {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := d.Components.Schemas[name]
		ref.Schemas = append(ref.Schemas, RefSchema{Name: name, Type: describe(s), Fields: fields(s)})
	}
	return ref
}

func refOp(d *document, op *operation) RefOp {
	o := d.Paths[op.Path][strings.ToLower(op.Method)]
	r := RefOp{Method: op.Method, Path: op.Path, ID: op.ID, Summary: op.Summary, Description: op.Description, Public: op.Public}
	for _, p := range o.Parameters {
		r.Params = append(r.Params, RefField{Name: p.Name, In: p.In, Type: describe(p.Schema), Required: p.Required, Description: p.Description})
	}
	if o.RequestBody != nil {
		r.Body = media(o.RequestBody.Content)
	}
	for _, res := range op.Responses {
		dr := o.Responses[fmt.Sprint(res.Status)]
		r.Responses = append(r.Responses, RefResponse{Status: fmt.Sprint(res.Status) + " " + http.StatusText(res.Status),
			Description: res.Description, Media: media(dr.Content)})
	}
	for _, status := range op.errors() {
		if o.Responses[fmt.Sprint(status)].Ref != "" {
			r.Errors = append(r.Errors, fmt.Sprint(status)+" "+http.StatusText(status))
		}
	}
	r.Curl = curl(op, o)
	return r
}

func media(content map[string]docMedium) []RefMedium {
	var out []RefMedium
	for _, mt := range sortedKeys(content) {
		s := content[mt].Schema
		out = append(out, RefMedium{MediaType: mt, Type: describe(s), Fields: fields(s)})
	}
	return out
}

// fields lists an object's properties in the Go struct's order.
func fields(s *Schema) []RefField {
	var out []RefField
	for _, name := range s.order {
		out = append(out, RefField{Name: name, Type: describe(s.Properties[name]), Required: slices.Contains(s.Required, name)})
	}
	return out
}

// describe puts a schema's type in words.
func describe(s *Schema) RefType {
	switch {
	case s.Ref != "":
		return RefType{Ref: strings.TrimPrefix(s.Ref, "#/components/schemas/")}
	case len(s.AnyOf) == 2 && s.AnyOf[1].Type == "null":
		t := describe(s.AnyOf[0])
		return t.then(" or null")
	case len(s.AnyOf) > 0:
		var parts []string
		for _, a := range s.AnyOf {
			parts = append(parts, describe(a).String())
		}
		return RefType{Before: "one of: " + strings.Join(parts, "; ")}
	}
	var typ string
	var null bool
	switch t := s.Type.(type) {
	case string:
		typ = t
	case []string:
		typ, null = t[0], true
	}
	var out RefType
	switch {
	case typ == "":
		out = RefType{Before: "any JSON value"}
	case typ == "array":
		out = describe(s.Items)
		out.Before = "array of " + out.Before
	case typ == "object" && isSchema(s.AdditionalProperties):
		out = describe(s.AdditionalProperties.(*Schema))
		out.Before = "map of string to " + out.Before
	case len(s.Enum) > 0:
		var values []string
		for _, v := range s.Enum {
			if v != nil {
				values = append(values, fmt.Sprint(v))
			}
		}
		out = RefType{Before: typ + ": " + strings.Join(values, ", ")}
	default:
		out = RefType{Before: typ}
		if f := s.Format + s.ContentMediaType; f != "" {
			out.Before += " (" + f + ")"
		}
		if s.Minimum != nil && s.Maximum != nil {
			out.Before += fmt.Sprintf(", %d to %d", *s.Minimum, *s.Maximum)
		}
		if s.Default != nil {
			out.Before += fmt.Sprintf(", default %v", s.Default)
		}
	}
	if null {
		out = out.then(" or null")
	}
	return out
}

func isSchema(v any) bool { _, ok := v.(*Schema); return ok }

func (t RefType) then(s string) RefType { t.After += s; return t }

// String is the type in words, the linked schema's name included.
func (t RefType) String() string { return t.Before + t.Ref + t.After }

// curl is an example call of an operation with a token in $KAM_TOKEN and
// kam's address in $KAM_URL.
func curl(op *operation, o *docOperation) string {
	path := op.Path
	for _, p := range o.Parameters {
		if p.In == "path" {
			value := "1"
			if len(p.Schema.Enum) > 0 {
				value = fmt.Sprint(p.Schema.Enum[0])
			}
			path = strings.ReplaceAll(path, "{"+p.Name+"}", value)
		}
	}
	var b strings.Builder
	b.WriteString("curl")
	if op.Method != http.MethodGet {
		b.WriteString(" -X " + op.Method)
	}
	if !op.Public {
		b.WriteString(` -H "Authorization: Bearer $KAM_TOKEN"`)
	}
	if op.Example != "" {
		if strings.HasPrefix(op.Example, "{") {
			b.WriteString(" -H 'Content-Type: application/json' -d '" + op.Example + "'")
		} else {
			b.WriteString(" " + op.Example)
		}
	}
	b.WriteString(` "$KAM_URL` + path + op.Query + `"`)
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
