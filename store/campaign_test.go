package store_test

import (
	"context"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// campaignItemOf finds the item of an account in a campaign, as p sees it.
func campaignItemOf(t *testing.T, s *store.Store, p *kam.Principal, campaignID, accountID int64) kam.CampaignItem {
	t.Helper()
	page, err := s.FindCampaignItems(context.Background(), p, campaignID, store.CampaignItemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		if it.AccountID == accountID {
			return it
		}
	}
	t.Fatalf("no item of account %d in campaign %d", accountID, campaignID)
	return kam.CampaignItem{}
}

func TestCampaignsMakeAnItemPerAccountInScopeCountedByOwnerWithinScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin, director := principal(t, s, o.admin), principal(t, s, o.director)
		am1, am2, kam1, viewer := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.kam), principal(t, s, o.view)
		period := func(c *kam.Campaign) *kam.Campaign {
			c.Starts, c.Ends = kam.NewDate(2027, 1, 1), kam.NewDate(2027, 3, 31)
			return c
		}

		// By scope: the UK unit holds Alpha (placed and owned there) and Charlie (placed there).
		uk := period(&kam.Campaign{Name: "UK valve week", Scope: kam.CampaignScope{OrgUnitID: o.uk.ID}})
		if n, err := s.CreateCampaign(ctx, admin, uk); err != nil || n != 2 {
			t.Fatalf("UK campaign: %d items, %v; want 2", n, err)
		}
		// Germany by its people: am2 is there, so Charlie (placed in the UK) counts too.
		if n, err := s.CreateCampaign(ctx, admin, period(&kam.Campaign{Name: "am2's book", Scope: kam.CampaignScope{OwnerID: o.am2.ID, OrgUnitID: o.de.ID}})); err != nil || n != 2 {
			t.Errorf("am2's accounts in Germany: %d, %v; want 2", n, err)
		}
		if n, err := s.CreateCampaign(ctx, admin, period(&kam.Campaign{Name: "Key Delta", Scope: kam.CampaignScope{Tier: "core", Country: "", OwnerID: o.kam.ID}})); err != nil || n != 1 {
			t.Errorf("kam1's core accounts: %d, %v; want 1", n, err)
		}
		// The creator's scope bounds it: the UK director's whole book is Alpha and Charlie.
		mine := period(&kam.Campaign{Name: "Director's drive"})
		if n, err := s.CreateCampaign(ctx, director, mine); err != nil || n != 2 {
			t.Errorf("the director's campaign: %d items, %v; want 2", n, err)
		}
		// Nothing in scope, or bad input: refused, nothing saved.
		before, _ := s.FindCampaigns(ctx, admin)
		_, err := s.CreateCampaign(ctx, admin, period(&kam.Campaign{Name: "Nobody", Scope: kam.CampaignScope{Country: "FR"}}))
		wantCode(t, err, kam.EINVALID)
		_, err = s.CreateCampaign(ctx, admin, &kam.Campaign{Name: "Backwards", Starts: kam.NewDate(2027, 2, 1), Ends: kam.NewDate(2027, 1, 1)})
		wantCode(t, err, kam.EINVALID)
		_, err = s.CreateCampaign(ctx, admin, period(&kam.Campaign{Name: "Ghost product", ProductID: 999}))
		wantCode(t, err, kam.EINVALID)
		_, err = s.CreateCampaign(ctx, viewer, period(&kam.Campaign{Name: "Read only"}))
		wantCode(t, err, kam.EFORBIDDEN)
		if after, _ := s.FindCampaigns(ctx, admin); len(after) != len(before) {
			t.Errorf("refused campaigns were saved: %d before, %d after", len(before), len(after))
		}

		all := period(&kam.Campaign{Name: "Present the X200"})
		if n, err := s.CreateCampaign(ctx, admin, all); err != nil || n != 4 {
			t.Fatalf("campaign on every account: %d, %v", n, err)
		}
		// Owners update their accounts' items; others may not.
		item := func(p *kam.Principal, acc *kam.Account, status string) {
			t.Helper()
			it := campaignItemOf(t, s, p, all.ID, acc.ID)
			got, err := s.UpdateCampaignItem(ctx, p, it.ID, kam.CampaignItemUpdate{Version: it.Version, Status: &status, Note: ptr("Met the buyer")})
			if err != nil || got.Status != status || got.Version != it.Version+1 {
				t.Fatalf("update %s's item to %s: %+v, %v", acc.Name, status, got, err)
			}
		}
		item(am1, o.a1, "presented")
		item(am2, o.a2, "interested")
		item(am2, o.a3, "won")
		charlie := campaignItemOf(t, s, am1, all.ID, o.a3.ID) // am1 is on Charlie's team, read only
		_, err = s.UpdateCampaignItem(ctx, am1, charlie.ID, kam.CampaignItemUpdate{Version: charlie.Version, Status: ptr("presented")})
		wantCode(t, err, kam.EFORBIDDEN)
		bravo := campaignItemOf(t, s, admin, all.ID, o.a2.ID)
		_, err = s.UpdateCampaignItem(ctx, am1, bravo.ID, kam.CampaignItemUpdate{Version: bravo.Version, Status: ptr("presented")})
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.UpdateCampaignItem(ctx, am2, bravo.ID, kam.CampaignItemUpdate{Version: 1, Status: ptr("won")})
		wantCode(t, err, kam.ESTALE)
		_, err = s.UpdateCampaignItem(ctx, am2, bravo.ID, kam.CampaignItemUpdate{Version: bravo.Version, Status: ptr("sold")})
		wantCode(t, err, kam.EINVALID)

		// Progress by account manager, within each reader's scope.
		progress := func(p *kam.Principal) map[string]kam.CampaignCount {
			t.Helper()
			rows, err := s.FindCampaignProgress(ctx, p, all.ID)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]kam.CampaignCount{}
			for _, r := range rows {
				out[r.OwnerName] = r.Counts
			}
			return out
		}
		got := progress(admin)
		if len(got) != 3 || got["am1"].ByStatus["presented"] != 1 || got["am2"].Total != 2 || got["am2"].PresentedPC != 100 ||
			got["kam1"].ByStatus["to_present"] != 1 || got["kam1"].PresentedPC != 0 {
			t.Errorf("progress for the admin: %+v", got)
		}
		got = progress(director) // Alpha and Charlie
		if len(got) != 2 || got["am1"].Total != 1 || got["am2"].Total != 1 || got["am2"].ByStatus["won"] != 1 {
			t.Errorf("progress for the UK director: %+v", got)
		}
		counts := func(p *kam.Principal) kam.CampaignCount {
			t.Helper()
			cm, err := s.FindCampaign(ctx, p, all.ID)
			if err != nil {
				t.Fatal(err)
			}
			return cm.Counts
		}
		if c := counts(admin); c.Total != 4 || c.PresentedPC != 75 {
			t.Errorf("the admin's counts %+v; want 4 items, 75%% presented", c)
		}
		if c := counts(am1); c.Total != 3 || c.ByStatus["interested"] != 0 { // Alpha, Charlie, Delta
			t.Errorf("am1's counts %+v", c)
		}
		if c := counts(kam1); c.Total != 1 || c.PresentedPC != 0 {
			t.Errorf("kam1's counts %+v", c)
		}
		// A campaign with none of p's accounts does not exist for p.
		_, err = s.FindCampaign(ctx, kam1, mine.ID)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.FindCampaignProgress(ctx, kam1, mine.ID)
		wantCode(t, err, kam.ENOTFOUND)
		if list, _ := s.FindCampaigns(ctx, kam1); len(list) != 2 { // Key Delta and the X200
			names := []string{}
			for _, c := range list {
				names = append(names, c.Name)
			}
			t.Errorf("kam1 sees %v", names)
		}

		// Items page by account name.
		page, err := s.FindCampaignItems(ctx, admin, all.ID, store.CampaignItemFilter{Limit: 3})
		if err != nil || len(page.Items) != 3 || page.Items[0].AccountName != "Alpha Industries Ltd" || page.Next == "" {
			t.Fatalf("first page %+v, %v", page, err)
		}
		rest, err := s.FindCampaignItems(ctx, admin, all.ID, store.CampaignItemFilter{Limit: 3, After: page.Next})
		if err != nil || len(rest.Items) != 1 || rest.Items[0].AccountName != "Delta AG" || rest.Items[0].OwnerName != "kam1" {
			t.Fatalf("second page %+v, %v", rest, err)
		}
		if won, _ := s.FindCampaignItems(ctx, am2, all.ID, store.CampaignItemFilter{Status: "won"}); len(won.Items) != 1 || won.Items[0].AccountID != o.a3.ID {
			t.Errorf("won items for am2: %+v", won.Items)
		}
		onAlpha, err := s.FindAccountCampaignItems(ctx, am1, o.a1.ID, kam.NewDate(2027, 1, 15))
		if err != nil || len(onAlpha) != 3 {
			t.Errorf("Alpha's campaigns: %+v, %v", onAlpha, err)
		}

		// The campaign itself: its creator or an administrator change it, from the current version.
		_, err = s.UpdateCampaign(ctx, am1, all.ID, kam.CampaignUpdate{Version: 1, Name: ptr("Mine now")})
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.UpdateCampaign(ctx, admin, all.ID, kam.CampaignUpdate{Version: 4, Name: ptr("X")})
		wantCode(t, err, kam.ESTALE)
		renamed, err := s.UpdateCampaign(ctx, admin, all.ID, kam.CampaignUpdate{Version: 1, Name: ptr("Present the X300"), Ends: ptr(kam.NewDate(2027, 4, 30))})
		if err != nil || renamed.Version != 2 || renamed.Name != "Present the X300" || renamed.Counts.Total != 4 {
			t.Fatalf("rename: %+v, %v", renamed, err)
		}
		wantCode(t, s.DeleteCampaign(ctx, director, all.ID, 0), kam.EFORBIDDEN)
		if err := s.DeleteCampaign(ctx, admin, all.ID, 2); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindCampaignItem(ctx, am1, charlie.ID)
		wantCode(t, err, kam.ENOTFOUND)
	})
}
