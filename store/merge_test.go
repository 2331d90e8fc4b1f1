package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestCreatingTheSameCompanyTwiceIsRefusedOrQueued(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		sys := kam.System()
		// "Alpha Industries Ltd" exists: the same name in another legal form is
		// the same company.
		dup := &kam.Account{Name: "ALPHA INDUSTRIES LIMITED", Currency: "EUR", OwnerID: o.am1.ID}
		if err := s.CreateAccount(ctx, sys, dup); kam.ErrorCode(err) != kam.ECONFLICT {
			t.Fatalf("same company again: %v, want a conflict", err)
		}
		// A near spelling is created but waits in the review queue.
		near := &kam.Account{Name: "Alpha Industry", Currency: "EUR", OwnerID: o.am1.ID}
		if err := s.CreateAccount(ctx, sys, near); err != nil {
			t.Fatal(err)
		}
		pairs, err := s.FindDuplicates(ctx, sys, "open", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(pairs) != 1 || pairs[0].Account.ID != near.ID || pairs[0].Candidate.ID != o.a1.ID || pairs[0].Score < store.ProbableDuplicateScore {
			t.Fatalf("queue %+v, want Alpha Industry paired with Alpha Industries Ltd", pairs)
		}
		if _, err := s.FindDuplicates(ctx, principal(t, s, o.director), "open", 10); kam.ErrorCode(err) != kam.EFORBIDDEN {
			t.Errorf("a director reads the queue: %v, want forbidden", err)
		}
		if err := s.DismissDuplicate(ctx, sys, pairs[0].ID); err != nil {
			t.Fatal(err)
		}
		if pairs, _ := s.FindDuplicates(ctx, sys, "open", 10); len(pairs) != 0 {
			t.Errorf("dismissed pair still open: %+v", pairs)
		}
	})
}

