package server_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestHistoryAccess drives the history of targets and discount requests,
// whose scope is not an account's alone, as every role of the access
// matrix, through the API and on the page: a record the role may not see
// is a 404 exactly like one that does not exist; one it sees answers with
// its changes and shows nothing it may not see.
func TestHistoryAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAccessFixture(t, s)
		ctx := context.Background()
		type record struct {
			name, api, page string
			id              int64
			sees            func(role string) bool
		}
		var records []record
		for _, tc := range accessTargets(t, f) {
			records = append(records, record{tc.name, "/api/v1/targets/%d/history", "/targets/%d/history", tc.target.ID,
				func(role string) bool { return slices.Contains(tc.sees, role) }})
		}
		today := kam.DateOf(s.Now())
		for _, a := range f.accounts {
			p, err := s.PrincipalFor(ctx, f.users[a.owner].ID)
			must(t, err)
			r := &kam.DiscountRequest{AccountID: a.acc.ID, DepthBP: 500, StartsOn: today, EndsOn: today.AddDays(30), Reason: a.word + " loyalty"}
			must(t, s.CreateDiscountRequest(ctx, p, r))
			records = append(records, record{a.word + "'s request", "/api/v1/approvals/%d/history", "/approvals/%d/history", r.ID,
				func(role string) bool {
					id := f.users[role].ID
					return slices.Contains(f.sees(role), a.word) || r.RequesterID == id || r.ApproverID == id
				}})
		}
		for _, role := range accessRoles {
			t.Run(role, func(t *testing.T) {
				token, c := f.tokens[role], cookie(f.sessions[role])
				for _, rec := range records {
					want := map[bool]int{true: 200, false: 404}[rec.sees(role)]
					w := f.openAPICall(t, "GET", fmt.Sprintf(rec.api, rec.id), token)
					missing := f.do(t, "GET", fmt.Sprintf(rec.api, 999999), bearer(token))
					switch {
					case w.Code != want:
						t.Errorf("the history of %s through the API as %s: %d %.300s, want %d", rec.name, role, w.Code, w.Body, want)
					case want == 404 && digits.ReplaceAllString(w.Body.String(), "N") != digits.ReplaceAllString(missing.Body.String(), "N"):
						t.Errorf("the history of %s as %s: %s; of no record: %s", rec.name, role, w.Body, missing.Body)
					}
					page := f.do(t, "GET", fmt.Sprintf(rec.page, rec.id), c)
					if page.Code != want {
						t.Errorf("the history page of %s as %s: %d, want %d", rec.name, role, page.Code, want)
					}
					if l := f.leaks(role, page.Body.Bytes()); len(l) > 0 {
						t.Errorf("the history page of %s as %s shows %v", rec.name, role, l)
					}
				}
			})
		}
	})
}
