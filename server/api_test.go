package server_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// apiBody is what any API response may hold.
type apiBody struct {
	Data       json.RawMessage `json:"data"`
	NextCursor *string         `json:"next_cursor"`
	Error      *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

// decode reads an API response, failing the test unless it is JSON.
func decode(t *testing.T, w *httptest.ResponseRecorder) apiBody {
	t.Helper()
	body := w.Body.Bytes()
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q, body %s", ct, body)
	}
	var b apiBody
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, body)
	}
	return b
}

// TestAPI runs request scenarios against the JSON API.
func TestAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		for _, tc := range []struct {
			name   string
			method string // GET when empty
			path   string
			token  string // "" sends no Authorization header
			status int
			code   string // the error code, for errors
			field  string // the field an error names
			names  []string
		}{
			{name: "no token", path: "/api/v1/accounts", status: 401, code: kam.EUNAUTHORIZED},
			{name: "bad token", path: "/api/v1/accounts", token: "kam_notarealtokenatallxxxxxxxxxxx", status: 401, code: kam.EUNAUTHORIZED},
			{name: "not a bearer", path: "/api/v1/accounts", token: "-basic", status: 401, code: kam.EUNAUTHORIZED},
			{name: "read-only token lists own accounts", path: "/api/v1/accounts?limit=500", token: f.readToken, status: 200,
				names: []string{"<script>alert(1)</script>", "Baltic Logistics", "Hansa Retail", "Île Distribution", "Nordic Foods Group", "Nordic Foods Sverige"}},
			{name: "external id", path: "/api/v1/accounts?external_id=C-10042", token: f.readToken, status: 200, names: []string{"Nordic Foods Group"}},
			{name: "external id and source", path: "/api/v1/accounts?external_id=C-10042&source=salesforce", token: f.readToken, status: 200, names: []string{}},
			{name: "another AM's external id", path: "/api/v1/accounts?external_id=C-20001", token: f.readToken, status: 200, names: []string{}},
			{name: "search", path: "/api/v1/accounts?q=NORDIC", token: f.readToken, status: 200, names: []string{"Nordic Foods Group", "Nordic Foods Sverige"}},
			{name: "children", path: fmt.Sprintf("/api/v1/accounts?parent_id=%d", f.group.ID), token: f.readToken, status: 200, names: []string{"Nordic Foods Sverige"}},
			{name: "filters", path: "/api/v1/accounts?tier=core&status=active&country=DE&sort=name&desc=true", token: f.readToken, status: 200,
				names: []string{"Île Distribution", "Hansa Retail", "Baltic Logistics"}},
			{name: "owner", path: fmt.Sprintf("/api/v1/accounts?owner_id=%d", f.am2.ID), token: f.readToken, status: 200, names: []string{}},
			{name: "one account", path: fmt.Sprintf("/api/v1/accounts/%d", f.group.ID), token: f.readToken, status: 200},
			{name: "another AM's account", path: fmt.Sprintf("/api/v1/accounts/%d", f.other.ID), token: f.readToken, status: 404, code: kam.ENOTFOUND},
			{name: "unknown account", path: "/api/v1/accounts/999999", token: f.readToken, status: 404, code: kam.ENOTFOUND},
			{name: "non-numeric id", path: "/api/v1/accounts/abc", token: f.readToken, status: 400, code: kam.EINVALID, field: "id"},

			{name: "limit=abc", path: "/api/v1/accounts?limit=abc", token: f.readToken, status: 400, code: kam.EINVALID, field: "limit"},
			{name: "limit=0", path: "/api/v1/accounts?limit=0", token: f.readToken, status: 400, code: kam.EINVALID, field: "limit"},
			{name: "limit=501", path: "/api/v1/accounts?limit=501", token: f.readToken, status: 400, code: kam.EINVALID, field: "limit"},
			{name: "owner_id=x", path: "/api/v1/accounts?owner_id=x", token: f.readToken, status: 400, code: kam.EINVALID, field: "owner_id"},
			{name: "parent_id=-1", path: "/api/v1/accounts?parent_id=-1", token: f.readToken, status: 400, code: kam.EINVALID, field: "parent_id"},
			{name: "desc=maybe", path: "/api/v1/accounts?desc=maybe", token: f.readToken, status: 400, code: kam.EINVALID, field: "desc"},
			{name: "unknown sort", path: "/api/v1/accounts?sort=shoe_size", token: f.readToken, status: 400, code: kam.EINVALID, field: "sort"},
			{name: "unknown status", path: "/api/v1/accounts?status=dormant", token: f.readToken, status: 400, code: kam.EINVALID, field: "status"},
			{name: "unknown tier", path: "/api/v1/accounts?tier=gold", token: f.readToken, status: 400, code: kam.EINVALID, field: "tier"},
			{name: "bad cursor", path: "/api/v1/accounts?after=garbage", token: f.readToken, status: 400, code: kam.EINVALID, field: "after"},
			{name: "misspelt parameter", path: "/api/v1/accounts?stauts=lost", token: f.readToken, status: 400, code: kam.EINVALID, field: "stauts"},
			{name: "repeated parameter", path: "/api/v1/accounts?limit=1&limit=2", token: f.readToken, status: 400, code: kam.EINVALID, field: "limit"},
			{name: "source without external id", path: "/api/v1/accounts?source=erp", token: f.readToken, status: 400, code: kam.EINVALID, field: "source"},

			{name: "unknown route", path: "/api/v1/nothing", token: f.readToken, status: 404, code: kam.ENOTFOUND},
			{name: "unknown version", path: "/api/v2/accounts", status: 404, code: kam.ENOTFOUND},
			{name: "wrong method", method: "DELETE", path: "/api/v1/accounts", token: f.readToken, status: 405, code: "method_not_allowed"},
			{name: "wrong method on one", method: "PUT", path: fmt.Sprintf("/api/v1/accounts/%d", f.group.ID), token: f.readToken, status: 405, code: "method_not_allowed"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				method := tc.method
				if method == "" {
					method = "GET"
				}
				var opts []option
				if tc.token == "-basic" {
					opts = append(opts, header("Authorization", "Basic YW0xOnBhc3N3b3Jk"))
				} else if tc.token != "" {
					opts = append(opts, bearer(tc.token))
				}
				w := f.do(t, method, tc.path, opts...)
				b := decode(t, w)
				if w.Code != tc.status {
					t.Fatalf("status %d, want %d\n%s", w.Code, tc.status, w.Body)
				}
				if tc.code != "" {
					if b.Error == nil || b.Error.Code != tc.code || b.Error.Field != tc.field || b.Error.Message == "" {
						t.Fatalf("error %s, want code %q field %q", w.Body, tc.code, tc.field)
					}
					return
				}
				if b.Error != nil {
					t.Fatalf("unexpected error %s", w.Body)
				}
				if tc.names != nil {
					var accounts []kam.Account
					must(t, json.Unmarshal(b.Data, &accounts))
					var names []string
					for _, a := range accounts {
						names = append(names, a.Name)
					}
					if strings.Join(names, "|") != strings.Join(tc.names, "|") {
						t.Errorf("accounts %q, want %q", names, tc.names)
					}
				}
			})
		}
		t.Run("401 says how to authenticate", func(t *testing.T) {
			w := f.do(t, "GET", "/api/v1/accounts")
			if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
			}
		})
		t.Run("one account in full", func(t *testing.T) {
			w := f.do(t, "GET", fmt.Sprintf("/api/v1/accounts/%d", f.group.ID), bearer(f.readToken))
			var a kam.Account
			must(t, json.Unmarshal(decode(t, w).Data, &a))
			if a.ID != f.group.ID || a.Name != f.group.Name || a.OwnerName != "Alex Morgan" || len(a.ExternalIDs) != 1 || a.Tier != "key" {
				t.Errorf("account %+v", a)
			}
		})
	})
}

