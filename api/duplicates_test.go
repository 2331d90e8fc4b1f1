package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kamhq/kam"
)

func TestReadJSON(t *testing.T) {
	for _, tc := range []struct {
		contentType, body string
		want              int64
		field, msg        string // of the error; "" msg for none
		code              string // of the error; "" for invalid
	}{
		{"application/json", `{"merged_id": 42}`, 42, "", "", ""},
		{"application/json; charset=utf-8", ` {"merged_id": 42} ` + "\n", 42, "", "", ""},
		{"", `{"merged_id": 42}`, 42, "", "", ""},
		{"application/json", `{"merged_id": 42, "survivor_id": 1}`, 0, "survivor_id", "Unknown field", ""},
		{"application/json", `{"merged_id": 4.5}`, 0, "merged_id", "number 4.5", ""},
		{"application/json", `[42]`, 0, "", "Send a JSON object as the body, not a JSON array.", ""},
		{"application/json", `{"merged_id": 42} {}`, 0, "", "one JSON object", ""},
		{"application/json", `{"merged_id": 42`, 0, "", "not valid JSON", ""},
		{"application/json", ``, 0, "", "Send a JSON object", ""},
		{"application/x-www-form-urlencoded", `merged_id=42`, 0, "", "application/json", kam.EMEDIATYPE},
		{"application/json", `{"merged_id": 42, "pad": "` + strings.Repeat("x", maxJSONBytes) + `"}`, 0, "", "larger than 16 KB", kam.ETOOLARGE},
	} {
		r := httptest.NewRequest("POST", "/api/v1/accounts/1/merge", strings.NewReader(tc.body))
		if tc.contentType != "" {
			r.Header.Set("Content-Type", tc.contentType)
		}
		if tc.code == "" {
			tc.code = kam.EINVALID
		}
		var v mergeRequest
		err := readJSON(httptest.NewRecorder(), r, &v)
		switch {
		case tc.msg == "" && (err != nil || v.MergedID != tc.want):
			t.Errorf("%q: %d, %v", tc.body, v.MergedID, err)
		case tc.msg != "" && (kam.ErrorCode(err) != tc.code || kam.ErrorField(err) != tc.field || !strings.Contains(kam.ErrorMessage(err), tc.msg)):
			t.Errorf("%.40q: error %v (field %q), want one on %q with %q", tc.body, err, kam.ErrorField(err), tc.field, tc.msg)
		}
	}
}

func TestAdminWrite(t *testing.T) {
	for _, tc := range []struct {
		p   *kam.Principal
		msg string
	}{
		{&kam.Principal{Role: kam.RoleAdmin}, ""},
		{&kam.Principal{Role: kam.RoleAdmin, ReadOnly: true}, "read only"},
		{&kam.Principal{Role: kam.RoleDirector}, "Only an administrator"},
		{nil, "Only an administrator"},
	} {
		err := adminWrite(tc.p, "merge accounts")
		if (tc.msg == "") != (err == nil) || (err != nil && (kam.ErrorCode(err) != kam.EFORBIDDEN || !strings.Contains(kam.ErrorMessage(err), tc.msg))) {
			t.Errorf("%+v: %v", tc.p, err)
		}
	}
}
