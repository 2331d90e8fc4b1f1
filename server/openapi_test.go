package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// docOp is one operation of the OpenAPI document.
type docOp struct {
	method, path string
	op           map[string]any
}

func (o docOp) String() string { return o.method + " " + o.path }

// openAPI fetches the document from the server, as a client would: no token.
func (f *fixture) openAPI(t *testing.T) openAPIDoc {
	t.Helper()
	w := f.do(t, "GET", "/api/v1/openapi.json")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json; charset=utf-8" ||
		!strings.HasPrefix(w.Header().Get("Cache-Control"), "public") {
		t.Fatalf("GET /api/v1/openapi.json: %d %v", w.Code, w.Header())
	}
	var d openAPIDoc
	dec := json.NewDecoder(w.Body)
	dec.UseNumber()
	must(t, dec.Decode(&d))
	return d
}

// operations lists the document's operations by path and method.
func (d openAPIDoc) operations() []docOp {
	var out []docOp
	for path, item := range d["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			out = append(out, docOp{strings.ToUpper(method), path, op.(map[string]any)})
		}
	}
	slices.SortFunc(out, func(a, b docOp) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// response returns an operation's documented answer for a status, its $ref
// resolved, or nil.
func (d openAPIDoc) response(o docOp, status int) map[string]any {
	r, _ := o.op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
	if ref, ok := r["$ref"].(string); ok {
		r, _ = d.resolve(ref)
	}
	return r
}

// TestOpenAPIDocumentsEveryRoute holds the document to the routes the server
// registers: every API route is documented, and every documented operation
// is a route.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	s := storetest.Open(t, "sqlite")
	f := newFixture(t, s)
	var documented []string
	for _, o := range f.openAPI(t).operations() {
		documented = append(documented, o.String())
	}
	registered := server.APIRoutes(s)
	var undocumented, unregistered []string
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			undocumented = append(undocumented, r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			unregistered = append(unregistered, d)
		}
	}
	if len(undocumented) > 0 {
		t.Errorf("API routes the OpenAPI document lacks (add them to the table in api/openapi_table.go):\n  %s", strings.Join(undocumented, "\n  "))
	}
	if len(unregistered) > 0 {
		t.Errorf("operations of the OpenAPI document that no route serves:\n  %s", strings.Join(unregistered, "\n  "))
	}
}

// TestOpenAPIAnswers calls the documented operations on a fixture and holds
// their answers to the document: each GET that needs no set-up answers 200
// with a body of its documented schema (no field left out of it), accepts
// every documented query parameter, and refuses an unknown one; every
// operation without a token, and a GET of a record that does not exist,
// answer in the documented error shape.
func TestOpenAPIAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		must(t, s.CreateUser(ctx, sys, &kam.User{Username: "root", DisplayName: "Root", Role: kam.RoleAdmin}, testPassword))
		_, admin, err := s.CreateToken(ctx, sys, "root", "contract", true, nil)
		must(t, err)
		_, err = s.Recompute(ctx, kam.DateOf(time.Now()), portfolio.Compute(portfolio.Options{}))
		must(t, err)
		d := f.openAPI(t)
		// ids are the fixture's records for the paths that name one.
		ids := map[string]int64{"/api/v1/accounts/{id}": f.group.ID}
		expect := func(t *testing.T, o docOp, w *httptest.ResponseRecorder, status int) {
			t.Helper()
			res := d.response(o, w.Code)
			if w.Code != status || res == nil {
				t.Fatalf("%s: status %d (want %d), documented %v\n%s", o, w.Code, status, res != nil, w.Body)
			}
			content, _ := res["content"].(map[string]any)
			mt, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type"))
			medium, ok := content[mt].(map[string]any)
			if !ok {
				t.Fatalf("%s: %d answered %s, documented %v", o, w.Code, mt, content)
			}
			if mt != "application/json" {
				return
			}
			dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
			dec.UseNumber()
			var body any
			must(t, dec.Decode(&body))
			if probs := d.validate(medium["schema"].(map[string]any), body, "body"); len(probs) > 0 {
				t.Errorf("%s: %d answer does not match the document:\n  %s", o, w.Code, strings.Join(probs[:min(len(probs), 20)], "\n  "))
			}
		}
		for _, o := range d.operations() {
			t.Run(o.String(), func(t *testing.T) {
				public := o.op["security"] != nil
				if !public {
					expect(t, o, f.openAPICall(t, o.method, o.path, ""), 401)
				}
				if o.method != "GET" {
					return
				}
				for i, target := range targets(o, ids) {
					token := f.readToken
					if w := f.openAPICall(t, "GET", target, token); w.Code == 403 {
						token = admin
					}
					expect(t, o, f.openAPICall(t, "GET", target, token), 200)
					if i > 0 {
						continue // the parameters are the first target's (exports: accounts take filters)
					}
					if reason, ok := ignoresUnknownParameters[o.String()]; ok {
						t.Logf("%s does not refuse an unknown parameter: %s", o, reason)
					} else {
						expect(t, o, f.openAPICall(t, "GET", target+sep(target)+"zz_unknown=1", token), 400)
					}
					for _, p := range parameters(o) {
						if p["in"] != "query" {
							continue
						}
						w := f.openAPICall(t, "GET", target+sep(target)+p["name"].(string)+"="+sample(p["schema"].(map[string]any)), token)
						var b apiBody
						json.Unmarshal(w.Body.Bytes(), &b)
						if w.Code == 400 && b.Error != nil && strings.HasPrefix(b.Error.Message, "Unknown parameter") {
							t.Errorf("%s: the documented parameter %s is unknown to the handler", o, p["name"])
						}
					}
					if strings.Contains(o.path, "{id}") {
						expect(t, o, f.openAPICall(t, "GET", strings.Replace(o.path, "{id}", "999999", 1), token), 404)
					}
				}
			})
		}
	})
}

