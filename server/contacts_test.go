package server_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestContactsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		// 55 more contacts on am1's account, to need a second page.
		must(t, s.Load(context.Background(), kam.System(), func(l *store.Loader) error {
			for i := range 55 {
				c := &kam.Contact{AccountID: f.group.ID, FirstName: "Person", LastName: fmt.Sprintf("%03d", i), Strength: i % 6}
				if err := l.Contact(c); err != nil {
					return err
				}
			}
			return l.Contact(&kam.Contact{AccountID: f.other.ID, FirstName: "Zed", LastName: "Hidden"})
		}))
		for _, tc := range []struct {
			name, as, query string
			status          int
			want, notWant   []string
		}{
			{name: "a manager's contacts", as: am1, query: "", status: 200, want: []string{"Aino Virtanen", "Nordic Foods Group", "Next page"}, notWant: []string{"Zed Hidden"}},
			{name: "another manager's", as: am2, query: "", status: 200, want: []string{"Zed Hidden"}, notWant: []string{"Aino"}},
			{name: "search by name", as: am1, query: "q=virtanen", status: 200, want: []string{"Aino Virtanen"}, notWant: []string{"Person 001"}},
			{name: "decision makers", as: am1, query: "role=decision_maker", status: 200, want: []string{"Aino Virtanen"}, notWant: []string{"Jonas Berg"}},
			{name: "still at the company", as: am1, query: "current=1&q=berg", status: 200, want: []string{"No contacts match."}},
			{name: "markup is text", as: am1, query: "q=berg", status: 200, want: []string{"Jonas Berg&lt;b&gt;", "Left the company"}},
			{name: "unknown role", as: am1, query: "role=sponsor", status: 400, want: []string{"There is no buying role"}},
			{name: "unknown strength", as: am1, query: "strength=medium", status: 400, want: []string{"Strength must be strong, weak or unknown"}},
			{name: "bad cursor", as: am1, query: "after=xyz", status: 400, want: []string{"page cursor is invalid"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				body := wantPage(t, f.do(t, "GET", "/contacts?"+tc.query, cookie(tc.as)), tc.status, tc.want...)
				for _, s := range tc.notWant {
					if strings.Contains(body, s) {
						t.Errorf("body has %q", s)
					}
				}
			})
		}
		must(t, s.CreateUser(context.Background(), kam.System(), &kam.User{Username: "boss", Role: kam.RoleAdmin}, testPassword))
		boss := f.login(t, "boss")
		t.Run("an administrator walks everyone's contacts by name", func(t *testing.T) {
			wantPage(t, f.do(t, "GET", "/contacts?q=zed", cookie(boss)), 200, "Zed Hidden")
			body := wantPage(t, f.do(t, "GET", "/contacts", cookie(boss)), 200, "Aino Virtanen", "Next page")
			if names := contactNames(body); len(names) != 50 || names[0] > names[49] {
				t.Errorf("first page %d names from %q to %q, want 50 in order", len(names), names[0], names[len(names)-1])
			}
		})
		for _, who := range []string{am1, boss} {
			pageThrough(t, f, who)
		}
	})
}

// pageThrough follows the strong contacts' pages to the end: every contact
// once, 28 in all (27 of the 55 added, and Aino).
func pageThrough(t *testing.T, f *fixture, who string) {
	t.Helper()
	t.Run("paging shows every contact once", func(t *testing.T) {
		seen, next, pages := map[string]bool{}, "/contacts?strength=strong", 0
		for next != "" {
			pages++
			body := wantPage(t, f.do(t, "GET", next, cookie(who)), 200)
			for _, n := range contactNames(body) {
				if seen[n] {
					t.Fatalf("%q twice", n)
				}
				seen[n] = true
			}
			next = nextLink(body)
		}
		// Strength 3 to 5: 27 of the 55 (i%6 in 3,4,5), and Aino (4).
		if len(seen) != 28 {
			t.Errorf("%d strong contacts over %d pages, want 28", len(seen), pages)
		}
	})
}

// contactName finds the names of a contacts table's rows.
var contactName = regexp.MustCompile(`<td class="name">([^<]*)`)

func contactNames(body string) []string {
	var out []string
	for _, m := range contactName.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
