package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// eur is whole euros as money.
func eur(units int64) kam.Money { return kam.Money(units * kam.MoneyScale) }

// hierarchy adds a group (am1's) with a subsidiary and a sub-subsidiary, each
// with one order of a listed product, and returns them top down.
func hierarchy(t *testing.T, s *store.Store, o *org) (group, sub, subsub *kam.Account) {
	t.Helper()
	ctx := context.Background()
	mk := func(name string, parent int64) *kam.Account {
		a := &kam.Account{Name: name, Currency: "EUR", OwnerID: o.am1.ID, OrgUnitID: o.uk.ID, Tier: "key", ParentID: parent}
		if err := s.CreateAccount(ctx, kam.System(), a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	group = mk("Omega Group", 0)
	sub = mk("Omega UK", group.ID)
	subsub = mk("Omega Scotland", sub.ID)
	err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
		product := &kam.Product{SKU: "P-1", Name: "Pump", Family: "Pumps", ListPrice: eur(50), Currency: "EUR", Active: true}
		if err := l.Product(product); err != nil {
			return err
		}
		pump := product.ID
		for i, a := range []*kam.Account{group, sub, subsub} {
			ord := &kam.Order{AccountID: a.ID, OrderDate: kam.NewDate(2026, time.March, 10+i), Currency: "EUR",
				Lines: []*kam.OrderLine{{ProductID: pump, Quantity: int64(10 * (i + 1)), UnitPrice: eur(40)}}}
			if err := l.Order(ord); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return group, sub, subsub
}

func TestRecomputeSumsHierarchiesAndRefreshUpdatesOnlyTheAncestors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		group, sub, subsub := hierarchy(t, s, o)
		asOf := kam.NewDate(2026, time.June, 30)
		stats, err := s.Recompute(ctx, asOf, portfolio.Compute(portfolio.Options{}))
		if err != nil {
			t.Fatal(err)
		}
		if stats.Accounts != 7 || stats.Hierarchies != 2 {
			t.Errorf("stats = %+v, want 7 accounts, 2 with subsidiaries", stats)
		}
		rollup := func(a *kam.Account) *store.Rollup {
			t.Helper()
			r, err := s.FindRollup(ctx, kam.System(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		// 10×40, 20×40, 30×40: 400, 800, 1,200.
		g := rollup(group)
		if g.Own.Revenue12M != eur(400) || g.Tree.Revenue12M != eur(2400) || g.Tree.Accounts != 3 || g.Tree.Orders12M != 3 {
			t.Errorf("group own %s, tree %s over %d accounts and %d orders; want 400 and 2,400 over 3 and 3",
				g.Own.Revenue12M, g.Tree.Revenue12M, g.Tree.Accounts, g.Tree.Orders12M)
		}
		if m := g.Tree.Monthly[len(g.Tree.Monthly)-4]; m.Month != 3 || m.Revenue != eur(2400) {
			t.Errorf("group's March in the tree = %+v, want 2,400", m)
		}
		if u := rollup(sub); u.Tree.Revenue12M != eur(2000) || u.Own.Revenue12M != eur(800) {
			t.Errorf("sub own %s tree %s, want 800 and 2,000", u.Own.Revenue12M, u.Tree.Revenue12M)
		}
		if _, err := s.FindRollup(ctx, principal(t, s, o.am2), group.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("am2 reads am1's roll-up: %v", err)
		}
		// Health is kept per day computed: a second day adds a point.
		if _, err := s.Recompute(ctx, asOf.AddDays(1), portfolio.Compute(portfolio.Options{})); err != nil {
			t.Fatal(err)
		}
		history, err := s.HealthHistory(ctx, kam.System(), group.ID, asOf.AddDays(-30))
		if err != nil || len(history) != 2 || history[0].Date != asOf || history[1].Score <= 0 {
			t.Errorf("health history %+v, %v; want two days", history, err)
		}
		if _, err := s.HealthHistory(ctx, principal(t, s, o.am2), group.ID, asOf); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("am2 reads am1's health: %v", err)
		}
		before := rollup(o.a2).ComputedAt

		// A new order of the sub-subsidiary: its own figures and its two
		// ancestors' trees move, nothing else.
		s.Now = func() time.Time { return time.Now().Add(time.Hour) }
		err = s.Load(ctx, kam.System(), func(l *store.Loader) error {
			return l.Order(&kam.Order{AccountID: subsub.ID, OrderDate: kam.NewDate(2026, time.June, 1), Currency: "EUR",
				Lines: []*kam.OrderLine{{Quantity: 1, UnitPrice: eur(100)}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Refresh(ctx, []int64{subsub.ID}, asOf, portfolio.Compute(portfolio.Options{})); err != nil {
			t.Fatal(err)
		}
		if g := rollup(group); g.Tree.Revenue12M != eur(2500) || g.Own.Revenue12M != eur(400) {
			t.Errorf("after the order, group tree %s own %s; want 2,500 and 400", g.Tree.Revenue12M, g.Own.Revenue12M)
		}
		if u := rollup(sub); u.Tree.Revenue12M != eur(2100) {
			t.Errorf("after the order, sub tree %s, want 2,100", u.Tree.Revenue12M)
		}
		if ss := rollup(subsub); ss.Own.Revenue12M != eur(1300) || ss.Own.LastOrder != kam.NewDate(2026, time.June, 1) {
			t.Errorf("sub-subsidiary own %s last %s", ss.Own.Revenue12M, ss.Own.LastOrder)
		}
		// Refreshing the head of the group keeps its subsidiaries in its tree.
		if err := s.Refresh(ctx, []int64{group.ID, sub.ID}, asOf, portfolio.Compute(portfolio.Options{})); err != nil {
			t.Fatal(err)
		}
		if g := rollup(group); g.Tree.Revenue12M != eur(2500) || g.Tree.Accounts != 3 {
			t.Errorf("after refreshing the group, its tree %s over %d accounts; want 2,500 over 3", g.Tree.Revenue12M, g.Tree.Accounts)
		}
		if u := rollup(sub); u.Tree.Revenue12M != eur(2100) {
			t.Errorf("after refreshing sub, its tree %s, want 2,100", u.Tree.Revenue12M)
		}
		if after := rollup(o.a2).ComputedAt; !after.Equal(before) {
			t.Errorf("an unrelated account was recomputed: %s → %s", before, after)
		}
	})
}

func TestRecomputeStoresProductsAndRelationshipFlags(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		_, sub, _ := hierarchy(t, s, o)
		asOf := kam.NewDate(2026, time.June, 30)
		left := asOf.AddDays(-10).Time()
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			if err := l.Contact(&kam.Contact{AccountID: sub.ID, FirstName: "Ada", LastName: "King", BuyingRole: kam.BuyingDecisionMaker,
				LeftCompany: true, LeftAt: &left}); err != nil {
				return err
			}
			if err := l.Invoice(&kam.Invoice{AccountID: sub.ID, Number: "INV-1", IssuedOn: kam.NewDate(2026, time.April, 1),
				DueOn: kam.NewDate(2026, time.May, 1), Amount: eur(800), Currency: "EUR"}); err != nil {
				return err
			}
			return l.Contract(&kam.Contract{AccountID: sub.ID, Name: "Supply 2026", StartDate: kam.NewDate(2026, time.January, 1),
				EndDate: kam.NewDate(2026, time.August, 31), NoticeDays: 90, Value: eur(9000), Currency: "EUR", Status: "active"})
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Recompute(ctx, asOf, portfolio.Compute(portfolio.Options{})); err != nil {
			t.Fatal(err)
		}
		r, err := s.FindRollup(ctx, kam.System(), sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Own.OverdueInvoices != 1 || r.Own.OverdueAmount != eur(800) {
			t.Errorf("overdue invoices %d (%s), want 1 of 800", r.Own.OverdueInvoices, r.Own.OverdueAmount)
		}
		flags, err := s.FindAccountFlags(ctx, kam.System(), sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]string{}
		for _, f := range flags {
			kinds[f.Kind] = f.Evidence
		}
		// The contact queue reads the scores stored with the roll-ups, in
		// scope; a flag acknowledged no longer calls for a contact.
		top, err := s.QueueTop(ctx, principal(t, s, o.am1), 50)
		if err != nil {
			t.Fatal(err)
		}
		var entry *store.QueueEntry
		for i := range top {
			if top[i].AccountID == sub.ID {
				entry = &top[i]
			}
		}
		if entry == nil || entry.Score <= 0 || !strings.Contains(strings.Join(entry.Reasons, "; "), "left the company") {
			t.Fatalf("am1's queue entry of %s: %+v", sub.Name, entry)
		}
		for i := 1; i < len(top); i++ {
			if top[i].Score > top[i-1].Score {
				t.Errorf("queue out of order: %v before %v", top[i-1].Score, top[i].Score)
			}
		}
		// A director's scope (an org subtree) walks the scores the same way.
		theirs, err := s.QueueTop(ctx, principal(t, s, o.director), 50)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range theirs {
			found = found || e.AccountID == sub.ID
		}
		if !found {
			t.Errorf("the UK director's queue lacks %s, a UK account", sub.Name)
		}
		others, err := s.QueueTop(ctx, principal(t, s, o.am2), 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range others {
			if e.AccountID == sub.ID {
				t.Errorf("am2's queue holds am1's %s", sub.Name)
			}
		}
		for _, f := range flags {
			if err := s.SetFlagState(ctx, kam.System(), f.ID, "acknowledged", ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Recompute(ctx, asOf, portfolio.Compute(portfolio.Options{})); err != nil {
			t.Fatal(err)
		}
		top, _ = s.QueueTop(ctx, principal(t, s, o.am1), 50)
		for _, e := range top {
			if e.AccountID == sub.ID && strings.Contains(strings.Join(e.Reasons, "; "), "left the company") {
				t.Errorf("an acknowledged flag still calls for a contact: %v", e.Reasons)
			}
		}
		for kind, want := range map[insight.FlagKind]string{
			insight.KeyContactLeft: "Ada King (decision maker) left the company on 2026-06-20",
			insight.ContractNotice: "contract Supply 2026 (EUR 9,000) ends on 2026-08-31",
			insight.ContactOverdue: "no contact recorded; key accounts are contacted every 14 days",
		} {
			if !strings.Contains(kinds[string(kind)], want) {
				t.Errorf("flag %s = %q, want it to say %q", kind, kinds[string(kind)], want)
			}
		}
	})
}
