package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// OpenAPIVersion is the version of the API that the OpenAPI document states.
// Raise it when the API changes.
const OpenAPIVersion = "1.0.0"

// document is an OpenAPI 3.1 document.
type document struct {
	OpenAPI    string                              `json:"openapi"`
	Info       docInfo                             `json:"info"`
	Servers    []docServer                         `json:"servers"`
	Security   []map[string][]string               `json:"security"`
	Tags       []docTag                            `json:"tags"`
	Paths      map[string]map[string]*docOperation `json:"paths"`
	Components docComponents                       `json:"components"`
	ops        []*operation                        // the table it was built from, in order
	schemas    *schemaBuilder                      // its schemas, with their fields' order
}

type docInfo struct {
	Title       string `json:"title"`
	Version     string `json:"version"`
	Description string `json:"description"`
}

type docServer struct {
	URL         string `json:"url"`
	Description string `json:"description"`
}

type docTag struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

type docOperation struct {
	OperationID string                  `json:"operationId"`
	Tags        []string                `json:"tags"`
	Summary     string                  `json:"summary"`
	Description string                  `json:"description,omitempty"`
	Parameters  []*param                `json:"parameters,omitempty"`
	RequestBody *docRequestBody         `json:"requestBody,omitempty"`
	Responses   map[string]*docResponse `json:"responses"`
	Security    []map[string][]string   `json:"security,omitempty"`
}

type docRequestBody struct {
	Required bool                 `json:"required"`
	Content  map[string]docMedium `json:"content"`
}

type docResponse struct {
	Ref         string               `json:"$ref,omitempty"`
	Description string               `json:"description,omitempty"`
	Headers     map[string]docHeader `json:"headers,omitempty"`
	Content     map[string]docMedium `json:"content,omitempty"`
}

type docHeader struct {
	Description string  `json:"description"`
	Schema      *Schema `json:"schema"`
}

type docMedium struct {
	Schema  *Schema `json:"schema"`
	Example any     `json:"example,omitempty"`
}

type docComponents struct {
	Schemas         map[string]*Schema      `json:"schemas"`
	Responses       map[string]*docResponse `json:"responses"`
	SecuritySchemes map[string]docSecurity  `json:"securitySchemes"`
}

type docSecurity struct {
	Type         string `json:"type"`
	Scheme       string `json:"scheme"`
	BearerFormat string `json:"bearerFormat"`
	Description  string `json:"description"`
}

// errorResponses are the error answers operations share, by status, with
// the name of their component.
var errorResponses = map[int]struct{ name, description string }{
	400: {"BadRequest", "The request is not valid: an unknown or repeated query parameter, a bad value, or a bad body. error.field names what is wrong."},
	401: {"Unauthorized", "No API token, or one that is unknown, revoked or expired."},
	403: {"Forbidden", "The token's user may not do this, or the token is read only."},
	404: {"NotFound", "There is no such record, or it is outside the token user's scope."},
	409: {"Conflict", "The change conflicts with the record as it is now."},
	412: {"PreconditionFailed", "The record changed since the version given (If-Match)."},
	413: {"PayloadTooLarge", "The body is over the size limit."},
	415: {"UnsupportedMediaType", "The body is not of a media type the route reads."},
	422: {"UnprocessableEntity", "The Idempotency-Key was used before with another body."},
	428: {"PreconditionRequired", "The change needs the record's version in If-Match."},
	429: {"TooManyRequests", "Too many requests; Retry-After says when to try again."},
}

var openAPIJSON = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(buildDocument())
	return buf.Bytes(), err
})

// OpenAPI returns the API's OpenAPI 3.1 document as JSON. It is built once,
// from the table of operations and the Go types the handlers read and write.
func OpenAPI() []byte {
	b, err := openAPIJSON()
	if err != nil {
		panic("api: OpenAPI document: " + err.Error())
	}
	return b
}

