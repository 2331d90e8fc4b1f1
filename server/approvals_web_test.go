package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestApprovalPages: a discount requested from the account page, routed to
// the director of the requester's unit, countered on its page, answered by
// the requester, and shown on the account as approved; someone without
// authority, a stale form and bad input are refused with the reason.
func TestApprovalPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAccessFixture(t, s)
		am, dir, other := cookie(f.sessions["am_n"]), cookie(f.sessions["dir_n"]), cookie(f.sessions["am_d"])
		aurora := f.account("Aurora")
		account := fmt.Sprintf("/accounts/%d", aurora.acc.ID)
		wantPage(t, f.do(t, "GET", account, am), 200, "Request a discount", `action="/approvals"`, "Deal: Aurora Expansion",
			"Contract: Aurora Master Agreement", "No discount asked for or in force.")
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/approvals/new?account_id=%d", aurora.acc.ID), am), 200, "Request a discount", "Up to 10%", "Who decides your request")
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/approvals/new?account_id=%d", aurora.acc.ID), cookie(f.sessions["viewer_n"])), 403)

		// Bad input comes back with the reason and what was typed.
		ask := func(depth, products string) url.Values {
			return url.Values{"account_id": {fmt.Sprint(aurora.acc.ID)}, "kind": {"loyalty"}, "depth": {depth}, "products": {products},
				"starts_on": {"2030-01-01"}, "ends_on": {"2030-12-31"}, "for": {fmt.Sprintf("opportunity:%d", aurora.deal.ID)},
				"reason": {"Renewal <b>signed</b>"}}
		}
		wantPage(t, f.do(t, "POST", "/approvals", am, form(ask("lots", ""))), 400, "Give the depth as a percentage", "Renewal &lt;b&gt;signed")
		wantPage(t, f.do(t, "POST", "/approvals", am, form(ask("8", "NO-SUCH"))), 400, "There is no product with the SKU &#34;NO-SUCH&#34;")
		wantPage(t, f.do(t, "POST", "/approvals", am, form(ask("100", ""))), 400, "below 100")
		w := f.do(t, "POST", "/approvals", am, form(ask("8", "")))
		if w.Code != 303 || !strings.HasSuffix(w.Header().Get("Location"), "?done=requested") {
			t.Fatalf("request: %d %s", w.Code, w.Body)
		}
		page := strings.TrimSuffix(w.Header().Get("Location"), "?done=requested")
		wantPage(t, f.do(t, "GET", page+"?done=requested", am), 200, "Discount requested.", "8% loyalty discount", "Aurora Expansion",
			"Dana North", "the director of Nordic region", "Renewal &lt;b&gt;signed&lt;/b&gt;", "Waiting for Dana North", "Withdraw the request")
		wantPage(t, f.do(t, "GET", page, cookie(f.sessions["dir_d"])), 404)

		// The director sees it waiting, on My day and on /approvals.
		wantPage(t, f.do(t, "GET", "/", dir), 200, "Approvals waiting for you", "Loyalty discount for Aurora Holding", "Asked by Anni North")
		wantPage(t, f.do(t, "GET", "/approvals", dir), 200, "Aurora Holding", "8% loyalty", "Waiting for me")
		if body := wantPage(t, f.do(t, "GET", "/approvals", am), 200); strings.Contains(body, "Aurora Holding") {
			t.Errorf("the requester's waiting view lists their own request")
		}
		wantPage(t, f.do(t, "GET", "/approvals?view=mine", am), 200, "Aurora Holding")
		wantPage(t, f.do(t, "GET", "/approvals?view=sideways", am), 400, "View must be one of")

		// Someone who sees the account but has no authority is refused, with who decides.
		decide := func(version, action, counter, comment string) url.Values {
			return url.Values{"version": {version}, "action": {action}, "counter": {counter}, "comment": {comment}}
		}
		wantPage(t, f.do(t, "GET", page, other), 200, "8% loyalty discount")
		if body := wantPage(t, f.do(t, "GET", page, other), 200); strings.Contains(body, "Your decision") {
			t.Errorf("someone without authority is offered the decision form")
		}
		wantPage(t, f.do(t, "POST", page, other, form(decide("1", "approve", "", ""))), 403, "You have no authority to decide this discount", "Dana North decides it")
		wantPage(t, f.do(t, "POST", page, am, form(decide("1", "approve", "", ""))), 403, "You asked for this discount")
		// The director counters: a comment is needed.
		wantPage(t, f.do(t, "GET", page, dir), 200, "Your decision", "Approve 8%")
		wantPage(t, f.do(t, "POST", page, dir, form(decide("1", "counter", "5", ""))), 400, "Say why, in a comment")
		wantPage(t, f.do(t, "POST", page, dir, form(decide("1", "counter", "five", "x"))), 400, "Give the counter as a percentage")
		if w := f.do(t, "POST", page, dir, form(decide("1", "counter", "5", "5% for a year, <i>then</i> we review"))); w.Code != 303 {
			t.Fatalf("counter: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "POST", page, dir, form(decide("1", "approve", "", ""))), 409, "Someone else acted on this request")
		wantPage(t, f.do(t, "POST", page, dir, form(decide("2", "approve", "", ""))), 409, "no longer waiting for a decision")

		// The requester is told, on My day and by a task, and accepts.
		wantPage(t, f.do(t, "GET", "/", am), 200, "Your discount requests", "5% offered: accept or withdraw it",
			"Discount for Aurora Holding countered: 5% instead of 8%")
		wantPage(t, f.do(t, "GET", page, am), 200, "5% offered instead of 8%", "5% for a year, &lt;i&gt;then&lt;/i&gt; we review", "Accept 5%")
		if w := f.do(t, "POST", page, am, form(decide("2", "accept", "", "Agreed"))); w.Code != 303 {
			t.Fatalf("accept: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", page+"?done=accept", am), 200, "Counter accepted", `id="approval-granted">5%`, "Request", "Counter", "Accept",
			"5% loyalty discount (8% asked)", "Decided by</dt>")
		// The counter answered, its task is closed.
		if body := wantPage(t, f.do(t, "GET", "/", am), 200); strings.Contains(body, "accept or withdraw it") {
			t.Errorf("My day still asks to answer the counter")
		}
		// The account shows the discount in force, with what it is for.
		wantPage(t, f.do(t, "GET", account, am), 200, `id="approvals"`, "5% loyalty", "Approved", "Aurora Expansion")
	})
}