func TestMergeMovesEverythingAndUndoPutsItBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		sys := kam.System()
		survivor, merged := o.a1, o.a3
		var child kam.Account
		err := s.Load(ctx, sys, func(l *store.Loader) error {
			if err := l.Contact(&kam.Contact{AccountID: merged.ID, FirstName: "Ann", LastName: "Lee"}); err != nil {
				return err
			}
			if err := l.Order(&kam.Order{AccountID: merged.ID, OrderDate: kam.NewDate(2026, time.March, 2), Currency: "EUR",
				Lines: []*kam.OrderLine{{Quantity: 2, UnitPrice: kam.Money(50_0000)}}}); err != nil {
				return err
			}
			child = kam.Account{Name: "Charlie Scotland", Currency: "EUR", ParentID: merged.ID, OwnerID: o.am2.ID,
				ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C-9"}}}
			return l.Account(&child)
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Load(ctx, sys, func(l *store.Loader) error {
			return l.Account(&kam.Account{Name: "Charlie Wales", Currency: "EUR", ExternalIDs: []kam.ExternalID{{Source: "crm", ID: "X1"}}})
		}); err != nil {
			t.Fatal(err)
		}
		// Give the merged account an external id to carry over.
		id := int64(0)
		if err := s.DB().QueryRow(s.Rebind("SELECT id FROM accounts WHERE name = ?"), "Charlie Wales").Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MergeAccounts(ctx, sys, merged.ID, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MergeAccounts(ctx, sys, child.ID, merged.ID); kam.ErrorCode(err) != kam.EINVALID {
			t.Errorf("merging a parent into its subsidiary: %v, want refused", err)
		}
		if _, err := s.MergeAccounts(ctx, principal(t, s, o.director), survivor.ID, merged.ID); kam.ErrorCode(err) != kam.EFORBIDDEN {
			t.Errorf("a director merges: %v, want forbidden", err)
		}

		m, err := s.MergeAccounts(ctx, sys, survivor.ID, merged.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Moved["contacts"] != 1 || m.Moved["orders"] != 1 || m.Moved["child accounts"] != 1 {
			t.Errorf("moved %v, want 1 contact, 1 order, 1 child account", m.Moved)
		}
		if _, err := s.FindAccountByID(ctx, sys, merged.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("merged account still readable: %v", err)
		}
		after, err := s.FindAccountByID(ctx, sys, survivor.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(after.ExternalIDs, kam.ExternalID{Source: "crm", ID: "X1"}) {
			t.Errorf("survivor's external ids %v lack the merged account's crm:X1", after.ExternalIDs)
		}
		contacts, _ := s.FindContacts(ctx, sys, survivor.ID)
		orders, _ := s.FindRecentOrders(ctx, sys, survivor.ID, 10)
		if len(contacts) != 1 || len(orders) != 1 {
			t.Errorf("survivor has %d contacts and %d orders, want the merged account's 1 and 1", len(contacts), len(orders))
		}
		kid, _ := s.FindAccountByID(ctx, sys, child.ID)
		if kid.ParentID != survivor.ID {
			t.Errorf("child's parent %d, want the survivor %d", kid.ParentID, survivor.ID)
		}
		trail, _ := s.FindAuditEntries(ctx, sys, "account", survivor.ID)
		if len(trail) == 0 || trail[0].Action != "merge" {
			t.Errorf("survivor's audit trail starts %+v, want the merge", trail)
		}

		if _, err := s.UndoMerge(ctx, sys, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UndoMerge(ctx, sys, m.ID); kam.ErrorCode(err) != kam.ECONFLICT {
			t.Errorf("undoing twice: %v, want a conflict", err)
		}
		back, err := s.FindAccountByID(ctx, sys, merged.ID)
		if err != nil {
			t.Fatalf("merged account after undo: %v", err)
		}
		if !slices.Contains(back.ExternalIDs, kam.ExternalID{Source: "crm", ID: "X1"}) {
			t.Errorf("after undo the external ids %v lack crm:X1", back.ExternalIDs)
		}
		contacts, _ = s.FindContacts(ctx, sys, merged.ID)
		orders, _ = s.FindRecentOrders(ctx, sys, merged.ID, 10)
		kid, _ = s.FindAccountByID(ctx, sys, child.ID)
		if len(contacts) != 1 || len(orders) != 1 || kid.ParentID != merged.ID {
			t.Errorf("after undo: %d contacts, %d orders, child under %d; want 1, 1, %d", len(contacts), len(orders), kid.ParentID, merged.ID)
		}
		after, _ = s.FindAccountByID(ctx, sys, survivor.ID)
		if slices.Contains(after.ExternalIDs, kam.ExternalID{Source: "crm", ID: "X1"}) {
			t.Errorf("survivor kept crm:X1 after undo: %v", after.ExternalIDs)
		}
	})
}

func TestSubsidiariesAndLookAlikesAbroadAreNotQueued(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		sys := kam.System()
		create := func(name, country string, parent int64) *kam.Account {
			a := &kam.Account{Name: name, Country: country, ParentID: parent, Currency: "EUR", OwnerID: o.am1.ID}
			if err := s.CreateAccount(ctx, sys, a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		group := create("Stonewater Building Systems Group", "JP", 0)
		create("Stonewater Building Systems India", "IN", group.ID)
		create("Stonewater Building Systems Indiana", "US", group.ID)
		create("Thorngate Semiconductors", "GB", 0)
		create("Thorndale Semiconductors", "US", 0)
		pairs, err := s.FindDuplicates(ctx, sys, "open", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(pairs) != 0 {
			t.Errorf("queued %d pairs, want none: sister subsidiaries and look-alike names in different countries; first %q ~ %q (%s)",
				len(pairs), pairs[0].Account.Name, pairs[0].Candidate.Name, pairs[0].Reasons)
		}
	})
}

func TestUndoingAMergeReopensItsPair(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		sys := kam.System()
		near := &kam.Account{Name: "Alpha Industry", Currency: "EUR", OwnerID: o.am1.ID}
		if err := s.CreateAccount(ctx, sys, near); err != nil {
			t.Fatal(err)
		}
		open := func() int {
			pairs, err := s.FindDuplicates(ctx, sys, "open", 10)
			if err != nil {
				t.Fatal(err)
			}
			return len(pairs)
		}
		if open() != 1 {
			t.Fatal("the near name was not queued")
		}
		m, err := s.MergeAccounts(ctx, sys, o.a1.ID, near.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := open(); n != 0 {
			t.Errorf("%d open pairs after the merge", n)
		}
		if _, err := s.UndoMerge(ctx, sys, m.ID); err != nil {
			t.Fatal(err)
		}
		if n := open(); n != 1 {
			t.Errorf("%d open pairs after undo, want the pair back for a new decision", n)
		}
		ro := &kam.Principal{UserID: o.admin.ID, Role: kam.RoleAdmin, ReadOnly: true}
		if _, err := s.FindMerges(ctx, ro, 10); err != nil {
			t.Errorf("a read-only admin token lists merges: %v", err)
		}
		if _, err := s.MergeAccounts(ctx, ro, o.a1.ID, near.ID); kam.ErrorCode(err) != kam.EFORBIDDEN {
			t.Errorf("a read-only admin token merges: %v, want forbidden", err)
		}
	})
}

func TestMergesUndoNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		sys := kam.System()
		first, err := s.MergeAccounts(ctx, sys, o.a1.ID, o.a3.ID)
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.MergeAccounts(ctx, sys, o.a2.ID, o.a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UndoMerge(ctx, sys, first.ID); kam.ErrorCode(err) != kam.ECONFLICT {
			t.Fatalf("undoing the older merge first: %v, want a conflict naming the later one", err)
		}
		for _, m := range []*kam.Merge{second, first} {
			if _, err := s.UndoMerge(ctx, sys, m.ID); err != nil {
				t.Fatalf("undo merge %d: %v", m.ID, err)
			}
		}
		for _, a := range []*kam.Account{o.a1, o.a2, o.a3} {
			if _, err := s.FindAccountByID(ctx, sys, a.ID); err != nil {
				t.Errorf("%s after both undos: %v", a.Name, err)
			}
		}
	})
}

// A merge leaves with the retired account what the survivor may hold only
// once — a second active plan, a second item of the same campaign — and
// moves the rest; undoing it puts everything back.
func TestMergeKeepsWhatTheSurvivorHoldsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		survivor, merged := o.a1, o.a3
		today := kam.DateOf(s.Now())
		plans := map[int64]*kam.AccountPlan{}
		for _, a := range []*kam.Account{survivor, merged} {
			plans[a.ID] = &kam.AccountPlan{AccountID: a.ID, Title: "Plan of " + a.Name, Status: "active",
				PeriodStart: today, PeriodEnd: today.AddDays(364)}
			if err := s.CreatePlan(ctx, admin, plans[a.ID]); err != nil {
				t.Fatal(err)
			}
		}
		draft := &kam.AccountPlan{AccountID: merged.ID, Title: "Ideas", Status: "draft", PeriodStart: today, PeriodEnd: today.AddDays(364)}
		if err := s.CreatePlan(ctx, admin, draft); err != nil {
			t.Fatal(err)
		}
		cm := &kam.Campaign{Name: "Present the new valve", Starts: today, Ends: today.AddDays(30)}
		if _, err := s.CreateCampaign(ctx, admin, cm); err != nil {
			t.Fatal(err)
		}
		m, err := s.MergeAccounts(ctx, admin, survivor.ID, merged.ID)
		if err != nil {
			t.Fatalf("merge: %v", err)
		}
		owner := func(id int64) int64 {
			p, err := s.FindPlan(ctx, admin, id)
			if err != nil {
				return 0
			}
			return p.AccountID
		}
		if owner(plans[survivor.ID].ID) != survivor.ID || owner(draft.ID) != survivor.ID || owner(plans[merged.ID].ID) == survivor.ID {
			t.Errorf("after the merge: the survivor's active plan on %d, the draft on %d, the merged active plan on %d",
				owner(plans[survivor.ID].ID), owner(draft.ID), owner(plans[merged.ID].ID))
		}
		items, err := s.FindCampaignItems(ctx, admin, cm.ID, store.CampaignItemFilter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]int{}
		for _, it := range items.Items {
			seen[it.AccountID]++
		}
		if seen[survivor.ID] != 1 || seen[merged.ID] != 0 {
			t.Errorf("campaign items by account after the merge: %v", seen)
		}
		if _, err := s.UndoMerge(ctx, admin, m.ID); err != nil {
			t.Fatalf("undo: %v", err)
		}
		if owner(plans[merged.ID].ID) != merged.ID || owner(draft.ID) != merged.ID || owner(plans[survivor.ID].ID) != survivor.ID {
			t.Error("undoing the merge did not put the plans back")
		}
	})
}
