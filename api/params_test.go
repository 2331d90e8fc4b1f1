package api

import (
	"net/http/httptest"
	"testing"

	"github.com/kamhq/kam"
)

func TestBearerToken(t *testing.T) {
	for header, want := range map[string]string{
		"Bearer kam_abc":   "kam_abc",
		"bearer kam_abc":   "kam_abc",
		"Bearer  kam_abc ": "kam_abc",
		"Bearer":           "",
		"Bearer ":          "",
		"Basic dXNlcjpwdw": "",
		"kam_abc":          "",
		"":                 "",
	} {
		got, ok := bearerToken(header)
		if got != want || ok != (want != "") {
			t.Errorf("bearerToken(%q) = %q, %v; want %q", header, got, ok, want)
		}
	}
}

func TestAccountFilter(t *testing.T) {
	r := httptest.NewRequest("GET", "/api/v1/accounts?q=nordic&external_id=C1&source=erp&owner_id=7&parent_id=9"+
		"&tier=key&status=at_risk&country=FI&sort=updated&desc=true&limit=500&after=abc", nil)
	f, err := accountFilter(r)
	want := kam.AccountFilter{Query: "nordic", ExternalID: "C1", Source: "erp", OwnerID: 7, ParentID: 9, Tier: "key",
		Status: kam.StatusAtRisk, Country: "FI", Sort: kam.SortByUpdated, Desc: true, Limit: 500, After: "abc"}
	if err != nil || f != want {
		t.Fatalf("filter %+v, %v; want %+v", f, err, want)
	}
	f, err = accountFilter(httptest.NewRequest("GET", "/api/v1/accounts", nil))
	if err != nil || f != (kam.AccountFilter{Limit: 50}) {
		t.Errorf("defaults %+v, %v", f, err)
	}
	// With several bad parameters, the error names the first in a fixed order.
	for range 10 {
		_, err = accountFilter(httptest.NewRequest("GET", "/api/v1/accounts?zz=1&aa=2&limit=x", nil))
		if kam.ErrorField(err) != "aa" {
			t.Fatalf("error %v, want the field aa", err)
		}
	}
}
