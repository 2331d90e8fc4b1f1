package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// taskTitles lists the titles of a user's open tasks.
func taskTitles(t *testing.T, s *store.Store, p *kam.Principal) []string {
	t.Helper()
	tasks, err := s.FindTasks(context.Background(), p, store.TaskFilter{AssigneeID: p.UserID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, task := range tasks {
		out = append(out, task.Title)
	}
	return out
}

func TestDiscountDecisionsNeedAuthorityAndGoThroughCounters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newApprovalOrg(t, s)
		am1, am2, dir, top, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.director),
			principal(t, s, o.top), principal(t, s, o.admin)
		r := ask(t, s, am1, o.a1.ID, 800) // to dir-uk

		// Out of scope is not found; in scope without authority is refused
		// with the reason; nobody decides their own request.
		_, err := s.DecideDiscount(ctx, am2, r.ID, kam.DiscountDecision{Version: 1, Action: kam.StepApprove})
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.DecideDiscount(ctx, top, r.ID, kam.DiscountDecision{Version: 1, Action: kam.StepApprove})
		if kam.ErrorCode(err) != kam.EFORBIDDEN || !strings.Contains(kam.ErrorMessage(err), "dir-uk decides it") {
			t.Errorf("a director without authority: %v", err)
		}
		_, err = s.DecideDiscount(ctx, am1, r.ID, kam.DiscountDecision{Version: 1, Action: kam.StepApprove})
		if kam.ErrorCode(err) != kam.EFORBIDDEN || !strings.Contains(kam.ErrorMessage(err), "You asked for this discount") {
			t.Errorf("the requester: %v", err)
		}
		// A reject or counter needs a comment; a counter stays within the
		// approver's authority (10%) and differs from the depth asked.
		for _, d := range []kam.DiscountDecision{{Action: kam.StepReject}, {Action: kam.StepCounter, CounterBP: 500},
			{Action: kam.StepCounter, CounterBP: 1200, Comment: "More"}, {Action: kam.StepCounter, CounterBP: 800, Comment: "Same"},
			{Action: "maybe"}} {
			d.Version = 1
			_, err := s.DecideDiscount(ctx, dir, r.ID, d)
			wantCode(t, err, kam.EINVALID)
		}
		if got, _ := s.FindDiscountRequest(ctx, am1, r.ID); got.Status != kam.DiscountPending || got.Version != 1 || len(got.Steps) != 1 {
			t.Fatalf("refused decisions changed the request: %+v", got)
		}

		// The approver counters; the requester is told.
		got, err := s.DecideDiscount(ctx, dir, r.ID, kam.DiscountDecision{Version: 1, Action: kam.StepCounter, CounterBP: 500, Comment: "5% for a year"})
		if err != nil || got.Status != kam.DiscountCountered || got.CounterBP != 500 || got.Version != 2 || got.DecidedBy != o.director.ID {
			t.Fatalf("counter: %+v, %v", got, err)
		}
		want := "Discount for Alpha Industries Ltd countered: 5% instead of 8%; accept or withdraw it"
		if titles := taskTitles(t, s, am1); len(titles) != 1 || titles[0] != want {
			t.Errorf("am1's tasks %q, want %q", titles, want)
		}
		// No second decision on a countered request; only the requester
		// accepts, from the current version.
		_, err = s.DecideDiscount(ctx, dir, r.ID, kam.DiscountDecision{Version: 2, Action: kam.StepApprove})
		wantCode(t, err, kam.ECONFLICT)
		_, err = s.AcceptCounter(ctx, dir, r.ID, 2, "")
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.AcceptCounter(ctx, am1, r.ID, 1, "")
		wantCode(t, err, kam.ESTALE)
		got, err = s.AcceptCounter(ctx, am1, r.ID, 2, "Agreed with the buyer")
		if err != nil || got.Status != kam.DiscountApproved || got.GrantedBP != 500 || got.Version != 3 {
			t.Fatalf("accept: %+v, %v", got, err)
		}
		// The counter answered, its task is done.
		if titles := taskTitles(t, s, am1); len(titles) != 0 {
			t.Errorf("am1's tasks after accepting the counter: %q", titles)
		}
		_, err = s.WithdrawDiscount(ctx, am1, r.ID, 3, "")
		wantCode(t, err, kam.ECONFLICT)

		// Every step is kept, and audited.
		got, err = s.FindDiscountRequest(ctx, am1, r.ID)
		if err != nil || len(got.Steps) != 3 {
			t.Fatalf("steps %+v, %v", got, err)
		}
		for i, want := range []kam.DiscountStep{{ActorID: o.am1.ID, Action: kam.StepRequest, DepthBP: 800, Comment: "Three-year renewal <b>signed</b>"},
			{ActorID: o.director.ID, Action: kam.StepCounter, DepthBP: 500, Comment: "5% for a year"},
			{ActorID: o.am1.ID, Action: kam.StepAccept, DepthBP: 500, Comment: "Agreed with the buyer"}} {
			st := got.Steps[i]
			if st.ActorID != want.ActorID || st.Action != want.Action || st.DepthBP != want.DepthBP || st.Comment != want.Comment {
				t.Errorf("step %d: %+v, want %+v", i, st, want)
			}
		}
		entries, err := s.FindAuditEntries(ctx, admin, "discount_request", r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var trail []string
		for _, e := range entries {
			trail = append(trail, e.Action+" "+e.Field+":"+e.OldValue+">"+e.NewValue)
		}
		for _, want := range []string{"request status:>pending", "request approver_id:>", "counter status:pending>countered",
			"counter counter_bp:>500", "counter comment:>5% for a year", "accept status:countered>approved", "accept granted_bp:>500"} {
			if !strings.Contains(strings.Join(trail, "\n"), want) {
				t.Errorf("audit trail lacks %q:\n%s", want, strings.Join(trail, "\n"))
			}
		}
		_, err = s.FindAuditEntries(ctx, am2, "discount_request", r.ID)
		wantCode(t, err, kam.ENOTFOUND)

		// Lists: waiting for the approver, the requester's own.
		pending := ask(t, s, am1, o.a1.ID, 900)
		deep := ask(t, s, am1, o.a1.ID, 4000) // for any administrator
		list := func(p *kam.Principal, f store.DiscountFilter) []int64 {
			page, err := s.FindDiscountRequests(ctx, p, f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, r := range page.Requests {
				ids = append(ids, r.ID)
			}
			return ids
		}
		if ids := list(dir, store.DiscountFilter{View: store.DiscountsWaiting}); len(ids) != 1 || ids[0] != pending.ID {
			t.Errorf("waiting for dir-uk: %v", ids)
		}
		if ids := list(admin, store.DiscountFilter{View: store.DiscountsWaiting}); len(ids) != 1 || ids[0] != deep.ID {
			t.Errorf("waiting for an administrator: %v", ids)
		}
		if ids := list(am1, store.DiscountFilter{View: store.DiscountsMine, Status: "current"}); len(ids) != 3 {
			t.Errorf("am1's current requests: %v", ids)
		}
		if ids := list(am2, store.DiscountFilter{}); len(ids) != 0 {
			t.Errorf("am2 sees %v", ids)
		}
		// Paging: one at a time, newest first.
		page, err := s.FindDiscountRequests(ctx, am1, store.DiscountFilter{Limit: 2})
		if err != nil || len(page.Requests) != 2 || page.Next == "" || page.Requests[0].ID != deep.ID {
			t.Fatalf("page 1: %+v, %v", page, err)
		}
		if page, err = s.FindDiscountRequests(ctx, am1, store.DiscountFilter{Limit: 2, After: page.Next}); err != nil ||
			len(page.Requests) != 1 || page.Requests[0].ID != r.ID || page.Next != "" {
			t.Fatalf("page 2: %+v, %v", page, err)
		}

		// The requester withdraws; the approver can no longer decide.
		if _, err := s.WithdrawDiscount(ctx, am1, pending.ID, 1, "Signed without it"); err != nil {
			t.Fatal(err)
		}
		_, err = s.DecideDiscount(ctx, dir, pending.ID, kam.DiscountDecision{Version: 2, Action: kam.StepApprove})
		wantCode(t, err, kam.ECONFLICT)
		// An administrator decides what is routed to administrators.
		_, err = s.DecideDiscount(ctx, dir, deep.ID, kam.DiscountDecision{Version: 1, Action: kam.StepApprove})
		wantCode(t, err, kam.EFORBIDDEN)
		if got, err := s.DecideDiscount(ctx, admin, deep.ID, kam.DiscountDecision{Version: 1, Action: kam.StepReject, Comment: "Too deep"}); err != nil ||
			got.Status != kam.DiscountRejected {
			t.Fatalf("reject: %+v, %v", got, err)
		}
		if titles := taskTitles(t, s, am1); len(titles) != 1 || titles[0] != "Discount for Alpha Industries Ltd rejected (40% asked)" {
			t.Errorf("am1's tasks %q", titles)
		}
	})
}

func TestAWithdrawnCounterClosesItsTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newApprovalOrg(t, s)
		am1, dir, admin := principal(t, s, o.am1), principal(t, s, o.director), principal(t, s, o.admin)
		r := ask(t, s, am1, o.a1.ID, 900)
		if _, err := s.DecideDiscount(ctx, dir, r.ID, kam.DiscountDecision{Version: 1, Action: kam.StepCounter, CounterBP: 600, Comment: "6%"}); err != nil {
			t.Fatal(err)
		}
		if titles := taskTitles(t, s, am1); len(titles) != 1 {
			t.Fatalf("am1's tasks after a counter: %q", titles)
		}
		// An administrator withdraws it for the requester: the task goes too,
		// and its closing is in the account's audit log.
		if _, err := s.WithdrawDiscount(ctx, admin, r.ID, 2, "Customer left the talks"); err != nil {
			t.Fatal(err)
		}
		if titles := taskTitles(t, s, am1); len(titles) != 0 {
			t.Errorf("am1's tasks after the withdrawal: %q", titles)
		}
		entries, err := s.FindAuditEntries(ctx, admin, "account", o.a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		closed := false
		for _, e := range entries {
			closed = closed || (e.Action == "complete_task" && e.NewValue == "done")
		}
		if !closed {
			t.Errorf("no complete_task in the account's audit log: %+v", entries)
		}
	})
}

