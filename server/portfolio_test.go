package server_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// rowNames are the account names of a portfolio page's rows, in order.
var rowName = regexp.MustCompile(`<td class="name"><a href="/accounts/\d+">([^<]*)</a>`)

func rowNames(body string) []string {
	var out []string
	for _, m := range rowName.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// nextLink is a page's "Next page" address, "" on the last page.
func nextLink(body string) string {
	i := strings.Index(body, `rel="next"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
	return strings.ReplaceAll(body[start:strings.Index(body[start:], `"`)+start], "&amp;", "&")
}

func TestPortfolioPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := dayFixture(t, s)
		am1 := f.login(t, "am1")
		ctx := context.Background()
		p, err := s.PrincipalFor(ctx, f.am1.ID)
		must(t, err)

		t.Run("sorted by revenue, largest first, with its figures", func(t *testing.T) {
			body := wantPage(t, f.do(t, "GET", "/accounts?sort=revenue&desc=1", cookie(am1)), 200,
				`aria-sort="descending"><a href="/accounts?sort=revenue" class="sort-link">Revenue, 12 months`,
				"25,000 EUR", `class="spark `, "Selection matrix", `<div class="figure-label">Accounts</div><div class="figure-value">6</div>`)
			if names := rowNames(body); len(names) != 6 || names[0] != "Nordic Foods Group" {
				t.Errorf("rows %q, want Nordic Foods Group first of 6", names)
			}
		})
		t.Run("tiers sort by rank, not by spelling", func(t *testing.T) {
			names := rowNames(wantPage(t, f.do(t, "GET", "/accounts?sort=tier", cookie(am1)), 200))
			// key (Nordic Foods Group), then the core ones, then standard.
			if len(names) != 6 || names[0] != "Nordic Foods Group" || names[5] != "&lt;script&gt;alert(1)&lt;/script&gt;" {
				t.Errorf("by tier %q, want the key account first and the standard one last", names)
			}
		})
		t.Run("flag filter lists the flagged accounts only", func(t *testing.T) {
			flags, err := s.FindFlags(ctx, p, "open")
			must(t, err)
			var want []string
			for _, fl := range flags {
				if !slices.Contains(want, fl.AccountName) {
					want = append(want, fl.AccountName)
				}
			}
			if len(want) == 0 || len(want) == f.am1Accounts {
				t.Fatalf("the fixture flags %d of %d accounts; the filter cannot be told from none", len(want), f.am1Accounts)
			}
			got := rowNames(f.do(t, "GET", "/accounts?flag=any", cookie(am1)).Body.String())
			slices.Sort(got)
			slices.Sort(want)
			for i := range want {
				want[i] = strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(want[i])
			}
			if !slices.Equal(got, want) {
				t.Errorf("flagged rows %q, want %q", got, want)
			}
			csv := f.do(t, "GET", "/export/accounts?flag=any", cookie(am1)).Body.String()
			if n := strings.Count(csv, "\n") - 1; n != len(want) {
				t.Errorf("export of flagged accounts has %d rows, want %d", n, len(want))
			}
		})
		t.Run("classification filter matches the matrix", func(t *testing.T) {
			m, err := s.FindMatrix(ctx, p, 10)
			must(t, err)
			if m.Total == 0 {
				t.Fatal("nothing classified")
			}
			for quadrant, n := range m.Counts {
				got := rowNames(f.do(t, "GET", "/accounts?quadrant="+quadrant, cookie(am1)).Body.String())
				if len(got) != n {
					t.Errorf("%s: %d rows, the matrix counts %d", quadrant, len(got), n)
				}
			}
		})
		for _, tc := range []struct{ query, want string }{
			{"sort=shoe_size", "cannot be sorted by"},
			{"quadrant=stars", "There is no classification"},
			{"flag=weather", "There is no kind of flag"},
			{"owner=abc", "There is no owner"},
		} {
			t.Run("bad "+tc.query, func(t *testing.T) {
				wantPage(t, f.do(t, "GET", "/accounts?"+tc.query, cookie(am1)), 400, tc.want)
			})
		}
	})
}

// TestPortfolioPagingByFigures follows the next links of lists sorted by
// figures, where many accounts tie (no orders, no score): every account
// comes exactly once, in order.
func TestPortfolioPagingByFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := dayFixture(t, s)
		f.addAccounts(t, 55)
		am1 := f.login(t, "am1")
		for _, sort := range []string{"revenue&desc=1", "health", "priority&desc=1", "last_order", "owner", "tier&desc=1", "country"} {
			t.Run(sort, func(t *testing.T) {
				seen := map[string]bool{}
				next, pages := "/accounts?sort="+sort, 0
				for next != "" && pages < 5 {
					pages++
					body := wantPage(t, f.do(t, "GET", next, cookie(am1)), 200)
					for _, n := range rowNames(body) {
						if seen[n] {
							t.Fatalf("page %d repeats %q", pages, n)
						}
						seen[n] = true
					}
					next = nextLink(body)
				}
				if pages != 2 || len(seen) != f.am1Accounts {
					t.Errorf("%d pages with %d accounts, want 2 with %d", pages, len(seen), f.am1Accounts)
				}
			})
		}
		t.Run("an administrator pages by name along the index", func(t *testing.T) {
			must(t, s.CreateUser(context.Background(), kam.System(), &kam.User{Username: "boss", Role: kam.RoleAdmin}, testPassword))
			boss := f.login(t, "boss")
			seen, next, pages := map[string]bool{}, "/accounts", 0
			var last string
			for next != "" && pages < 5 {
				pages++
				body := wantPage(t, f.do(t, "GET", next, cookie(boss)), 200)
				for _, n := range rowNames(body) {
					if seen[n] {
						t.Fatalf("page %d repeats %q", pages, n)
					}
					seen[n] = true
					last = n
				}
				next = nextLink(body)
			}
			if want := f.am1Accounts + 1; pages != 2 || len(seen) != want || !seen["Zeta Secret Holdings"] {
				t.Errorf("%d pages with %d accounts (last %q), want 2 with %d including am2's", pages, len(seen), last, want)
			}
		})
		t.Run("a cursor of another order is refused", func(t *testing.T) {
			body := f.do(t, "GET", "/accounts?sort=revenue&desc=1", cookie(am1)).Body.String()
			u, err := url.Parse(nextLink(body))
			must(t, err)
			q := u.Query()
			q.Set("sort", "health")
			wantPage(t, f.do(t, "GET", fmt.Sprintf("/accounts?%s", q.Encode()), cookie(am1)), 400, "page cursor is invalid")
		})
	})
}
