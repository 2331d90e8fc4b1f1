package api

import (
	"reflect"
	"strings"
)

// operation is one route and method of the API as the OpenAPI document and
// the reference page describe it. The table of them is in openapi_table.go;
// documenting a new route is adding an entry there.
type operation struct {
	Method, Path string
	// ID is the operationId: unique, lowerCamelCase, verb first.
	ID  string
	Tag string
	// Summary is a few words; Description says what the handler does, as its
	// doc comment does.
	Summary, Description string
	// PathParams describes the path's parameters by name; a parameter not
	// here is a record's id (a positive whole number).
	PathParams map[string]*param
	// Params are the query parameters and headers the handler reads.
	Params []*param
	// Body is the request body, nil for none.
	Body *body
	// Responses are the successful answers.
	Responses []response
	// Errors are the error statuses beyond those every operation of its kind
	// has (see operation.errors): 403, 409, 412, 422, 428.
	Errors []int
	// Public operations need no token.
	Public bool
	// Example is an example body: JSON, or curl's arguments for other
	// media (-F file=@accounts.csv). Query is an example query string.
	Example, Query string
}

// body is a request body: JSON of a Go type, or other media.
type body struct {
	Media []medium
	// Required are the fields of a JSON body the handler needs; the others
	// may be left out.
	Required []string
}

// response is one successful answer: a status, a description, and its body
// in one or more media types (none for 204).
type response struct {
	Status      int
	Description string
	Media       []medium
	// Headers it sets, by name, with what they mean.
	Headers map[string]string
}

// medium is a body of one media type: JSON of a Go type, or a schema given
// as is (files, free JSON).
type medium struct {
	Type string
	// GoTypes are the Go types of the body: one, or the alternatives a
	// handler chooses between.
	GoTypes []reflect.Type
	Schema  *Schema
}

func (b *body) media() []medium    { return b.Media }
func (r response) media() []medium { return r.Media }
func (m medium) schema(b *schemaBuilder) *Schema {
	switch len(m.GoTypes) {
	case 0:
		return m.Schema
	case 1:
		return b.schema(m.GoTypes[0])
	}
	s := &Schema{}
	for _, t := range m.GoTypes {
		s.AnyOf = append(s.AnyOf, b.schema(t))
	}
	return s
}

func (r response) headers() map[string]docHeader {
	if len(r.Headers) == 0 {
		return nil
	}
	out := map[string]docHeader{}
	for name, desc := range r.Headers {
		out[name] = docHeader{Description: desc, Schema: &Schema{Type: "string"}}
	}
	return out
}

// jsonOf is a JSON medium of Go type T.
func jsonOf[T any]() medium {
	return medium{Type: "application/json", GoTypes: []reflect.Type{reflect.TypeFor[T]()}}
}

// jsonAnyOf is a JSON medium of one of several Go types.
func jsonAnyOf(types ...reflect.Type) medium { return medium{Type: "application/json", GoTypes: types} }

// typeOf is Go type T, for jsonAnyOf.
func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// jsonBody is a JSON request body of Go type T with its required fields.
func jsonBody[T any](required ...string) *body {
	return &body{Media: []medium{jsonOf[T]()}, Required: required}
}

// ok is a 200 with a JSON body of Go type T.
func ok[T any](description string) response {
	return response{Status: 200, Description: description, Media: []medium{jsonOf[T]()}}
}

// created is a 201 with a JSON body of Go type T.
func created[T any](description string) response {
	return response{Status: 201, Description: description, Media: []medium{jsonOf[T]()}}
}

// noContent is a 204.
func noContent(description string) response { return response{Status: 204, Description: description} }

// param is an OpenAPI parameter: in the query, the path or a header.
type param struct {
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Description string  `json:"description"`
	Required    bool    `json:"required,omitempty"`
	Schema      *Schema `json:"schema"`
}

// query parameters by the kind of value the handler's params reads.

func qString(name, description string) *param {
	return &param{Name: name, In: "query", Description: description, Schema: &Schema{Type: "string"}}
}

func qEnum(name string, values []string, description string) *param {
	return &param{Name: name, In: "query", Description: description, Schema: &Schema{Type: "string", Enum: anys(values)}}
}

func qID(name, description string) *param {
	return &param{Name: name, In: "query", Description: description, Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr(1)}}
}

func qInt(name string, def, lo, hi int, description string) *param {
	return &param{Name: name, In: "query", Description: description,
		Schema: &Schema{Type: "integer", Minimum: ptr(lo), Maximum: ptr(hi), Default: def}}
}

func qBool(name, description string) *param {
	return &param{Name: name, In: "query", Description: description, Schema: &Schema{Type: "boolean", Default: false}}
}

func qDate(name, description string) *param {
	return &param{Name: name, In: "query", Description: description, Schema: &Schema{Type: "string", Format: "date"}}
}

// pathID is a path parameter that is a record's id.
func pathID(name, description string) *param {
	return &param{Name: name, In: "path", Description: description, Required: true,
		Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr(1)}}
}

// pathEnum is a path parameter that is one of values.
func pathEnum(name string, values []string, description string) *param {
	return &param{Name: name, In: "path", Description: description, Required: true, Schema: &Schema{Type: "string", Enum: anys(values)}}
}

// header is a request header the handler reads.
func header(name, description string) *param {
	return &param{Name: name, In: "header", Description: description, Schema: &Schema{Type: "string"}}
}

// asOf is the as_of parameter of the insight routes.
func asOf(what string) *param {
	return qDate("as_of", "Judge "+what+" from what was known on this day (YYYY-MM-DD); default today.")
}

// limit is the limit parameter of a list.
func limit(def, hi int) *param {
	return qInt("limit", def, 1, hi, "How many to list at most.")
}

// idOf names the record a path's id is of.
func idOf(thing string) map[string]*param {
	return map[string]*param{"id": pathID("id", "The "+thing+"'s id.")}
}

func ptr[T any](v T) *T { return &v }

// sentence joins values for a description: "a, b or c".
func sentence(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}