// targets are the URLs a GET operation is called at: its path with each
// value of an enumerated path parameter, or the fixture's record for an id.
// An operation whose path names a record the fixture has none of is left out.
func targets(o docOp, ids map[string]int64) []string {
	out := []string{o.path}
	for _, p := range parameters(o) {
		if p["in"] != "path" {
			continue
		}
		name := "{" + p["name"].(string) + "}"
		var values []string
		if enum, ok := p["schema"].(map[string]any)["enum"].([]any); ok {
			for _, v := range enum {
				values = append(values, fmt.Sprint(v))
			}
		} else if id, ok := ids[o.path]; ok && name == "{id}" {
			values = []string{fmt.Sprint(id)}
		} else {
			return nil
		}
		var next []string
		for _, t := range out {
			for _, v := range values {
				next = append(next, strings.Replace(t, name, v, 1))
			}
		}
		out = next
	}
	return out
}

// parameters lists an operation's parameters.
func parameters(o docOp) []map[string]any {
	var out []map[string]any
	list, _ := o.op["parameters"].([]any)
	for _, p := range list {
		out = append(out, p.(map[string]any))
	}
	return out
}

// ignoresUnknownParameters are the operations whose handlers do not yet
// refuse a query parameter they do not know, as the API promises, and why.
var ignoresUnknownParameters = map[string]string{}

// sample is a value of a documented parameter's type.
func sample(s map[string]any) string {
	switch {
	case s["enum"] != nil:
		return fmt.Sprint(s["enum"].([]any)[0])
	case s["format"] == "date":
		return kam.DateOf(time.Now()).String()
	case s["type"] == "integer" && s["minimum"] != nil:
		return fmt.Sprint(s["minimum"])
	case s["type"] == "integer":
		return "1"
	case s["type"] == "boolean":
		return "true"
	}
	return "x"
}

func sep(target string) string {
	if strings.Contains(target, "?") {
		return "&"
	}
	return "?"
}

// openAPICall sends a request with a token ("" for none).
func (f *fixture) openAPICall(t *testing.T, method, target, token string) *httptest.ResponseRecorder {
	t.Helper()
	if token == "" {
		return f.do(t, method, target)
	}
	return f.do(t, method, target, bearer(token))
}

// TestOpenAPIReferencePage checks the readable reference: open to everyone,
// every operation of the document on it, and nothing inline that the CSP
// would block.
func TestOpenAPIReferencePage(t *testing.T) {
	f := newFixture(t, storetest.Open(t, "sqlite"))
	w := f.do(t, "GET", "/api/docs")
	body := w.Body.String()
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /api/docs: %d %v", w.Code, w.Header())
	}
	for _, o := range f.openAPI(t).operations() {
		if id := o.op["operationId"].(string); !strings.Contains(body, `id="op-`+id+`"`) {
			t.Errorf("the reference page lacks %s (%s)", o, id)
		}
	}
	for _, inline := range []string{"<style", " style=", "<script>", " onclick="} {
		if strings.Contains(body, inline) {
			t.Errorf("the reference page has inline %q", inline)
		}
	}
	if !strings.Contains(body, `href="#schema-PortfolioRow"`) || !strings.Contains(body, `id="schema-PortfolioRow"`) {
		t.Error("the reference page does not link its schemas")
	}
}
