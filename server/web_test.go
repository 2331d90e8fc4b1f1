package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestPages runs request scenarios against the web pages: who may see what,
// what each page shows, and how markup in the data is rendered.
func TestPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		sessions := map[string]string{"am1": f.login(t, "am1"), "am2": f.login(t, "am2")}
		group, other := fmt.Sprintf("/accounts/%d", f.group.ID), fmt.Sprintf("/accounts/%d", f.other.ID)
		for _, tc := range []struct {
			name     string
			as       string // signed in as; "" for no session
			method   string // GET when empty
			path     string
			status   int
			location string   // the redirect target, for 3xx
			want     []string // in the body
			notWant  []string // not in the body
		}{
			{name: "home without session", path: "/", status: 303, location: "/login"},
			{name: "account without session", path: group, status: 303, location: "/login?next=" + url.QueryEscape(group)},
			{name: "unknown page without session", path: "/nowhere", status: 303, location: "/login?next=%2Fnowhere"},
			{name: "forged session", as: "forged", path: "/", status: 303, location: "/login"},
			{name: "login page", path: "/login", status: 200, want: []string{`name="username"`, `name="password"`, `action="/login"`}},
			{name: "stylesheet", path: "/static/kam.css", status: 200, want: []string{"prefers-color-scheme: dark"}},
			{name: "no directory listing", path: "/static/", status: 404},

			{name: "account list shows only own accounts", as: "am1", path: "/accounts", status: 200,
				want:    []string{"<h1>My accounts</h1>", "Nordic Foods Group", "Hansa Retail", "Alex Morgan", "Account manager", `action="/logout"`},
				notWant: []string{"Zeta Secret Holdings"}},
			{name: "other AM sees only theirs", as: "am2", path: "/accounts", status: 200,
				want: []string{"Zeta Secret Holdings", "Billie Chen"}, notWant: []string{"Nordic Foods Group"}},
			{name: "search is accent-insensitive", as: "am1", path: "/accounts?q=ile", status: 200,
				want: []string{"Île Distribution"}, notWant: []string{"Hansa Retail"}},
			{name: "status filter", as: "am1", path: "/accounts?status=prospect", status: 200,
				want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, notWant: []string{"Hansa Retail"}},
			{name: "tier filter", as: "am1", path: "/accounts?tier=key", status: 200,
				want: []string{"Nordic Foods Group"}, notWant: []string{"Hansa Retail"}},
			{name: "empty result", as: "am1", path: "/accounts?q=nothing+like+this", status: 200, want: []string{"No accounts match."}},
			{name: "empty portfolio", as: "am2", path: "/accounts?tier=core", status: 200, want: []string{"No accounts match."}},
			{name: "bad cursor", as: "am1", path: "/accounts?after=garbage", status: 400, want: []string{"page cursor is invalid", "Go to the first page"}},
			{name: "bad tier", as: "am1", path: "/accounts?tier=gold", status: 400, want: []string{"There is no tier"}},
			{name: "export links keep the filters", as: "am1", path: "/accounts?tier=key", status: 200,
				want: []string{`href="/export/accounts?format=csv&amp;tier=key"`, `href="/export/accounts?format=xlsx&amp;tier=key"`}},
			{name: "export is the user's own list", as: "am1", path: "/export/accounts?format=csv", status: 200,
				want: []string{"kam_id,version,name,legal_name", "Nordic Foods Group", "Hansa Retail"}, notWant: []string{"Zeta Secret Holdings"}},
			{name: "export keeps the filter", as: "am1", path: "/export/accounts?tier=key", status: 200,
				want: []string{"Nordic Foods Group"}, notWant: []string{"Hansa Retail"}},
			{name: "export of contacts", as: "am1", path: "/export/contacts", status: 200, want: []string{"Aino,Virtanen"}},
			{name: "export of an unknown list", as: "am1", path: "/export/secrets", status: 400, want: []string{"There is no export of"}},
			{name: "export in an unknown format", as: "am1", path: "/export/accounts?format=pdf", status: 400, want: []string{"Format must be csv or xlsx"}},
			{name: "export with an unknown status", as: "am1", path: "/export/accounts?status=bogus", status: 400, want: []string{"There is no status"}},
			{name: "export without session", path: "/export/accounts", status: 303, location: "/login?next=%2Fexport%2Faccounts"},

			{name: "account page", as: "am1", path: group, status: 200, want: []string{
				"Nordic Foods Group", "Food", "FI", "C-10042", "nordicfoods.example", // facts
				"Aino Virtanen", "Chief Procurement Officer", "Decision maker", "Left company", // contacts
				"SO-1001", "SO-1002", "12,500 EUR", "25,000 EUR", // orders and 12-month revenue
				"Nordic Foods Sverige", // child account
			}},
			{name: "contact markup is escaped", as: "am1", path: group, status: 200,
				want: []string{"Berg&lt;b&gt;"}, notWant: []string{"Berg<b>"}},
			{name: "child links to parent", as: "am1", path: fmt.Sprintf("/accounts/%d", f.sub.ID), status: 200,
				want: []string{`href="` + group + `"`}},
			{name: "markup is escaped", as: "am1", path: fmt.Sprintf("/accounts/%d", f.markup.ID), status: 200,
				want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, notWant: []string{"<script>alert(1)"}},
			{name: "markup is escaped in lists", as: "am1", path: "/accounts", status: 200, notWant: []string{"<script>"}},
			{name: "another AM's account is not found", as: "am1", path: other, status: 404,
				want: []string{"Not found"}, notWant: []string{"Zeta"}},
			{name: "unknown account", as: "am1", path: "/accounts/999999", status: 404},
			{name: "non-numeric id", as: "am1", path: "/accounts/abc", status: 404},
			{name: "unknown page", as: "am1", path: "/nowhere", status: 404, want: []string{"There is no page at this address."}},
			{name: "wrong method", as: "am1", method: "DELETE", path: group, status: 405},
		} {
			t.Run(tc.name, func(t *testing.T) {
				method := tc.method
				if method == "" {
					method = "GET"
				}
				var opts []option
				if tc.as == "forged" {
					opts = append(opts, cookie("not-a-session"))
				} else if tc.as != "" {
					opts = append(opts, cookie(sessions[tc.as]))
				}
				w := f.do(t, method, tc.path, opts...)
				if w.Code != tc.status {
					t.Fatalf("status %d, want %d\n%s", w.Code, tc.status, w.Body)
				}
				if loc := w.Header().Get("Location"); tc.location != "" && loc != tc.location {
					t.Errorf("Location %q, want %q", loc, tc.location)
				}
				body := w.Body.String()
				for _, s := range tc.want {
					if !strings.Contains(body, s) {
						t.Errorf("body lacks %q", s)
					}
				}
				for _, s := range tc.notWant {
					if strings.Contains(body, s) {
						t.Errorf("body has %q", s)
					}
				}
				wantType := "text/html; charset=utf-8"
				if strings.HasPrefix(tc.path, "/export/") {
					wantType = "text/csv; charset=utf-8"
				}
				if ct := w.Header().Get("Content-Type"); w.Code == 200 && tc.path != "/static/kam.css" && ct != wantType {
					t.Errorf("Content-Type %q", ct)
				}
			})
		}
	})
}

