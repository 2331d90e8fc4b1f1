package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// approvalOrg is newOrg with a director over the whole tree (in Global,
// above dir-uk) and an account manager in Germany whose manager is kam1.
type approvalOrg struct {
	*org
	top, am3 *kam.User
	a5       *kam.Account
}

func newApprovalOrg(t *testing.T, s *store.Store) *approvalOrg {
	t.Helper()
	ctx, sys := context.Background(), kam.System()
	o := &approvalOrg{org: newOrg(t, s)}
	o.top = &kam.User{Username: "dir-global", DisplayName: "Greta Global", Role: kam.RoleDirector, OrgUnitID: o.global.ID}
	o.am3 = &kam.User{Username: "am3", DisplayName: "Arno Three", Role: kam.RoleAM, OrgUnitID: o.de.ID, ManagerID: o.kam.ID}
	for _, u := range []*kam.User{o.top, o.am3} {
		if err := s.CreateUser(ctx, sys, u, testPassword); err != nil {
			t.Fatal(err)
		}
	}
	o.a5 = &kam.Account{Name: "Echo KG", Currency: "EUR", OwnerID: o.am3.ID, OrgUnitID: o.de.ID, Tier: "core"}
	if err := s.CreateAccount(ctx, sys, o.a5); err != nil {
		t.Fatal(err)
	}
	return o
}

// ask makes a discount request of a depth on an account, failing the test
// on an error.
func ask(t *testing.T, s *store.Store, p *kam.Principal, accountID, depth int64) *kam.DiscountRequest {
	t.Helper()
	today := kam.DateOf(s.Now())
	r := &kam.DiscountRequest{AccountID: accountID, Kind: "loyalty", DepthBP: depth, StartsOn: today, EndsOn: today.AddDays(90),
		Reason: "Three-year renewal <b>signed</b>"}
	if err := s.CreateDiscountRequest(context.Background(), p, r); err != nil {
		t.Fatalf("request %d bp on account %d: %v", depth, accountID, err)
	}
	return r
}

func TestDiscountRequestsAreRoutedByDepthAndTheOrgTree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newApprovalOrg(t, s)
		am1, am2, am3, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.am3), principal(t, s, o.admin)
		hook := &kam.Webhook{URL: "https://hooks.example/approvals", Events: []string{kam.EventApprovalRequested}}
		if err := s.CreateWebhook(ctx, kam.System(), hook); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name     string
			p        *kam.Principal
			account  int64
			depth    int64
			approver int64
			level    string
			reason   string
		}{
			// Up to 10%: the director of the requester's unit, or the nearest above.
			{"own unit's director", am1, o.a1.ID, 800, o.director.ID, kam.ApproverManager, "dir-uk is the director of United Kingdom, am1's org unit"},
			{"nearest director above", am2, o.a2.ID, 1000, o.top.ID, kam.ApproverManager, "the nearest unit above am2's with a director"},
			// The requester's manager comes first.
			{"manager", am3, o.a5.ID, 500, o.kam.ID, kam.ApproverManager, "kam1 is Arno Three's manager"},
			// Up to 25%: the director one level up from the unit's director.
			{"director above", am1, o.a1.ID, 2000, o.top.ID, kam.ApproverDirector, "dir-uk approves discounts up to 10% as the director of United Kingdom, am1's org unit. Up to 25%, Greta Global decides: the director of Global, the nearest director above United Kingdom."},
			{"no director above", am2, o.a2.ID, 2500, 0, kam.ApproverAdmin, "Greta Global approves discounts up to 10% as the director of Global, the nearest unit above am2's with a director. A deeper one goes to the next director up the org tree, and none stands above Global, the top of the org tree, so an administrator decides."},
			// Above a manager who directs no unit: the nearest director at or above the manager's unit.
			{"director above the manager", am3, o.a5.ID, 2000, o.top.ID, kam.ApproverDirector, "kam1 approves discounts up to 10% as Arno Three's manager. Up to 25%, Greta Global decides: the director of Global, the nearest director at or above Germany, kam1's org unit."},
			// Deeper: an administrator.
			{"administrator", am1, o.a1.ID, 3000, 0, kam.ApproverAdmin, "deeper than 25% is decided by an administrator"},
		} {
			r := ask(t, s, tc.p, tc.account, tc.depth)
			if r.ApproverID != tc.approver || r.ApproverLevel != tc.level || !strings.Contains(r.RouteReason, tc.reason) ||
				r.Status != kam.DiscountPending || r.Version != 1 || r.RequesterID != tc.p.UserID {
				t.Errorf("%s: approver %d (%s) %q, status %s; want %d (%s) saying %q", tc.name, r.ApproverID, r.ApproverLevel,
					r.RouteReason, r.Status, tc.approver, tc.level, tc.reason)
			}
		}
		// Each request was announced to the webhook in its transaction.
		deliveries, err := s.FindDeliveries(ctx, admin, hook.ID, "", 50)
		if err != nil || len(deliveries) != 7 || deliveries[0].Event != kam.EventApprovalRequested ||
			!strings.Contains(string(deliveries[0].Payload), `"account_name":"Alpha Industries Ltd"`) {
			t.Fatalf("deliveries %d, %v: %+v", len(deliveries), err, deliveries)
		}

		// An administrator moves the thresholds; requests made before keep their route.
		wantCode(t, s.SetDiscountRule(ctx, am1, kam.DiscountRule{ManagerBP: 500, DirectorBP: 1500}), kam.EFORBIDDEN)
		wantCode(t, s.SetDiscountRule(ctx, admin, kam.DiscountRule{ManagerBP: 1500, DirectorBP: 500}), kam.EINVALID)
		if err := s.SetDiscountRule(ctx, admin, kam.DiscountRule{ManagerBP: 500, DirectorBP: 1500}); err != nil {
			t.Fatal(err)
		}
		if r := ask(t, s, am1, o.a1.ID, 800); r.ApproverID != o.top.ID || r.ApproverLevel != kam.ApproverDirector {
			t.Errorf("8%% over a 5%% threshold: %d %s", r.ApproverID, r.ApproverLevel)
		}
		if r := ask(t, s, am1, o.a1.ID, 1600); r.ApproverID != 0 || !strings.Contains(r.RouteReason, "deeper than 15%") {
			t.Errorf("16%% over a 15%% threshold: %d %q", r.ApproverID, r.RouteReason)
		}
		if rule, err := s.DiscountRule(ctx); err != nil || rule.ManagerBP != 500 || rule.DirectorBP != 1500 {
			t.Errorf("rule %+v, %v", rule, err)
		}
	})
}

func TestDiscountRequestsRefuseBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, sys := context.Background(), kam.System()
		o := newApprovalOrg(t, s)
		am1, am2, viewer := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.view)
		today := kam.DateOf(time.Now())
		var otherDeal, product int64
		err := s.Load(ctx, sys, func(l *store.Loader) error {
			deal := &kam.Opportunity{AccountID: o.a2.ID, Name: "Bravo retrofit", Kind: kam.OppUpsell, Stage: "proposal", Currency: "EUR",
				CloseDate: today.AddDays(30), OwnerID: o.am2.ID}
			p := &kam.Product{SKU: "PUMP-1", Name: "Pump", Currency: "EUR", Active: true}
			err := l.Opportunity(deal)
			if err == nil {
				err = l.Product(p)
			}
			otherDeal, product = deal.ID, p.ID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		good := func() *kam.DiscountRequest {
			return &kam.DiscountRequest{AccountID: o.a1.ID, DepthBP: 500, StartsOn: today, EndsOn: today.AddDays(30), Reason: "Volume"}
		}
		for _, tc := range []struct {
			name  string
			p     *kam.Principal
			edit  func(r *kam.DiscountRequest)
			code  string
			field string
		}{
			{"no depth", am1, func(r *kam.DiscountRequest) { r.DepthBP = 0 }, kam.EINVALID, "depth_bp"},
			{"all of it", am1, func(r *kam.DiscountRequest) { r.DepthBP = 10000 }, kam.EINVALID, "depth_bp"},
			{"unknown kind", am1, func(r *kam.DiscountRequest) { r.Kind = "bribe" }, kam.EINVALID, "kind"},
			{"ends first", am1, func(r *kam.DiscountRequest) { r.EndsOn = today.AddDays(-1) }, kam.EINVALID, "ends_on"},
			{"no end", am1, func(r *kam.DiscountRequest) { r.EndsOn = kam.Date{} }, kam.EINVALID, "ends_on"},
			{"no reason", am1, func(r *kam.DiscountRequest) { r.Reason = "  " }, kam.EINVALID, "reason"},
			{"another account's deal", am1, func(r *kam.DiscountRequest) { r.OpportunityID = otherDeal }, kam.EINVALID, "opportunity_id"},
			{"unknown product", am1, func(r *kam.DiscountRequest) { r.ProductIDs = []int64{product, 999999} }, kam.EINVALID, "product_ids"},
			{"deal and contract", am1, func(r *kam.DiscountRequest) { r.OpportunityID, r.ContractID = 1, 1 }, kam.EINVALID, "opportunity_id"},
			{"out of scope", am2, func(*kam.DiscountRequest) {}, kam.EINVALID, "account_id"},
			{"read only", viewer, func(r *kam.DiscountRequest) { r.AccountID = o.a2.ID }, kam.EFORBIDDEN, ""},
		} {
			r := good()
			tc.edit(r)
			err := s.CreateDiscountRequest(ctx, tc.p, r)
			if kam.ErrorCode(err) != tc.code || kam.ErrorField(err) != tc.field {
				t.Errorf("%s: %v (%s on %q), want %s on %q", tc.name, err, kam.ErrorCode(err), kam.ErrorField(err), tc.code, tc.field)
			}
		}
		// Products are kept with their SKUs, each once.
		r := good()
		r.ProductIDs = []int64{product, product}
		if err := s.CreateDiscountRequest(ctx, am1, r); err != nil || len(r.ProductIDs) != 1 || r.Products[0] != "PUMP-1" {
			t.Fatalf("products %v %v, %v", r.ProductIDs, r.Products, err)
		}
		got, err := s.FindDiscountRequest(ctx, am1, r.ID)
		if err != nil || got.Products[0] != "PUMP-1" || got.AccountName != "Alpha Industries Ltd" || got.RequesterName != "am1" ||
			got.ApproverName != "dir-uk" || len(got.Steps) != 1 || got.Steps[0].Action != kam.StepRequest {
			t.Errorf("found %+v, %v", got, err)
		}
		// Out of scope is not found, for reading too.
		_, err = s.FindDiscountRequest(ctx, am2, r.ID)
		wantCode(t, err, kam.ENOTFOUND)

		// A lost account gets no new discount.
		a1, err := s.FindAccountByID(ctx, am1, o.a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.MarkLost(ctx, am1, o.a1.ID, kam.LossInput{Version: a1.Version, Reason: "Price"}); err != nil {
			t.Fatal(err)
		}
		err = s.CreateDiscountRequest(ctx, am1, good())
		if kam.ErrorField(err) != "account_id" || !strings.Contains(kam.ErrorMessage(err), "This account is lost") {
			t.Errorf("a request on a lost account: %v", err)
		}
		// Nor is one asked for before the loss granted after it.
		_, err = s.DecideDiscount(ctx, principal(t, s, o.director), r.ID, kam.DiscountDecision{Version: got.Version, Action: "approve"})
		if kam.ErrorField(err) != "account_id" || !strings.Contains(kam.ErrorMessage(err), "This account is lost") {
			t.Errorf("approving a request of a lost account: %v", err)
		}
		if still, _ := s.FindDiscountRequest(ctx, am1, r.ID); still == nil || still.Status != "pending" {
			t.Errorf("the refused approval changed the request: %+v", still)
		}
	})
}

