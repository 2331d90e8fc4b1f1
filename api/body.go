package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/kamhq/kam"
)

// maxJSONBytes bounds a JSON request body of one record; batch routes take
// more (see readJSONLimit).
const maxJSONBytes = 16 << 10

// readJSON decodes a request's JSON body into v strictly: one JSON value of
// at most maxJSONBytes, with no field that v does not have. Each way a body
// can be wrong has its own answer: not JSON (415), too large (413), unknown
// field, wrong type or bad syntax (400, naming the field or the offset).
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return readJSONLimit(w, r, v, maxJSONBytes)
}

// readJSONLimit is readJSON with another size limit, for batch routes.
func readJSONLimit(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if err := checkJSONType(r); err != nil {
		return err
	}
	return decodeStrict(http.MaxBytesReader(w, r.Body, limit), v, limit)
}

// readBody reads a JSON request body whole, for routes that hash it.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if err := checkJSONType(r); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return nil, bodyError(err, limit)
	}
	return b, nil
}

// checkJSONType refuses a body that says it is not JSON.
func checkJSONType(r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return kam.Errorf(kam.EMEDIATYPE, "Send the body as application/json, not %q.", ct)
		}
	}
	return nil
}

// decodeStrict decodes one JSON value from body into v, refusing unknown
// fields and anything after the value.
func decodeStrict(body io.Reader, v any, limit int64) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && !errors.Is(dec.Decode(&struct{}{}), io.EOF) {
		return kam.Errorf(kam.EINVALID, "The body must hold one JSON object and nothing after it.")
	}
	if err == nil {
		if field, bad := nulField(reflect.ValueOf(v), ""); bad {
			return kam.FieldError(field, "The field %s holds a NUL character (\\u0000), which text cannot hold.", field)
		}
	}
	return bodyError(err, limit)
}

// nulField finds a string holding NUL in a decoded value and names its
// field. (encoding/json replaces bytes that are not UTF-8, but decodes
// \u0000, which PostgreSQL cannot store.)
func nulField(v reflect.Value, at string) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulField(v.Elem(), at)
		}
	case reflect.String:
		return at, strings.ContainsRune(v.String(), 0)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || f.Anonymous {
				name = at
			} else if at != "" {
				name = at + "." + name
			}
			if field, bad := nulField(v.Field(i), name); bad {
				return field, true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if field, bad := nulField(v.Index(i), fmt.Sprintf("%s[%d]", at, i)); bad {
				return field, true
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if field, bad := nulField(iter.Value(), at+"."+fmt.Sprint(iter.Key())); bad {
				return field, true
			}
			if field, bad := nulField(iter.Key(), at); bad {
				return field, true
			}
		}
	}
	return "", false
}

// bodyError turns a JSON decoding error into an error a client can act on.
func bodyError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var syntax *json.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return kam.Errorf(kam.ETOOLARGE, "The body is larger than %d KB.", limit>>10)
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return kam.Errorf(kam.EINVALID, "Send a JSON object as the body, not a JSON %s.", typeErr.Value)
	case errors.As(err, &typeErr):
		return kam.FieldError(typeErr.Field, "The field %s cannot be a JSON %s; it takes %s.", typeErr.Field, typeErr.Value, jsonKind(typeErr.Type.String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return kam.FieldError(field, "Unknown field %q in the body.", field)
	case errors.As(err, &syntax):
		return kam.Errorf(kam.EINVALID, "The body is not valid JSON at byte %d: %s.", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.Is(err, io.EOF):
		return kam.Errorf(kam.EINVALID, "Send a JSON object as the body.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return kam.Errorf(kam.EINVALID, "The body is not valid JSON: it ends in the middle of a value.")
	}
	var kerr *kam.Error
	if errors.As(err, &kerr) {
		return kerr
	}
	return kam.Errorf(kam.EINVALID, "The body is not valid JSON: %v.", strings.TrimPrefix(err.Error(), "json: "))
}

// jsonKind names the JSON kind of a Go type, for messages.
func jsonKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "map["), strings.HasPrefix(goType, "struct"), strings.Contains(goType, "."):
		if strings.HasSuffix(goType, "Money") {
			return "an amount such as \"12.50\""
		}
		if strings.HasSuffix(goType, "Date") {
			return "a date such as \"2026-03-31\""
		}
		return "an object"
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		return "a number"
	}
	return goType
}