// ServeOpenAPI serves GET /api/v1/openapi.json, to anyone: the document
// changes only with the binary, so caches may keep it an hour.
func (h *Handler) ServeOpenAPI(w http.ResponseWriter, r *http.Request) {
	if q := newParams(r.URL.Query()); q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, "openapi.json", time.Time{}, bytes.NewReader(OpenAPI()))
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// buildDocument turns the table of operations into the document.
func buildDocument() *document {
	b := newSchemaBuilder()
	d := &document{
		OpenAPI:  "3.1.1",
		Info:     docInfo{Title: "kam API", Version: OpenAPIVersion, Description: apiDescription},
		Servers:  []docServer{{URL: "/", Description: "The kam server that serves this document."}},
		Security: []map[string][]string{{"bearer": {}}},
		Tags:     tags,
		Paths:    map[string]map[string]*docOperation{},
		Components: docComponents{Schemas: b.components, Responses: map[string]*docResponse{},
			SecuritySchemes: map[string]docSecurity{"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "kam_...",
				Description: "An API token from kam token create USER, sent as Authorization: Bearer kam_...."}}},
		ops:     operations(),
		schemas: b,
	}
	errSchema := b.schema(reflect.TypeFor[errorBody]())
	for _, op := range d.ops {
		item := d.Paths[op.Path]
		if item == nil {
			item = map[string]*docOperation{}
			d.Paths[op.Path] = item
		}
		method := strings.ToLower(op.Method)
		if item[method] != nil {
			panic("api: OpenAPI: " + op.Method + " " + op.Path + " is in the table twice")
		}
		o := &docOperation{OperationID: op.ID, Tags: []string{op.Tag}, Summary: op.Summary, Description: op.Description,
			Parameters: op.params(), Responses: map[string]*docResponse{}}
		if op.Public {
			o.Security = []map[string][]string{{}}
		}
		if op.Body != nil {
			o.RequestBody = &docRequestBody{Required: true, Content: map[string]docMedium{}}
			for _, m := range op.Body.media() {
				dm := docMedium{Schema: m.Schema}
				if len(m.GoTypes) > 1 {
					dm.Schema = &Schema{}
					for _, t := range m.GoTypes {
						dm.Schema.AnyOf = append(dm.Schema.AnyOf, b.requestSchema(t))
					}
				}
				if len(m.GoTypes) == 1 {
					dm.Schema = b.requestSchema(m.GoTypes[0])
					target := dm.Schema // an inline object, or the component it refers to
					if c := b.components[strings.TrimPrefix(dm.Schema.Ref, "#/components/schemas/")]; c != nil {
						target = c
					}
					target.Required = op.Body.Required
				}
				if m.Type == "application/json" && strings.HasPrefix(op.Example, "{") {
					if err := json.Unmarshal([]byte(op.Example), &dm.Example); err != nil {
						panic("api: OpenAPI: " + op.ID + ": example: " + err.Error())
					}
				}
				o.RequestBody.Content[m.Type] = dm
			}
		}
		for _, res := range op.Responses {
			dr := &docResponse{Description: res.Description, Headers: res.headers()}
			for _, m := range res.media() {
				if dr.Content == nil {
					dr.Content = map[string]docMedium{}
				}
				dr.Content[m.Type] = docMedium{Schema: m.schema(b)}
			}
			o.Responses[strconv.Itoa(res.Status)] = dr
		}
		for _, status := range op.errors() {
			if _, ok := o.Responses[strconv.Itoa(status)]; ok {
				continue // the operation's own, such as a 409 with the record
			}
			e, ok := errorResponses[status]
			if !ok {
				panic(fmt.Sprintf("api: OpenAPI: %s: no shared error response %d", op.ID, status))
			}
			o.Responses[strconv.Itoa(status)] = &docResponse{Ref: "#/components/responses/" + e.name}
			d.Components.Responses[e.name] = &docResponse{Description: e.description,
				Content: map[string]docMedium{"application/json": {Schema: errSchema}}}
			if status == 429 {
				d.Components.Responses[e.name].Headers = response{Headers: map[string]string{"Retry-After": "Seconds to wait before the next request."}}.headers()
			}
		}
		item[method] = o
	}
	return d
}

// errors lists the error statuses an operation can answer: its own, and
// those that follow from what it takes.
func (op *operation) errors() []int {
	out := append([]int{400}, op.Errors...)
	if !op.Public {
		out = append(out, 401, 429) // Authenticate: a token, within its rate limit
	}
	if len(pathParam.FindAllString(op.Path, -1)) > 0 {
		out = append(out, 404)
	}
	if op.Body != nil {
		out = append(out, 413, 415)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// params lists an operation's parameters: the path's, then its own.
func (op *operation) params() []*param {
	var out []*param
	for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
		p := op.PathParams[m[1]]
		if p == nil {
			p = pathID(m[1], "The record's id.")
		}
		p.Name, p.In, p.Required = m[1], "path", true
		out = append(out, p)
	}
	return append(out, op.Params...)
}

const apiDescription = `kam's JSON API. Every route but this document needs an API token (kam token create USER), sent as
Authorization: Bearer kam_...; every read is scoped to the token's user, as in the web app. Lists are paged with an
opaque cursor: pass next_cursor of one page as after to get the next. A query parameter that a route does not know,
or one given twice, is refused (400) rather than ignored. Every error has one shape,
{"error": {"code": "invalid", "message": "...", "field": "limit"}}; a path that no route serves is 404 and a method
a path does not serve 405 (with Allow), in the same shape. The readable reference is at /api/docs.`
