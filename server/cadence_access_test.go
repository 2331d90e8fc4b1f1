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

// TestCadenceAccess holds the cadence and attrition pages and the call
// lists to the access rules: an account out of a role's scope is not found
// on its cadence and attrition pages and forms, which change nothing; the
// call plan, compliance, attrition and list pages show no account out of
// scope; a call list is seen by its assignee, its author, the directors
// and viewers over the assignee and administrators, and by no one else.
func TestCadenceAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAccessFixture(t, s)
		ctx := context.Background()
		for _, role := range accessRoles {
			c := cookie(f.sessions[role])
			for _, target := range []string{"/calls", "/calls/compliance", "/calls/compliance?period=last-quarter", "/attrition", "/calls/lists"} {
				w := f.do(t, "GET", target, c)
				if w.Code != 200 {
					t.Errorf("GET %s as %s: %d", target, role, w.Code)
				}
				if l := f.leaks(role, w.Body.Bytes()); len(l) > 0 {
					t.Errorf("GET %s as %s shows %v", target, role, l)
				}
			}
			for _, a := range f.hidden(role) {
				before, err := s.FindAccountByID(ctx, kam.System(), a.acc.ID)
				must(t, err)
				version := fmt.Sprint(before.Version)
				for _, req := range []struct {
					method, path string
					form         url.Values
				}{
					{"GET", "/accounts/%d/cadence", nil},
					{"GET", "/accounts/%d/attrition", nil},
					{"POST", "/accounts/%d/cadence", url.Values{"version": {version}, "days": {"9"}}},
					{"POST", "/accounts/%d/attrition", url.Values{"version": {version}, "reason": {"Price"}}},
					{"POST", "/accounts/%d/reactivate", url.Values{"version": {version}}},
				} {
					opts := []option{c}
					if req.form != nil {
						opts = append(opts, form(req.form))
					}
					w := f.do(t, req.method, fmt.Sprintf(req.path, a.acc.ID), opts...)
					if w.Code != 404 || len(f.leaks(role, w.Body.Bytes())) > 0 {
						t.Errorf("%s %s of %s as %s: %d %v", req.method, req.path, a.word, role, w.Code, f.leaks(role, w.Body.Bytes()))
					}
				}
				if after, _ := s.FindAccountByID(ctx, kam.System(), a.acc.ID); after.Version != before.Version {
					t.Errorf("the forms of %s as %s changed it", a.word, role)
				}
			}
			for _, a := range f.visible(role) {
				if w := f.do(t, "GET", fmt.Sprintf("/accounts/%d/cadence", a.acc.ID), c); w.Code != 200 {
					t.Errorf("the cadence of %s as %s: %d", a.word, role, w.Code)
				}
			}
		}

		// A list of a Nordic prospect, made by the Nordic director for am_n.
		prospect := &kam.Account{Name: "Polaris Prospect Oy", Country: "FI", Currency: "EUR", Status: kam.StatusProspect, OwnerID: f.users["am_n"].ID}
		must(t, s.CreateAccount(ctx, kam.System(), prospect))
		dir, err := s.PrincipalFor(ctx, f.users["dir_n"].ID)
		must(t, err)
		l := &store.CallList{Name: "Polaris calls", AssigneeID: f.users["am_n"].ID}
		must(t, s.CreateCallList(ctx, dir, l))
		seers := []string{"admin", "dir_n", "am_n", "viewer_n"}
		entry := fmt.Sprintf("/api/v1/call-lists/%d/entries/%d", l.ID, prospect.ID)
		for _, role := range accessRoles {
			get := f.openAPICall(t, "GET", fmt.Sprintf("/api/v1/call-lists/%d", l.ID), f.tokens[role])
			page := f.do(t, "GET", fmt.Sprintf("/calls/lists/%d", l.ID), cookie(f.sessions[role]))
			index := f.openAPICall(t, "GET", "/api/v1/call-lists", f.tokens[role])
			if slices.Contains(seers, role) {
				if get.Code != 200 || page.Code != 200 || !strings.Contains(index.Body.String(), "Polaris calls") {
					t.Errorf("%s cannot see the list: %d %d", role, get.Code, page.Code)
				}
				continue
			}
			patch := f.do(t, "PATCH", entry, bearer(f.tokens[role]), header("If-Match", `"1"`), jsonRequest(`{"outcome": "no_answer"}`))
			del := f.do(t, "DELETE", fmt.Sprintf("/api/v1/call-lists/%d", l.ID), bearer(f.tokens[role]))
			post := f.do(t, "POST", fmt.Sprintf("/calls/lists/%d", l.ID), cookie(f.sessions[role]),
				form(url.Values{"account_id": {fmt.Sprint(prospect.ID)}, "version": {"1"}, "outcome": {"no_answer"}}))
			for what, code := range map[string]int{"GET": get.Code, "page": page.Code, "PATCH": patch.Code, "DELETE": del.Code, "POST": post.Code} {
				if code != 404 {
					t.Errorf("%s of the list as %s: %d, want 404", what, role, code)
				}
			}
			if strings.Contains(index.Body.String(), "Polaris") {
				t.Errorf("%s lists the list", role)
			}
		}
		// The viewer sees it but records nothing; the assignee records the call.
		f.expectError(t, f.do(t, "PATCH", entry, bearer(f.tokens["viewer_n"]), header("If-Match", `"1"`), jsonRequest(`{"outcome": "no_answer"}`)),
			403, kam.EFORBIDDEN, "the viewer records a call")
		if w := f.do(t, "PATCH", entry, bearer(f.tokens["am_n"]), header("If-Match", `"1"`), jsonRequest(`{"outcome": "no_answer"}`)); w.Code != 200 {
			t.Errorf("the assignee records the call: %d %s", w.Code, w.Body)
		}
	})
}