// TestApprovalAPI: the round trip through the API, as documented.
func TestApprovalAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAccessFixture(t, s)
		am, dir, call := f.tokens["am_n"], f.tokens["dir_n"], f.fixture.call
		aurora := f.account("Aurora")
		created := call(t, "POST", "/api/v1/approvals", am, fmt.Sprintf(`{"account_id": %d, "kind": "volume", "depth_bp": 1200,
			"starts_on": "2030-01-01", "ends_on": "2030-06-30", "reason": "Bulk order", "contract_id": %d}`, aurora.acc.ID, aurora.contract.ID))
		if created.status != 201 || created.header.Get("ETag") != `"1"` || !strings.Contains(created.raw, `"approver_level":"admin"`) {
			t.Fatalf("create: %d %v %s", created.status, created.header, created.raw)
		}
		path := created.header.Get("Location")
		f.matchesDocument(t, "GET", "/api/v1/approvals/{id}", call(t, "GET", path, am, ""))
		f.matchesDocument(t, "GET", "/api/v1/approvals", call(t, "GET", "/api/v1/approvals?view=mine", am, ""))
		// Over 10%, no director stands above Nordic region: an administrator decides.
		wantError(t, "director without authority", call(t, "POST", path+"/decision", dir, `{"action": "approve"}`, "If-Match", `"1"`),
			403, kam.EFORBIDDEN, "")
		wantError(t, "no version", call(t, "POST", path+"/decision", f.tokens["admin"], `{"action": "approve"}`), 428, kam.EPRECONDITION, "")
		wantError(t, "unknown field", call(t, "POST", path+"/decision", f.tokens["admin"], `{"action": "approve", "depth": 1}`, "If-Match", `"1"`),
			400, kam.EINVALID, "depth")
		got := call(t, "POST", path+"/decision", f.tokens["admin"], `{"action": "reject", "comment": "Too deep for a bulk order"}`, "If-Match", `"1"`)
		if got.status != 200 || got.header.Get("ETag") != `"2"` || !strings.Contains(got.raw, `"status":"rejected"`) {
			t.Fatalf("reject: %d %s", got.status, got.raw)
		}
		stale := call(t, "POST", path+"/withdraw", am, `{"version": 1}`)
		if stale.status != 412 || !strings.Contains(stale.raw, `"status":"rejected"`) || stale.header.Get("ETag") != `"2"` {
			t.Errorf("stale withdraw: %d %s", stale.status, stale.raw)
		}
		wantError(t, "withdraw a decided request", call(t, "POST", path+"/withdraw", am, `{"version": 2}`), 409, kam.ECONFLICT, "")
		wantError(t, "accept without a counter", call(t, "POST", path+"/accept", am, `{"version": 2}`), 409, kam.ECONFLICT, "")
		wantError(t, "another's request", call(t, "GET", path, f.tokens["kam_d"], ""), 404, kam.ENOTFOUND, "")
		wantError(t, "bad view", call(t, "GET", "/api/v1/approvals?view=sideways", am, ""), 400, kam.EINVALID, "view")
	})
}
