package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestCampaignItemsSetTogetherOrNotAtAll: several items' status set in one
// change, each on its account's audit log; one item of an account the user
// may only read, or changed meanwhile, or of another campaign, refuses the
// whole change, naming that account, and nothing is written.
func TestCampaignItemsSetTogetherOrNotAtAll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin, am1, viewer := principal(t, s, o.admin), principal(t, s, o.am1), principal(t, s, o.view)
		period := func(name string) *kam.Campaign {
			c := &kam.Campaign{Name: name, Starts: kam.NewDate(2027, 1, 1), Ends: kam.NewDate(2027, 3, 31)}
			if _, err := s.CreateCampaign(ctx, admin, c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		x200, other := period("Present the X200"), period("Present the X300")
		// am1 owns Alpha, edits Delta on its team, only reads Charlie.
		alpha, charlie, delta := campaignItemOf(t, s, am1, x200.ID, o.a1.ID), campaignItemOf(t, s, am1, x200.ID, o.a3.ID),
			campaignItemOf(t, s, am1, x200.ID, o.a4.ID)
		elsewhere := campaignItemOf(t, s, am1, other.ID, o.a1.ID)
		refused := func(items []store.CampaignItemVersion, code, name string) {
			t.Helper()
			_, err := s.UpdateCampaignItems(ctx, am1, x200.ID, "presented", items)
			wantCode(t, err, code)
			if name != "" && !strings.Contains(kam.ErrorMessage(err), name) {
				t.Errorf("the refusal does not name %s: %v", name, err)
			}
		}
		refused([]store.CampaignItemVersion{{alpha.ID, alpha.Version}, {charlie.ID, charlie.Version}}, kam.EFORBIDDEN, "Charlie plc")
		refused([]store.CampaignItemVersion{{delta.ID, delta.Version}, {alpha.ID, alpha.Version + 1}}, kam.ESTALE, "Alpha Industries Ltd")
		refused([]store.CampaignItemVersion{{alpha.ID, alpha.Version}, {elsewhere.ID, elsewhere.Version}}, kam.ENOTFOUND, "")
		refused(nil, kam.EINVALID, "")
		_, err := s.UpdateCampaignItems(ctx, am1, x200.ID, "sold", []store.CampaignItemVersion{{alpha.ID, alpha.Version}})
		wantCode(t, err, kam.EINVALID)
		_, err = s.UpdateCampaignItems(ctx, viewer, x200.ID, "presented", []store.CampaignItemVersion{{alpha.ID, alpha.Version}})
		wantCode(t, err, kam.EFORBIDDEN)
		for _, it := range []kam.CampaignItem{alpha, delta} {
			if now := campaignItemOf(t, s, am1, x200.ID, it.AccountID); now.Version != it.Version || now.Status != "to_present" {
				t.Errorf("a refused change wrote %s: %+v", it.AccountName, now)
			}
		}

		got, err := s.UpdateCampaignItems(ctx, am1, x200.ID, "presented", []store.CampaignItemVersion{{alpha.ID, alpha.Version}, {delta.ID, delta.Version}})
		if err != nil || len(got) != 2 {
			t.Fatalf("set Alpha and Delta: %+v, %v", got, err)
		}
		for _, it := range []kam.CampaignItem{alpha, delta} {
			if now := campaignItemOf(t, s, am1, x200.ID, it.AccountID); now.Version != it.Version+1 || now.Status != "presented" {
				t.Errorf("%s after the change: %+v", it.AccountName, now)
			}
			if action, value := lastAudit(t, s, it.AccountID); action != "campaign" || value != "presented" {
				t.Errorf("%s's audit: %s %q", it.AccountName, action, value)
			}
		}
		if cm, err := s.FindCampaign(ctx, admin, x200.ID); err != nil || cm.Counts.ByStatus["presented"] != 2 {
			t.Errorf("counts after the change: %+v, %v", cm, err)
		}
	})
}
