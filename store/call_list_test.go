package store_test

import (
	"context"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestCallListsOfProspectsAndTheirOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, dir, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.director), principal(t, s, o.admin)
		prospect := func(name, country, industry string, owner *kam.User) *kam.Account {
			a := &kam.Account{Name: name, Country: country, Industry: industry, Currency: "EUR", OwnerID: owner.ID, Status: kam.StatusProspect}
			mustOK(t, s.CreateAccount(ctx, kam.System(), a))
			return a
		}
		one := prospect("Oulu Foods Oy", "FI", "Food", o.am1)
		prospect("Turku Foods Oy", "FI", "Food", o.am2) // am1 cannot see it
		three := prospect("Leeds Bakery Ltd", "GB", "food", o.am1)

		// An account manager makes lists for themselves, of what they see.
		mine := &store.CallList{Name: " Finnish food ", Filter: store.CallListFilter{Country: "fi"}}
		if err := s.CreateCallList(ctx, am1, mine); err != nil || mine.Name != "Finnish food" || mine.Entries != 1 || mine.AssigneeID != o.am1.ID {
			t.Fatalf("am1's list: %+v, %v", mine, err)
		}
		wantCode(t, s.CreateCallList(ctx, am1, &store.CallList{Name: "X", Filter: store.CallListFilter{Country: "SE"}}), kam.EINVALID)
		wantCode(t, s.CreateCallList(ctx, am1, &store.CallList{Name: "X", AssigneeID: o.am2.ID}), kam.EINVALID)
		wantCode(t, s.CreateCallList(ctx, am1, &store.CallList{Name: " "}), kam.EINVALID)
		wantCode(t, s.CreateCallList(ctx, am1, &store.CallList{Name: "X", Filter: store.CallListFilter{Tier: "gold"}}), kam.EINVALID)

		// The director of the UK gives am1 a list of every food prospect both see.
		food := &store.CallList{Name: "Food", AssigneeID: o.am1.ID, Filter: store.CallListFilter{Industry: "FOOD"}}
		mustOK(t, s.CreateCallList(ctx, dir, food))
		_, entries, err := s.FindCallList(ctx, am1, food.ID)
		if err != nil || len(entries) != 2 || entries[0].AccountID != three.ID || entries[1].AccountID != one.ID || entries[0].Outcome != "to_call" {
			t.Fatalf("the director's list for am1: %+v, %v", entries, err)
		}
		wantCode(t, s.CreateCallList(ctx, dir, &store.CallList{Name: "X", AssigneeID: o.am2.ID}), kam.EINVALID) // am2 works in Germany

		// Out of scope: am2 sees neither list.
		_, _, err = s.FindCallList(ctx, am2, food.ID)
		wantCode(t, err, kam.ENOTFOUND)
		if lists, _ := s.FindCallLists(ctx, am2); len(lists) != 0 {
			t.Errorf("am2 sees %+v", lists)
		}
		if lists, _ := s.FindCallLists(ctx, am1); len(lists) != 2 || lists[0].ID != food.ID || lists[0].Outcomes["to_call"] != 2 {
			t.Errorf("am1's lists: %+v", lists)
		}
		_, err = s.UpdateCallOutcome(ctx, am2, food.ID, one.ID, store.CallOutcomeUpdate{Version: 1, Outcome: "no_answer"})
		wantCode(t, err, kam.ENOTFOUND)

		// Outcomes: no answer with a note; stale refused; interested becomes a deal.
		note := "Call back after the holidays"
		e, err := s.UpdateCallOutcome(ctx, am1, food.ID, one.ID, store.CallOutcomeUpdate{Version: 1, Outcome: "no_answer", Note: &note})
		if err != nil || e.Outcome != "no_answer" || e.Note != note || e.Version != 2 || e.CalledAt == nil {
			t.Fatalf("no answer: %+v, %v", e, err)
		}
		_, err = s.UpdateCallOutcome(ctx, am1, food.ID, one.ID, store.CallOutcomeUpdate{Version: 1, Outcome: "interested"})
		wantCode(t, err, kam.ESTALE)
		_, err = s.UpdateCallOutcome(ctx, am1, food.ID, one.ID, store.CallOutcomeUpdate{Version: 2, Outcome: "not_interested", Convert: "opportunity"})
		wantCode(t, err, kam.EINVALID)
		_, err = s.UpdateCallOutcome(ctx, am1, food.ID, one.ID, store.CallOutcomeUpdate{Version: 2, Outcome: "maybe"})
		wantCode(t, err, kam.EINVALID)
		e, err = s.UpdateCallOutcome(ctx, am1, food.ID, one.ID, store.CallOutcomeUpdate{Version: 2, Outcome: "interested", Convert: "opportunity"})
		if err != nil || e.OpportunityID == 0 || e.Outcome != "interested" {
			t.Fatalf("interested, a deal: %+v, %v", e, err)
		}
		deal, err := s.FindOpportunity(ctx, am1, e.OpportunityID)
		if err != nil || deal.AccountID != one.ID || deal.OwnerID != o.am1.ID || deal.Stage != "prospecting" || deal.Name != "New business: Oulu Foods Oy" {
			t.Errorf("the deal: %+v, %v", deal, err)
		}
		// Interested, onboarding: the prospect's status moves on.
		e, err = s.UpdateCallOutcome(ctx, am1, food.ID, three.ID, store.CallOutcomeUpdate{Version: 1, Outcome: "interested", Convert: "onboarding"})
		if err != nil || e.Status != "onboarding" {
			t.Fatalf("interested, onboarding: %+v, %v", e, err)
		}
		if a, _ := s.FindAccountByID(ctx, am1, three.ID); a.Status != kam.StatusOnboarding || a.Version != 2 {
			t.Errorf("Leeds after onboarding: %+v", a)
		}
		lists, _ := s.FindCallLists(ctx, dir)
		if len(lists) != 2 || lists[0].Outcomes["interested"] != 2 || lists[0].Entries != 2 {
			t.Errorf("the director's view of the lists: %+v", lists)
		}

		// The assignee may not drop a list given; its author may.
		wantCode(t, s.DeleteCallList(ctx, am1, food.ID, 0), kam.EFORBIDDEN)
		wantCode(t, s.DeleteCallList(ctx, dir, food.ID, 7), kam.ESTALE)
		mustOK(t, s.DeleteCallList(ctx, dir, food.ID, food.Version))
		_, _, err = s.FindCallList(ctx, admin, food.ID)
		wantCode(t, err, kam.ENOTFOUND)
	})
}