func TestTwoApproversAtOnceNeverBothApply(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newApprovalOrg(t, s)
		am1, dir, admin := principal(t, s, o.am1), principal(t, s, o.director), principal(t, s, o.admin)
		for round := range 3 {
			r := ask(t, s, am1, o.a1.ID, 700)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, d := range []struct {
				p   *kam.Principal
				dec kam.DiscountDecision
			}{{dir, kam.DiscountDecision{Version: 1, Action: kam.StepApprove}},
				{admin, kam.DiscountDecision{Version: 1, Action: kam.StepReject, Comment: "No"}}} {
				wg.Go(func() { _, errs[i] = s.DecideDiscount(ctx, d.p, r.ID, d.dec) })
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch kam.ErrorCode(err) {
				case "":
					ok++
				case kam.ESTALE:
				default:
					t.Errorf("round %d: %v", round, err)
				}
			}
			got, err := s.FindDiscountRequest(ctx, admin, r.ID)
			if ok != 1 || err != nil || got.Version != 2 || len(got.Steps) != 2 {
				t.Errorf("round %d: %d decisions applied (%v), now %+v", round, ok, errs, got)
			}
		}
	})
}

func TestAnApprovedDiscountExplainsALowerPrice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, sys := context.Background(), kam.System()
		o := newApprovalOrg(t, s)
		am1, dir := principal(t, s, o.am1), principal(t, s, o.director)
		now := time.Now().UTC()
		today := kam.DateOf(now)
		s.Now = func() time.Time { return now }
		s.Insights = portfolio.Compute(portfolio.Options{})
		// The pump sold at 10.00 a unit in the year before the last 90
		// days, and at 8.00 since: −20%.
		var pump *kam.Product
		err := s.Load(ctx, sys, func(l *store.Loader) error {
			pump = &kam.Product{SKU: "PUMP-1", Name: "Pump", Currency: "EUR", Active: true}
			if err := l.Product(pump); err != nil {
				return err
			}
			for i, sale := range []struct {
				daysAgo int
				price   kam.Money
			}{{300, 10}, {200, 10}, {60, 8}, {20, 8}} {
				o := &kam.Order{AccountID: o.a1.ID, OrderDate: today.AddDays(-sale.daysAgo), Currency: "EUR",
					ExternalID: "SO-" + string(rune('A'+i)), Lines: []*kam.OrderLine{{ProductID: pump.ID, Quantity: 10, UnitPrice: sale.price * kam.MoneyScale}}}
				if err := l.Order(o); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		erosion := func() []string {
			if _, err := s.Recompute(ctx, today, s.Insights); err != nil {
				t.Fatal(err)
			}
			flags, err := s.FindAccountFlags(ctx, sys, o.a1.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, f := range flags {
				if f.Kind == string(insight.PriceErosion) && (f.State == "open" || f.State == "acknowledged") {
					out = append(out, f.Evidence)
				}
			}
			return out
		}
		if got := erosion(); len(got) != 1 || !strings.Contains(got[0], "-20%") {
			t.Fatalf("erosion before the discount: %q", got)
		}
		// A pending discount explains nothing; an approved one explains
		// what its depth does.
		r := &kam.DiscountRequest{AccountID: o.a1.ID, Kind: "promotional", DepthBP: 900, ProductIDs: []int64{pump.ID},
			StartsOn: today.AddDays(-89), EndsOn: today.AddDays(30), Reason: "Launch promotion"}
		if err := s.CreateDiscountRequest(ctx, am1, r); err != nil {
			t.Fatal(err)
		}
		if got := erosion(); len(got) != 1 {
			t.Fatalf("erosion with a pending discount: %q", got)
		}
		if _, err := s.DecideDiscount(ctx, dir, r.ID, kam.DiscountDecision{Version: 1, Action: kam.StepApprove}); err != nil {
			t.Fatal(err)
		}
		// 9% leaves 8.00 / 0.91 = 8.79 against 10.00, −12%: still erosion, said so.
		if got := erosion(); len(got) != 1 || !strings.Contains(got[0], "(-12% allowing for approved discounts)") {
			t.Fatalf("erosion with 9%% approved: %q", got)
		}
		deeper := &kam.DiscountRequest{AccountID: o.a1.ID, Kind: "promotional", DepthBP: 2000, StartsOn: today.AddDays(-89),
			EndsOn: today.AddDays(30), Reason: "Launch promotion, all products"}
		if err := s.CreateDiscountRequest(ctx, am1, deeper); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideDiscount(ctx, principal(t, s, o.top), deeper.ID, kam.DiscountDecision{Version: 1, Action: kam.StepApprove}); err != nil {
			t.Fatal(err)
		}
		if got := erosion(); len(got) != 0 {
			t.Fatalf("erosion with 20%% approved on all products: %q", got)
		}
	})
}
