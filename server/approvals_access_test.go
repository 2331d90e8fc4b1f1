package server_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// approvalOps are the API operations on one discount request, with the body
// each is sent (all from version 1).
var approvalOps = []struct{ method, path, body string }{
	{"GET", "/api/v1/approvals/%d", ""},
	{"POST", "/api/v1/approvals/%d/decision", `{"action": "approve", "version": 1}`},
	{"POST", "/api/v1/approvals/%d/accept", `{"version": 1}`},
	{"POST", "/api/v1/approvals/%d/withdraw", `{"version": 1}`},
}

// TestApprovalAccess drives the discount approvals as every role of the
// access matrix against a request on every account: a request the role may
// not see (neither its account, nor as its requester or approver) is a 404
// exactly like one that does not exist, on its page and through the API,
// changes nothing, and is never listed; one it sees but may not decide is a
// 403 saying who decides.
func TestApprovalAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAccessFixture(t, s)
		ctx := context.Background()
		today := kam.DateOf(s.Now())
		requests := map[string]*kam.DiscountRequest{}
		for _, a := range f.accounts {
			p, err := s.PrincipalFor(ctx, f.users[a.owner].ID)
			must(t, err)
			r := &kam.DiscountRequest{AccountID: a.acc.ID, DepthBP: 500, StartsOn: today, EndsOn: today.AddDays(30), Reason: a.word + " loyalty"}
			must(t, s.CreateDiscountRequest(ctx, p, r))
			requests[a.word] = r
		}
		snapshot := func(r *kam.DiscountRequest) string {
			got, err := s.FindDiscountRequest(ctx, kam.System(), r.ID)
			must(t, err)
			return fmt.Sprint(got.Status, got.Version, len(got.Steps))
		}
		for _, role := range accessRoles {
			t.Run(role, func(t *testing.T) {
				user, token, c := f.users[role], f.tokens[role], cookie(f.sessions[role])
				for _, l := range []string{"/api/v1/approvals", "/api/v1/approvals?view=all&status=all", "/approvals?view=all", "/approvals", "/"} {
					var w = f.do(t, "GET", l, c)
					if strings.HasPrefix(l, "/api/") {
						w = f.openAPICall(t, "GET", l, token)
					}
					if leaks := f.leaks(role, w.Body.Bytes()); w.Code != 200 || len(leaks) > 0 {
						t.Errorf("GET %s as %s: %d, shows %v", l, role, w.Code, leaks)
					}
				}
				for _, a := range f.accounts {
					r := requests[a.word]
					sees := slices.Contains(f.sees(role), a.word) || r.RequesterID == user.ID || r.ApproverID == user.ID
					mayDecide := r.RequesterID != user.ID && (role == "admin" || r.ApproverID == user.ID)
					for _, op := range approvalOps {
						want := 403 // in sight, but not the role's to do
						switch {
						case !sees:
							want = 404
						case op.method == "GET":
							want = 200
						case strings.HasSuffix(op.path, "/accept") && r.RequesterID == user.ID:
							want = 409 // there is no counter to accept
						case strings.HasSuffix(op.path, "/decision") && mayDecide,
							strings.HasSuffix(op.path, "/withdraw") && (r.RequesterID == user.ID || role == "admin"):
							continue // allowed: the role's own test drives it
						}
						what := fmt.Sprintf("%s %s of %s's request as %s", op.method, op.path, a.word, role)
						before := snapshot(r)
						opts := []option{bearer(token)}
						if op.body != "" {
							opts = append(opts, jsonRequest(op.body))
						}
						w := f.do(t, op.method, fmt.Sprintf(op.path, r.ID), opts...)
						missing := f.do(t, op.method, fmt.Sprintf(op.path, 999999), opts...)
						switch {
						case w.Code != want:
							t.Errorf("%s: %d %.300s, want %d", what, w.Code, w.Body, want)
						case want == 404 && digits.ReplaceAllString(w.Body.String(), "N") != digits.ReplaceAllString(missing.Body.String(), "N"):
							t.Errorf("%s: %s; of no request: %s", what, w.Body, missing.Body)
						}
						if after := snapshot(r); after != before {
							t.Errorf("%s changed it: %s → %s", what, before, after)
						}
					}
					page := f.do(t, "GET", fmt.Sprintf("/approvals/%d", r.ID), c)
					switch {
					case !sees && page.Code != 404, sees && page.Code != 200:
						t.Errorf("the page of %s's request as %s: %d", a.word, role, page.Code)
					}
					if !mayDecide {
						before := snapshot(r)
						want := map[bool]int{false: 404, true: 403}[sees]
						w := f.do(t, "POST", fmt.Sprintf("/approvals/%d", r.ID), c, form(url.Values{"version": {"1"}, "action": {"reject"}, "comment": {"No"}}))
						if after := snapshot(r); w.Code != want || after != before {
							t.Errorf("rejecting %s's request on its page as %s: %d, want %d; %s → %s", a.word, role, w.Code, want, before, after)
						}
					}
					if l := f.leaks(role, page.Body.Bytes()); len(l) > 0 {
						t.Errorf("the page of %s's request as %s shows %v", a.word, role, l)
					}
				}
			})
		}
	})
}
