package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kamhq/kam"
)

func TestReadJSONRefusesNUL(t *testing.T) {
	for body, field := range map[string]string{
		`{"name": "Nordic\u0000Foods"}`: "name",
		`{"name": "A", "external_ids": [{"source": "erp", "id": "C-1"}, {"source": "erp", "id": "C\u00002"}]}`: "external_ids[1].id",
		`{"name": "A", "domains": ["a.example", "\u0000"]}`:                                                    "domains[1]",
	} {
		var in accountInput
		err := readJSON(httptest.NewRecorder(), httptest.NewRequest("POST", "/api/v1/accounts", strings.NewReader(body)), &in)
		if kam.ErrorCode(err) != kam.EINVALID || kam.ErrorField(err) != field {
			t.Errorf("%s: %v (field %q), want invalid on %s", body, err, kam.ErrorField(err), field)
		}
	}
	var in accountInput
	if err := readJSON(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(`{"name": "back\\u0000slash"}`)), &in); err != nil || in.Name != `back\u0000slash` {
		t.Errorf("an escaped backslash before u0000 is text: %v %q", err, in.Name)
	}
}

// FuzzReadJSON: whatever the body, reading it never panics, and a refusal
// is an error a client can act on, never an internal one.
func FuzzReadJSON(f *testing.F) {
	for _, seed := range []string{`{"name": "A"}`, `{"name": 1}`, `[`, `{"data": [{}]}`, `{"name": "\u0000"}`,
		`{"domains": [null, "x"], "external_ids": [{"source": 5}]}`, "\xff\xfe", `{"owner_id": 1e400}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var in accountInput
		err := readJSON(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(body)), &in)
		if err != nil && kam.ErrorCode(err) == kam.EINTERNAL {
			t.Fatalf("%q: internal error %v", body, err)
		}
		if err == nil && strings.ContainsRune(in.Name, 0) {
			t.Fatalf("%q: a NUL passed", body)
		}
		if _, err := batchItems([]byte(body), true); err != nil && kam.ErrorCode(err) == kam.EINTERNAL {
			t.Fatalf("%q: batch: internal error %v", body, err)
		}
	})
}