// TestAPIPaging follows next_cursor through a list in pages of two: every
// account once, and no next_cursor on the last page.
func TestAPIPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		for _, sort := range []string{"name", "updated", "created"} {
			for _, desc := range []string{"false", "true"} {
				seen := map[int64]bool{}
				pages, after := 0, ""
				for {
					q := url.Values{"limit": {"4"}, "sort": {sort}, "desc": {desc}}
					if after != "" {
						q.Set("after", after)
					}
					w := f.do(t, "GET", "/api/v1/accounts?"+q.Encode(), bearer(f.readToken))
					b := decode(t, w)
					if w.Code != 200 {
						t.Fatalf("sort %s desc %s page %d: %s", sort, desc, pages+1, w.Body)
					}
					pages++
					var accounts []kam.Account
					must(t, json.Unmarshal(b.Data, &accounts))
					for _, a := range accounts {
						if seen[a.ID] {
							t.Fatalf("sort %s desc %s: account %d twice", sort, desc, a.ID)
						}
						seen[a.ID] = true
					}
					if b.NextCursor == nil {
						break
					}
					if *b.NextCursor == "" || len(accounts) != 4 {
						t.Fatalf("page %d: cursor %q after %d accounts", pages, *b.NextCursor, len(accounts))
					}
					after = *b.NextCursor
				}
				if pages != 2 || len(seen) != f.am1Accounts {
					t.Errorf("sort %s desc %s: %d pages, %d accounts; want 2 pages, %d accounts", sort, desc, pages, len(seen), f.am1Accounts)
				}
			}
		}
		// A cursor belongs to its list: reusing it with another filter is refused.
		w := f.do(t, "GET", "/api/v1/accounts?limit=4", bearer(f.readToken))
		next := *decode(t, w).NextCursor
		w = f.do(t, "GET", "/api/v1/accounts?limit=4&tier=core&after="+url.QueryEscape(next), bearer(f.readToken))
		if b := decode(t, w); w.Code != 400 || b.Error.Field != "after" {
			t.Errorf("cursor reused with another filter: %d %s", w.Code, w.Body)
		}
	})
}

func TestAPIExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		w := f.do(t, "GET", "/api/v1/exports/accounts?format=csv&q=nordic", bearer(f.readToken))
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.Contains(w.Header().Get("Content-Disposition"), `attachment; filename="kam-accounts-`) {
			t.Fatalf("export: %d %v\n%s", w.Code, w.Header(), w.Body)
		}
		lines := strings.Split(strings.TrimSpace(w.Body.String()), "\n")
		if len(lines) != 3 || !strings.Contains(lines[1]+lines[2], "Nordic Foods Group") {
			t.Errorf("export of q=nordic:\n%s", w.Body)
		}
		w = f.do(t, "GET", "/api/v1/exports/opportunities?format=xlsx", bearer(f.readToken))
		if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "PK") {
			t.Errorf("xlsx export: %d, starts %q", w.Code, w.Body.String()[:min(4, w.Body.Len())])
		}
		for path, field := range map[string]string{
			"/api/v1/exports/accounts?format=pdf": "format",
			"/api/v1/exports/contacts?q=x":        "q",
			"/api/v1/exports/accounts?tier=gold":  "tier",
			"/api/v1/exports/invoices?format=csv": "kind",
		} {
			w := f.do(t, "GET", path, bearer(f.readToken))
			if b := decode(t, w); w.Code != 400 || b.Error.Field != field {
				t.Errorf("%s: %d %+v, want 400 naming %s", path, w.Code, b.Error, field)
			}
		}
		if w := f.do(t, "GET", "/api/v1/exports/accounts"); w.Code != 401 {
			t.Errorf("export without a token: %d", w.Code)
		}
	})
}
