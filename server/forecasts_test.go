package server_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// tableRow matches a row of the forecasts page's tables: its header (a
// person, team or Total) and its cells.
var tableRow = regexp.MustCompile(`(?s)<tr(?: class="fc-total")?><th scope="row"[^>]*>(.*?)</th>(.*?)</tr>`)

var tags = regexp.MustCompile(`<[^>]*>`)

// forecastCells returns the text of the cells of the first table row whose
// header starts with name (as the page writes it, escaped), or nil.
func forecastCells(body, name string) []string {
	for _, m := range tableRow.FindAllStringSubmatch(body, -1) {
		if !strings.HasPrefix(m[1], name) {
			continue
		}
		var cells []string
		for _, td := range strings.Split(m[2], "</td>") {
			if strings.TrimSpace(td) != "" {
				cells = append(cells, html.UnescapeString(strings.TrimSpace(tags.ReplaceAllString(td, ""))))
			}
		}
		return cells
	}
	return nil
}

func TestForecastsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		unit := f.am1.OrgUnitID
		director := &kam.User{Username: "dir", DisplayName: "Dana Director", Role: kam.RoleDirector, OrgUnitID: unit}
		must(t, s.CreateUser(ctx, sys, director, testPassword))
		marked := &kam.User{Username: "am3", DisplayName: `<b>Bold</b> & "Co"`, Role: kam.RoleAM, OrgUnitID: unit}
		must(t, s.CreateUser(ctx, sys, marked, testPassword))

		day := func(y int, m time.Month, d int) kam.Date { return kam.NewDate(y, m, d) }
		order := func(a *kam.Account, on kam.Date, amount string) *kam.Order {
			m, qty, kind := kam.MustMoney(amount), int64(1), kam.OrderSale
			if m < 0 {
				m, qty, kind = -m, -1, kam.OrderCreditNote
			}
			return &kam.Order{AccountID: a.ID, OrderDate: on, Currency: "EUR", Kind: kind,
				Lines: []*kam.OrderLine{{Quantity: qty, UnitPrice: m}}}
		}
		must(t, s.Load(ctx, sys, func(l *store.Loader) error {
			for _, tg := range []*kam.Target{
				{UserID: f.am1.ID, PeriodStart: day(2025, 4, 1), PeriodEnd: day(2025, 6, 30), Amount: kam.MustMoney("100000")},
				{UserID: f.am2.ID, PeriodStart: day(2025, 4, 1), PeriodEnd: day(2025, 6, 30), Amount: kam.MustMoney("55555")},
				{UserID: marked.ID, PeriodStart: day(2025, 4, 1), PeriodEnd: day(2025, 6, 30), Amount: kam.MustMoney("1000")},
				// A year's quota, 2024 being a leap year: 36,600 over 366 days.
				{UserID: f.am1.ID, PeriodStart: day(2024, 1, 1), PeriodEnd: day(2024, 12, 31), Amount: kam.MustMoney("36600")},
			} {
				tg.Kind, tg.Currency = "revenue", "EUR"
				if err := l.Target(tg); err != nil {
					return err
				}
			}
			for _, o := range []*kam.Order{
				order(f.group, day(2025, 4, 1), "30000"),  // the quarter's first day
				order(f.sub, day(2025, 6, 30), "-5000"),   // a credit note on its last
				order(f.group, day(2025, 3, 31), "9999"),  // the day before it
				order(f.group, day(2025, 7, 1), "8888"),   // the day after it
				order(f.other, day(2025, 5, 15), "77777"), // am2's
				order(f.group, day(2024, 8, 15), "4600"),
			} {
				if err := l.Order(o); err != nil {
					return err
				}
			}
			return nil
		}))
		am1, am2, dir := f.login(t, "am1"), f.login(t, "am2"), f.login(t, "dir")

		t.Run("an account manager's past quarter", func(t *testing.T) {
			body := wantPage(t, f.do(t, "GET", "/forecasts?q=2025Q2", cookie(am1)), 200,
				`<a href="/forecasts" aria-current="page">Forecasts</a>`, "the quarter is over: revenue only",
				"100,000 EUR", "25,000 EUR", "25%</span> of target", `rel="prev"`, `href="/forecasts?q=2025Q1"`, `href="/forecasts?q=2025Q3"`)
			// 30,000 less the 5,000 credit note; 25,000 of 100,000 is 25%.
			if got, want := forecastCells(body, "Alex Morgan"), []string{"100,000", "25,000", "25%"}; !slices.Equal(got, want) {
				t.Errorf("am1's row %q, want %q", got, want)
			}
			for _, other := range []string{"Billie Chen", "77,777", "55,555", "Bold", "Dana Director"} {
				if strings.Contains(body, other) {
					t.Errorf("am1's page shows %q", other)
				}
			}
			if n := strings.Count(body, `class="fc-group"`); n != 1 {
				t.Errorf("am1's chart has %d bar groups, want 1", n)
			}
			if !strings.Contains(body, "<title>Alex Morgan: target 100,000 EUR, actual 25,000 EUR (25%).</title>") {
				t.Error("am1's bar group has no title with the figures")
			}
		})
		t.Run("another account manager's", func(t *testing.T) {
			body := wantPage(t, f.do(t, "GET", "/forecasts?q=2025Q2", cookie(am2)), 200)
			// 77,777 of 55,555 is 140.0%.
			if got, want := forecastCells(body, "Billie Chen"), []string{"55,555", "77,777", "140%"}; !slices.Equal(got, want) {
				t.Errorf("am2's row %q, want %q", got, want)
			}
			if strings.Contains(body, "Alex Morgan") || strings.Contains(body, "25,000") {
				t.Error("am2's page shows am1's figures")
			}
		})
		t.Run("a director's team, with a total", func(t *testing.T) {
			body := wantPage(t, f.do(t, "GET", "/forecasts?q=2025Q2", cookie(dir)), 200,
				"Account managers, in EUR", "&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;Co&#34;")
			if strings.Contains(body, "<b>Bold") {
				t.Error("a display name's markup is on the page as markup")
			}
			for name, want := range map[string][]string{
				"Alex Morgan": {"100,000", "25,000", "25%"},
				"Billie Chen": {"55,555", "77,777", "140%"},
				"&lt;b&gt;":   {"1,000", "0", "0%"},
				// 102,777 of 156,555 is 65.6%.
				"Total": {"156,555", "102,777", "66%"},
			} {
				if got := forecastCells(body, name); !slices.Equal(got, want) {
					t.Errorf("%s: row %q, want %q", name, got, want)
				}
			}
			if n := strings.Count(body, `class="fc-group"`); n != 3 {
				t.Errorf("the director's chart has %d bar groups, want one per person, 3", n)
			}
		})
		t.Run("a year's target counts pro rata", func(t *testing.T) {
			// July to September 2024 is 92 of 366 days: 9,200 of 36,600.
			body := wantPage(t, f.do(t, "GET", "/forecasts?q=2024Q3", cookie(am1)), 200, "pro rata")
			if got, want := forecastCells(body, "Alex Morgan"), []string{"9,200 pro rata", "4,600", "50%"}; !slices.Equal(got, want) {
				t.Errorf("am1's row %q, want %q", got, want)
			}
		})
		t.Run("this quarter by default", func(t *testing.T) {
			today := kam.DateOf(time.Now())
			n := (int(today.Time().Month()) + 2) / 3
			first := kam.NewDate(today.Time().Year(), time.Month(3*n-2), 1)
			must(t, s.Load(ctx, sys, func(l *store.Loader) error {
				return l.Target(&kam.Target{UserID: f.am1.ID, Kind: "revenue", Currency: "EUR", Amount: kam.MustMoney("50000"),
					PeriodStart: first, PeriodEnd: kam.DateOf(first.Time().AddDate(0, 3, -1))})
			}))
			label := fmt.Sprintf("Q%d %d", n, today.Time().Year())
			body := wantPage(t, f.do(t, "GET", "/forecasts", cookie(am1)), 200, label+" (this quarter)</option>",
				"<strong>"+label+"</strong>", "forecast for the rest of the quarter")
			if strings.Contains(body, "Billie Chen") {
				t.Error("am1's page shows am2")
			}
			// The fixture's two orders of 12,500, 10 and 20 days ago, count
			// when they fall in this quarter.
			var actual int64
			for _, ago := range []int{10, 20} {
				if !today.AddDays(-ago).Before(first) {
					actual += 12500
				}
			}
			cells := forecastCells(body, "Alex Morgan")
			if len(cells) != 8 || cells[0] != "50,000" || cells[1] != grouped(actual) {
				t.Fatalf("am1's row %q, want a target of 50,000, %s actual, and the forecast's five cells", cells, grouped(actual))
			}
			// Projected is actual plus forecast, each rounded to whole euros.
			forecast, projected := units(t, cells[3]), units(t, cells[4])
			if d := projected - actual - forecast; d < -1 || d > 1 {
				t.Errorf("projected %d is not actual %d plus forecast %d", projected, actual, forecast)
			}
		})
		t.Run("beyond the forecast and without targets", func(t *testing.T) {
			wantPage(t, f.do(t, "GET", "/forecasts?q=2099Q1", cookie(am1)), 200,
				"No targets set for Q1 2099.", "beyond the forecast's reach", `value="2099Q1" selected`)
		})
		for _, q := range []string{"2025Q5", "2025Q0", "25Q1", "2025-Q1", "Q1 2025", "2025Q", "abc"} {
			t.Run("malformed "+q, func(t *testing.T) {
				body := wantPage(t, f.do(t, "GET", "/forecasts?q="+strings.ReplaceAll(q, " ", "+"), cookie(am1)), 400,
					`class="alert" role="alert">There is no quarter`, "such as")
				if strings.Contains(body, "fc-group") {
					t.Error("a malformed quarter still shows figures")
				}
			})
		}
		t.Run("signed out", func(t *testing.T) {
			if w := f.do(t, "GET", "/forecasts"); w.Code != 303 {
				t.Errorf("signed out: status %d, want a redirect to sign in", w.Code)
			}
		})
	})
}

// grouped writes whole units with thousands separators, as the page does.
func grouped(n int64) string { return kam.Money(n * kam.MoneyScale).FormatGrouped() }

// units reads an amount the page wrote with thousands separators.
func units(t *testing.T, s string) int64 {
	t.Helper()
	m, err := kam.ParseMoney(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return m.Units()
}
