package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestCampaignSetMany: a campaign's page says its scope in words and sets
// the status of the accounts ticked all at once, back on the page it came
// from; an account the user may only read, an item changed meanwhile or
// nothing ticked refuse it all, naming the account, with the ticks kept.
func TestCampaignSetMany(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, sys := context.Background(), kam.System()
		f := newFixture(t, s)
		must(t, s.Load(ctx, sys, func(l *store.Loader) error { return l.TeamMember(f.other.ID, f.am1.ID, "support", "read") }))
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		period := func(name string, scope kam.CampaignScope) *kam.Campaign {
			c := &kam.Campaign{Name: name, Starts: kam.NewDate(2027, 1, 1), Ends: kam.NewDate(2027, 3, 31), Scope: scope}
			_, err := s.CreateCampaign(ctx, sys, c)
			must(t, err)
			return c
		}
		scoped := period("German core", kam.CampaignScope{Tier: "core", Country: "DE", OwnerID: f.am1.ID})
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/campaigns/%d", scoped.ID), cookie(am1)), 200, "Core accounts in Germany owned by Alex Morgan")
		all := period("Present the X200", kam.CampaignScope{})
		page := fmt.Sprintf("/campaigns/%d", all.ID)
		items, err := s.FindCampaignItems(ctx, sys, all.ID, store.CampaignItemFilter{})
		must(t, err)
		item := map[int64]kam.CampaignItem{}
		for _, it := range items.Items {
			item[it.AccountID] = it
		}
		tick := func(accounts ...*kam.Account) []string {
			var out []string
			for _, a := range accounts {
				out = append(out, fmt.Sprintf("%d:%d", item[a.ID].ID, item[a.ID].Version))
			}
			return out
		}
		group, sub, zeta := f.group, f.sub, f.other
		body := wantPage(t, f.do(t, "GET", page, cookie(am1)), 200, "All accounts", "Set status", `value="`+tick(group)[0]+`"`)
		if strings.Contains(body, `value="`+tick(zeta)[0]+`"`) {
			t.Errorf("an account am1 may only read can be ticked")
		}
		set := func(who string, status string, ticked []string) (int, string, string) {
			w := f.do(t, "POST", page+"/items", cookie(who), form(url.Values{"item": ticked, "status": {status}, "back": {page + "?status=to_present"}}))
			return w.Code, w.Header().Get("Location"), w.Body.String()
		}
		if code, loc, body := set(am1, "presented", tick(group, sub)); code != 303 || loc != page+"?set=2&status=to_present" {
			t.Fatalf("set two: %d %q %s", code, loc, body)
		}
		wantPage(t, f.do(t, "GET", page+"?set=2", cookie(am1)), 200, "Status set on 2 accounts.", "28% of 7 presented")

		// Refused, nothing written: the ticks stay.
		stale := tick(group) // at version 2 now
		code, _, body := set(am1, "won", append(tick(f.markup), stale...))
		if code != 409 || !strings.Contains(body, "Someone else changed Nordic Foods Group") || !strings.Contains(body, `value="`+tick(f.markup)[0]+`" id="ci-pick-`) {
			t.Errorf("stale: %d %s", code, body)
		}
		code, _, body = set(am1, "won", tick(f.markup, zeta))
		if code != 403 || !strings.Contains(body, "You may only read Zeta Secret Holdings") {
			t.Errorf("read only: %d %s", code, body)
		}
		wantPage(t, f.do(t, "POST", page+"/items", cookie(am1), form(url.Values{"status": {"won"}})), 400, "Choose the accounts")
		wantPage(t, f.do(t, "POST", page+"/items", cookie(am1), form(url.Values{"item": tick(f.markup)})), 400, "Choose the status")
		if code, _, _ := set(am2, "won", tick(f.markup)); code != 404 {
			t.Errorf("am2 sets am1's account: %d", code)
		}
		if now, err := s.FindCampaign(ctx, sys, all.ID); err != nil || now.Counts.ByStatus["won"] != 0 || now.Counts.ByStatus["presented"] != 2 {
			t.Errorf("after the refusals: %+v, %v", now, err)
		}
	})
}