func TestTheRequestFormSaysWhoDecidesEachDepth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newApprovalOrg(t, s)
		type row struct {
			upTo     int64
			approver int64
		}
		for _, tc := range []struct {
			name string
			p    *kam.Principal
			want []row
		}{
			{"am1 under dir-uk", principal(t, s, o.am1), []row{{1000, o.director.ID}, {2500, o.top.ID}, {0, 0}}},
			{"am2 under the top director", principal(t, s, o.am2), []row{{1000, o.top.ID}, {2500, 0}, {0, 0}}},
		} {
			got, err := s.DiscountDeciders(ctx, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			var rows []row
			for _, d := range got {
				rows = append(rows, row{d.UpToBP, d.ApproverID})
				if d.Reason == "" || (d.ApproverID != 0) != (d.ApproverName != "") {
					t.Errorf("%s: %+v", tc.name, d)
				}
			}
			if !slices.Equal(rows, tc.want) {
				t.Errorf("%s: %+v, want %+v", tc.name, rows, tc.want)
			}
		}
		// Thresholds of 0 and equal ones leave their level out.
		if err := s.SetDiscountRule(ctx, principal(t, s, o.admin), kam.DiscountRule{ManagerBP: 0, DirectorBP: 0}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.DiscountDeciders(ctx, principal(t, s, o.am1)); err != nil || len(got) != 1 || got[0].UpTo() != "deeper" {
			t.Errorf("with no thresholds: %+v, %v", got, err)
		}
	})
}
