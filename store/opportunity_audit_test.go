package store_test

import (
	"context"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// A deal's own history starts with its creation: who made it, with what
// name, stage and amount.
func TestCreatingADealStartsItsHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1 := principal(t, s, o.am1)
		deal := &kam.Opportunity{AccountID: o.a1.ID, Name: "Valves 2027", Stage: "proposal", Amount: kam.MustMoney("12000"), Currency: "EUR",
			CloseDate: kam.DateOf(s.Now()).AddDays(30)}
		if err := s.CreateOpportunity(ctx, am1, deal); err != nil {
			t.Fatal(err)
		}
		entries, err := s.FindAuditEntries(ctx, am1, "opportunity", deal.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, e := range entries {
			if e.Action == "create" && e.ActorID == o.am1.ID {
				got[e.Field] = e.NewValue
			}
		}
		if got["name"] != "Valves 2027" || got["stage"] != "proposal" || got["amount"] != "12000.00 EUR" {
			t.Errorf("the deal's creation in its history: %v (entries %d)", got, len(entries))
		}
	})
}