// TestAccountListPaging follows the account list's next links to the end.
func TestAccountListPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		sess := f.login(t, "am1")
		// The account list shows 50 accounts a page; make enough to need two.
		f.addAccounts(t, 55)
		seen := map[string]bool{}
		next, pages := "/accounts", 0
		for next != "" {
			pages++
			w := f.do(t, "GET", next, cookie(sess))
			if w.Code != 200 {
				t.Fatalf("page %d: status %d", pages, w.Code)
			}
			body := w.Body.String()
			for _, line := range strings.Split(body, "\n") {
				if strings.Contains(line, `<td class="name"><a href="/accounts/`) {
					if seen[line] {
						t.Fatalf("account shown twice: %s", line)
					}
					seen[line] = true
				}
			}
			next = ""
			if i := strings.Index(body, `rel="next"`); i >= 0 {
				start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
				next = strings.ReplaceAll(body[start:strings.Index(body[start:], `"`)+start], "&amp;", "&")
			}
		}
		if want := f.am1Accounts; pages != 2 || len(seen) != want {
			t.Fatalf("%d pages with %d accounts, want 2 with %d", pages, len(seen), want)
		}
		if w := f.do(t, "GET", "/accounts", cookie(sess)); !strings.Contains(w.Body.String(), "Next page") {
			t.Error("first page has no link to the next")
		}
	})
}

// TestAccountPageShowsItsFlags: the account page says what changed, with the
// figures, to those who may see the account.
func TestAccountPageShowsItsFlags(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		evidence := "orders in the last 90 days EUR 1,000 against EUR 3,000 expected, -67%"
		if _, _, err := s.SyncFlags(context.Background(), f.group.ID, []insight.Flag{{Kind: insight.VolumeDrop, Severity: "high", Evidence: evidence}}); err != nil {
			t.Fatal(err)
		}
		body := f.do(t, "GET", fmt.Sprintf("/accounts/%d", f.group.ID), cookie(f.login(t, "am1"))).Body.String()
		for _, want := range []string{"What changed", `class="badge severity-high">High</span>`, "Volume drop", evidence} {
			if !strings.Contains(body, want) {
				t.Errorf("account page lacks %q", want)
			}
		}
		if w := f.do(t, "GET", fmt.Sprintf("/accounts/%d", f.group.ID), cookie(f.login(t, "am2"))); w.Code != 404 || strings.Contains(w.Body.String(), evidence) {
			t.Errorf("am2 opens am1's account: %d", w.Code)
		}
	})
}
