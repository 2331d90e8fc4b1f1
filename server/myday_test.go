package server_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// dayFixture adds to the fixture what My day shows: am1's account group has
// a contract ending in 10 days with 30 days' notice, another whose notice
// is due in 15 days, a deal closing in 5
// days and a planned visit; am2's account has a deal closing tomorrow. The
// roll-ups and classifications are computed so that flags, the contact
// queue and the selection matrix exist.
func dayFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	f := newFixture(t, s)
	ctx, sys := context.Background(), kam.System()
	today := kam.DateOf(time.Now())
	must(t, s.Load(ctx, sys, func(l *store.Loader) error {
		for _, c := range []*kam.Contract{
			{AccountID: f.group.ID, Name: "Frame agreement <b>2025</b>", StartDate: today.AddDays(-700), EndDate: today.AddDays(10),
				Value: kam.MustMoney("90000"), Currency: "EUR", NoticeDays: 30, Status: "active"},
			{AccountID: f.group.ID, Name: "Service contract", StartDate: today.AddDays(-300), EndDate: today.AddDays(60),
				Value: kam.MustMoney("12000"), Currency: "EUR", NoticeDays: 45, Status: "active"},
		} {
			if err := l.Contract(c); err != nil {
				return err
			}
		}
		for _, o := range []*kam.Opportunity{
			{AccountID: f.group.ID, Name: "Cold store retrofit", Kind: kam.OppUpsell, Stage: "proposal", Amount: kam.MustMoney("42000"),
				Currency: "EUR", Probability: 50, CloseDate: today.AddDays(5), OwnerID: f.am1.ID},
			{AccountID: f.other.ID, Name: "Zeta secret deal", Kind: kam.OppNew, Stage: "negotiation", Amount: kam.MustMoney("9000"),
				Currency: "EUR", Probability: 75, CloseDate: today.AddDays(1), OwnerID: f.am2.ID},
		} {
			if err := l.Opportunity(o); err != nil {
				return err
			}
		}
		return l.Activity(&kam.Activity{AccountID: f.group.ID, Kind: kam.ActivityVisit, UserID: f.am1.ID,
			OccurredAt: time.Now().Add(72 * time.Hour), Subject: "Plant tour in Espoo"})
	}))
	if _, err := s.Recompute(ctx, today, portfolio.Compute(portfolio.Options{})); err != nil {
		t.Fatal(err)
	}
	cfg, err := portfolio.LoadConfig(ctx, s)
	must(t, err)
	if _, err := portfolio.RecordSegments(ctx, s, today, cfg); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMyDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := dayFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		am1p, err := s.PrincipalFor(context.Background(), f.am1.ID)
		must(t, err)

		t.Run("what comes up on my accounts, soonest first", func(t *testing.T) {
			w := f.do(t, "GET", "/", cookie(am1))
			body := wantPage(t, w, 200, "<h1>Good ", ", Alex</h1>", "Whom to contact", "Coming up, next 30 days", "Open change flags",
				"Last day for notice", "Service contract", "in 15 days", "Contract ends", "Frame agreement &lt;b&gt;2025&lt;/b&gt;", "90,000 EUR",
				"Deal due to close", "Cold store retrofit", "Visit", "Plant tour in Espoo", "in 5 days", "in 10 days")
			if strings.Contains(body, "Zeta secret deal") || strings.Contains(body, "Frame agreement <b>") {
				t.Error("My day shows another's deal, or markup unescaped")
			}
			// The notice deadline (passed 20 days ago) is not listed; the
			// deal (5 days) comes before the contract's end (10 days).
			coming := body[strings.Index(body, `id="upcoming-head"`):]
			if i, j := strings.Index(coming, "Cold store retrofit"), strings.Index(coming, "Frame agreement"); i < 0 || j < i {
				t.Errorf("deal at %d should come before the contract at %d", i, j)
			}
		})
		t.Run("another manager sees only theirs", func(t *testing.T) {
			w := f.do(t, "GET", "/", cookie(am2))
			body := wantPage(t, w, 200, "Zeta secret deal", "tomorrow")
			if strings.Contains(body, "Cold store retrofit") || strings.Contains(body, "Nordic Foods Group") {
				t.Error("am2's day shows am1's accounts")
			}
		})
		t.Run("an administrator's day spans every book", func(t *testing.T) {
			// Seeing the whole organisation, the lists walk their date
			// indexes instead of gathering each account's records.
			must(t, s.CreateUser(context.Background(), kam.System(), &kam.User{Username: "boss", Role: kam.RoleAdmin}, testPassword))
			wantPage(t, f.do(t, "GET", "/", cookie(f.login(t, "boss"))), 200,
				"Cold store retrofit", "Zeta secret deal", "Service contract", "Frame agreement &lt;b&gt;2025&lt;/b&gt;")
		})
		t.Run("a flag acknowledged from My day returns there", func(t *testing.T) {
			flags, err := s.FindFlags(context.Background(), am1p, "open")
			must(t, err)
			if len(flags) == 0 {
				t.Fatal("the fixture raised no flag on am1's accounts")
			}
			body := f.do(t, "GET", "/", cookie(am1)).Body.String()
			if !strings.Contains(body, `name="next" value="/"`) {
				t.Fatal("My day's flag forms do not return to My day")
			}
			w := f.do(t, "POST", "/flags/"+strconv.FormatInt(flags[0].ID, 10)+"/state", cookie(am1),
				form(url.Values{"state": {"acknowledged"}, "next": {"/"}}))
			if w.Code != 303 || w.Header().Get("Location") != "/?done=acknowledged" {
				t.Fatalf("acknowledge: %d to %q", w.Code, w.Header().Get("Location"))
			}
			wantPage(t, f.do(t, "GET", "/?done=acknowledged", cookie(am1)), 200, "Flag acknowledged")
			got, err := s.FindFlags(context.Background(), am1p, "acknowledged")
			must(t, err)
			if len(got) != 1 || got[0].ID != flags[0].ID {
				t.Errorf("acknowledged flags %v, want the one acknowledged", got)
			}
		})
		t.Run("a form cannot send the user off the site", func(t *testing.T) {
			flags, err := s.FindFlags(context.Background(), am1p, "open")
			must(t, err)
			w := f.do(t, "POST", "/flags/"+strconv.FormatInt(flags[0].ID, 10)+"/state", cookie(am1),
				form(url.Values{"state": {"resolved"}, "next": {"//evil.example/"}}))
			if loc := w.Header().Get("Location"); w.Code != 303 || !strings.HasPrefix(loc, "/?") {
				t.Errorf("redirected to %q", loc)
			}
		})
	})
}

func TestSearchPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := dayFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		for _, tc := range []struct {
			name, as, q   string
			want, notWant []string
		}{
			{name: "contacts by name across my accounts", as: am1, q: "aino",
				want: []string{"Aino Virtanen", "Nordic Foods Group", "Contacts <span class=\"count\">1</span>"}},
			{name: "opportunities by name", as: am1, q: "retrofit", want: []string{"Cold store retrofit", "Proposal", "42,000 EUR"}},
			{name: "accounts, accent-insensitive", as: am1, q: "ile", want: []string{"Île Distribution"}},
			{name: "another's records are not found", as: am2, q: "aino", want: []string{"Nothing matches"}, notWant: []string{"Virtanen"}},
			{name: "another's deals are not found", as: am1, q: "zeta", want: []string{"Nothing matches"}, notWant: []string{"Zeta secret deal"}},
			{name: "markup is text", as: am1, q: "<script>", want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, notWant: []string{"<script>alert"}},
			{name: "no text", as: am1, q: "", want: []string{"Type part of a name"}},
			{name: "like wildcards are literal", as: am1, q: "%", want: []string{"Nothing matches"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := f.do(t, "GET", "/search?q="+url.QueryEscape(tc.q), cookie(tc.as))
				body := wantPage(t, w, 200, tc.want...)
				for _, s := range tc.notWant {
					if strings.Contains(body, s) {
						t.Errorf("body has %q", s)
					}
				}
			})
		}
	})
}
