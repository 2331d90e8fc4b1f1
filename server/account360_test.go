package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestAccount360(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := dayFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		page := fmt.Sprintf("/accounts/%d", f.group.ID)

		t.Run("the records of the account", func(t *testing.T) {
			wantPage(t, f.do(t, "GET", page, cookie(am1)), 200,
				`id="timeline"`, "Order SO-1001", "12,500 EUR", "Visit", "Plant tour in Espoo", // timeline
				"Cold store retrofit", "Proposal", "open 42,000 EUR, weighted 21,000 EUR", // opportunities
				"Frame agreement &lt;b&gt;2025&lt;/b&gt;", "Service contract", "Ends in 10 days", // contracts
				"Account team", "Alex Morgan", // team
				"Buying centre", "Aino Virtanen", "Decision maker", // relationship map
				`action="/capture"`, `name="account_id" value="`+strconv.FormatInt(f.group.ID, 10)+`"`, // quick capture
				`action="`+page+`/edit"`, `name="version" value="1"`)
		})
		t.Run("an edit is saved and shows on the timeline", func(t *testing.T) {
			w := f.do(t, "POST", page+"/edit", cookie(am1), form(url.Values{"version": {"1"}, "name": {"Nordic Foods Group"},
				"industry": {"Food & drink"}, "country": {"fi"}, "tier": {"key"}, "status": {"active"}}))
			if w.Code != 303 || !strings.Contains(w.Header().Get("Location"), "saved=facts") {
				t.Fatalf("save: %d to %q\n%s", w.Code, w.Header().Get("Location"), w.Body)
			}
			next, _, _ := strings.Cut(w.Header().Get("Location"), "#") // browsers keep the fragment to themselves
			wantPage(t, f.do(t, "GET", next, cookie(am1)), 200, "Saved.", "Industry changed", "Food → Food &amp; drink", `name="version" value="2"`)
		})
		// The facts as a form opened before the save above had them.
		stale := func(v url.Values) url.Values {
			for k, x := range map[string]string{"version": "1", "was_name": "Nordic Foods Group", "was_industry": "Food", "was_country": "FI",
				"was_tier": "key", "was_status": "active", "name": "Nordic Foods Group", "industry": "Food", "country": "FI", "tier": "key", "status": "active"} {
				if !v.Has(k) {
					v.Set(k, x)
				}
			}
			return v
		}
		t.Run("a stale edit is refused and brought up to date", func(t *testing.T) {
			// The user changed only the name; the other save changed the
			// industry. Nothing is written; the form keeps their name and
			// takes the new industry, with no conflict to settle.
			w := f.do(t, "POST", page+"/edit", cookie(am1), form(stale(url.Values{"name": {"Nordic Foods Oy"}})))
			body := wantPage(t, w, 409, "Someone else saved this account", "Their changes are now in the form beside yours",
				`value="Nordic Foods Oy"`, `id="f-industry" name="industry" value="Food &amp; drink"`, `name="version" value="2"`)
			if strings.Contains(body, "Saved now") {
				t.Error("a conflict table for fields only one side changed")
			}
			a, err := s.FindAccountByID(context.Background(), kam.System(), f.group.ID)
			must(t, err)
			if a.Name != "Nordic Foods Group" || a.Industry != "Food & drink" || a.Version != 2 {
				t.Errorf("the stale edit changed the account: %q %q v%d", a.Name, a.Industry, a.Version)
			}
		})
		t.Run("a field both changed shows both values", func(t *testing.T) {
			w := f.do(t, "POST", page+"/edit", cookie(am1), form(stale(url.Values{"industry": {"Fish"}})))
			wantPage(t, w, 409, "where you both changed a field", "Saved now", "<th scope=\"row\">Industry</th><td>Food &amp; drink</td><td>Fish</td>",
				`id="f-industry" name="industry" value="Fish"`)
		})
		t.Run("a bad value keeps what was typed", func(t *testing.T) {
			w := f.do(t, "POST", page+"/edit", cookie(am1), form(url.Values{"version": {"2"}, "name": {""},
				"industry": {"<b>Fish</b>"}, "tier": {"key"}, "status": {"active"}}))
			wantPage(t, w, 400, "Account name is required", `value="&lt;b&gt;Fish&lt;/b&gt;"`)
		})
		t.Run("another manager can neither see nor edit it", func(t *testing.T) {
			wantPage(t, f.do(t, "GET", page, cookie(am2)), 404)
			wantPage(t, f.do(t, "POST", page+"/edit", cookie(am2), form(url.Values{"version": {"2"}, "name": {"Mine"}, "status": {"active"}})), 404)
		})
	})
}
