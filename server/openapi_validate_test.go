package server_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// openAPIDoc is the OpenAPI document as JSON, decoded, for the contract
// tests to read and to validate answers against.
type openAPIDoc map[string]any

// validate checks a JSON value (decoded with UseNumber) against a schema of
// the document, of the subset of JSON Schema 2020-12 the generator writes:
// $ref, anyOf, type (one or a list), enum, properties, required, items and
// additionalProperties. A property an object schema does not declare is an
// error too, so that an answer's field missing from the document is found.
// It returns the problems, each with the JSON path where it is.
func (d openAPIDoc) validate(schema map[string]any, v any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		target, ok := d.resolve(ref)
		if !ok {
			return []string{at + ": unresolved $ref " + ref}
		}
		return d.validate(target, v, at)
	}
	if alts, ok := schema["anyOf"].([]any); ok {
		var all []string
		for _, alt := range alts {
			probs := d.validate(alt.(map[string]any), v, at)
			if len(probs) == 0 {
				return nil
			}
			all = append(all, probs...)
		}
		return []string{fmt.Sprintf("%s: matches no alternative of anyOf: %s", at, strings.Join(all, "; "))}
	}
	if typ, ok := schema["type"]; ok {
		var types []string
		switch t := typ.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return isType(v, t) }) {
			return []string{fmt.Sprintf("%s: %s is not of type %v", at, short(v), types)}
		}
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) && (e == nil) == (v == nil) }) {
		return []string{fmt.Sprintf("%s: %s is not one of %v", at, short(v), enum)}
	}
	var probs []string
	switch v := v.(type) {
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range v {
				probs = append(probs, d.validate(items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for _, name := range toStrings(schema["required"]) {
			if _, ok := v[name]; !ok {
				probs = append(probs, fmt.Sprintf("%s: required property %q is missing", at, name))
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch extra := schema["additionalProperties"].(type) {
			case nil:
				if p, ok := props[k]; ok {
					probs = append(probs, d.validate(p.(map[string]any), v[k], at+"."+k)...)
				} else if props != nil {
					probs = append(probs, fmt.Sprintf("%s: property %q is not in the document", at, k))
				}
			case map[string]any:
				probs = append(probs, d.validate(extra, v[k], at+"."+k)...)
			case bool:
				if p, ok := props[k]; ok {
					probs = append(probs, d.validate(p.(map[string]any), v[k], at+"."+k)...)
				} else if !extra {
					probs = append(probs, fmt.Sprintf("%s: property %q is not allowed", at, k))
				}
			}
		}
	}
	return probs
}

// resolve finds the schema a local $ref points at.
func (d openAPIDoc) resolve(ref string) (map[string]any, bool) {
	var node any = map[string]any(d)
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := node.(map[string]any)
		if !ok {
			return nil, false
		}
		node = m[part]
	}
	m, ok := node.(map[string]any)
	return m, ok
}

// isType reports whether a value decoded with UseNumber is of a JSON Schema type.
func isType(v any, typ string) bool {
	switch v := v.(type) {
	case nil:
		return typ == "null"
	case bool:
		return typ == "boolean"
	case string:
		return typ == "string"
	case json.Number:
		if typ == "number" {
			return true
		}
		_, err := v.Int64()
		return typ == "integer" && err == nil
	case []any:
		return typ == "array"
	case map[string]any:
		return typ == "object"
	}
	return false
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		out[i], _ = x.(string)
	}
	return out
}

// short prints a value for a message, cut to a line.
func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// TestOpenAPIValidator checks the contract tests' validator on the cases it
// must catch.
func TestOpenAPIValidator(t *testing.T) {
	d := openAPIDoc{"components": map[string]any{"schemas": map[string]any{
		"Thing": map[string]any{"type": "object", "required": []any{"id"}, "properties": map[string]any{
			"id":     map[string]any{"type": "integer"},
			"status": map[string]any{"type": []any{"string", "null"}, "enum": []any{"open", "done", nil}},
			"tags":   map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			"more":   map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "number"}},
		}},
	}}}
	ref := map[string]any{"anyOf": []any{map[string]any{"$ref": "#/components/schemas/Thing"}, map[string]any{"type": "null"}}}
	for body, want := range map[string]string{
		`{"id": 1, "status": "open", "tags": ["a"], "more": {"x": 1.5}}`: "",
		`{"id": 1, "status": null}`:                                      "",
		`null`:                                                           "",
		`{"status": "open"}`:                                             `required property "id"`,
		`{"id": 1.5}`:                                                    "is not of type [integer]",
		`{"id": 1, "status": "lost"}`:                                    "is not one of",
		`{"id": 1, "tags": [1]}`:                                         "body.tags[0]",
		`{"id": 1, "more": {"x": "y"}}`:                                  "body.more.x",
		`{"id": 1, "extra": true}`:                                       `property "extra" is not in the document`,
	} {
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(d.validate(ref, v, "body"), "; ")
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}
