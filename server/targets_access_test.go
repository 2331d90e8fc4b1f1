package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// targetCase is a target of the access fixture and the roles that see it
// and may change it.
type targetCase struct {
	name        string
	target      *kam.Target
	sees, edits []string
}

// accessTargets sets, for this quarter, a quota for am_n, one for kam_d,
// one for the Nordic unit, and an objective on every account named with
// its word.
func accessTargets(t *testing.T, f *accessFixture) []targetCase {
	ctx, sys := context.Background(), kam.System()
	q := kam.DefaultFiscalCalendar().At(kam.PeriodQuarter, kam.DateOf(time.Now()))
	quota := func(user, unit int64) *kam.Target {
		return &kam.Target{UserID: user, OrgUnitID: unit, PeriodStart: q.First, PeriodEnd: q.Last, Amount: kam.MustMoney("1000"), Currency: "EUR"}
	}
	nordic := f.users["dir_n"].OrgUnitID
	cases := []targetCase{
		{"am_n's quota", quota(f.users["am_n"].ID, 0), []string{"admin", "dir_n", "viewer_n", "am_n"}, []string{"admin", "dir_n"}},
		{"kam_d's quota", quota(f.users["kam_d"].ID, 0), []string{"admin", "dir_d", "kam_d"}, []string{"admin", "dir_d"}},
		{"the Nordic unit's quota", quota(0, nordic), []string{"admin", "dir_n", "viewer_n"}, []string{"admin", "dir_n"}},
	}
	for _, a := range f.accounts {
		o := &kam.Target{AccountID: a.acc.ID, PeriodStart: q.First, PeriodEnd: q.Last, Amount: kam.MustMoney("500"), Description: a.word + " objective"}
		var sees, edits []string
		for _, role := range accessRoles {
			if slices.Contains(f.sees(role), a.word) {
				sees = append(sees, role)
			}
			if slices.Contains(f.edits(role), a.word) {
				edits = append(edits, role)
			}
		}
		cases = append(cases, targetCase{a.word + "'s objective", o, sees, edits})
	}
	for _, c := range cases {
		must(t, f.st.CreateTarget(ctx, sys, c.target))
	}
	return cases
}

// TestTargetAccess drives targets as every role of the access matrix: a
// target the role may not see is a 404 exactly like one that does not
// exist, through the API and the page's form, and changes nothing; one it
// sees but may not change is a 403; lists, attainment and pages show only
// what the role sees.
func TestTargetAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAccessFixture(t, s)
		cases := accessTargets(t, f)
		ctx := context.Background()
		snapshot := func(tg *kam.Target) string {
			got, err := s.FindTarget(ctx, kam.System(), tg.ID)
			must(t, err)
			return fmt.Sprint(got.Version, got.Amount)
		}
		for _, role := range accessRoles {
			t.Run(role, func(t *testing.T) {
				token, c := f.tokens[role], cookie(f.sessions[role])
				var want []int64
				for _, tc := range cases {
					if slices.Contains(tc.sees, role) {
						want = append(want, tc.target.ID)
					}
				}
				w := f.openAPICall(t, "GET", "/api/v1/targets", token)
				var list struct{ Data []kam.Target }
				must(t, json.Unmarshal(w.Body.Bytes(), &list))
				var got []int64
				for _, tg := range list.Data {
					got = append(got, tg.ID)
				}
				slices.Sort(got)
				slices.Sort(want)
				if w.Code != 200 || !slices.Equal(got, want) {
					t.Errorf("GET /api/v1/targets as %s: %d %v, want %v", role, w.Code, got, want)
				}
				for _, l := range []string{"/api/v1/targets", "/api/v1/attainment", "/api/v1/targets?kind=objective"} {
					if w := f.openAPICall(t, "GET", l, token); w.Code != 200 || len(f.leaks(role, w.Body.Bytes())) > 0 {
						t.Errorf("GET %s as %s: %d, shows %v", l, role, w.Code, f.leaks(role, w.Body.Bytes()))
					}
				}
				for _, l := range []string{"/targets", "/targets?period=" + cases[0].target.Period} {
					if w := f.do(t, "GET", l, c); w.Code != 200 || len(f.leaks(role, w.Body.Bytes())) > 0 {
						t.Errorf("GET %s as %s: %d, shows %v", l, role, w.Code, f.leaks(role, w.Body.Bytes()))
					}
				}
				for _, tc := range cases {
					sees, edits := slices.Contains(tc.sees, role), slices.Contains(tc.edits, role)
					id := tc.target.ID
					for _, op := range []struct{ method, body string }{{"GET", ""}, {"PATCH", `{"amount": 7, "version": 1}`}, {"DELETE", ""}} {
						want := map[bool]int{true: 403, false: 404}[sees]
						switch {
						case sees && op.method == "GET":
							want = 200
						case edits:
							continue // allowed: the role's own tests change targets
						}
						opts := []option{bearer(token)}
						if op.body != "" {
							opts = append(opts, jsonRequest(op.body))
						}
						before := snapshot(tc.target)
						w := f.do(t, op.method, fmt.Sprintf("/api/v1/targets/%d", id), opts...)
						missing := f.do(t, op.method, "/api/v1/targets/999999", opts...)
						switch {
						case w.Code != want:
							t.Errorf("%s %s as %s: %d %.300s, want %d", op.method, tc.name, role, w.Code, w.Body, want)
						case want == 404 && digits.ReplaceAllString(w.Body.String(), "N") != digits.ReplaceAllString(missing.Body.String(), "N"):
							t.Errorf("%s %s as %s: %s; of no target: %s", op.method, tc.name, role, w.Body, missing.Body)
						}
						if after := snapshot(tc.target); after != before {
							t.Errorf("%s %s as %s changed it: %s → %s", op.method, tc.name, role, before, after)
						}
					}
					if edits {
						continue
					}
					before := snapshot(tc.target)
					w := f.do(t, "POST", fmt.Sprintf("/targets/%d", id), c, form(url.Values{"version": {"1"}, "action": {"delete"},
						"period": {tc.target.Period}}))
					if want := map[bool]int{true: 403, false: 404}[sees]; w.Code != want || snapshot(tc.target) != before {
						t.Errorf("deleting %s on the page as %s: %d, want %d", tc.name, role, w.Code, want)
					}
				}
			})
		}
	})
}

// The attainment of the access fixture as its directors see it: their own
// people and unit, never the other country's.
func TestTargetAttainmentByRole(t *testing.T) {
	f := newAccessFixture(t, storetest.Open(t, "sqlite"))
	accessTargets(t, f)
	for role, want := range map[string][]string{
		"dir_n": {"Anni North", "Kari North"},
		"dir_d": {"Anke South", "Klaus South"},
		"am_n":  {"Anni North"},
	} {
		w := f.openAPICall(t, "GET", "/api/v1/attainment", f.tokens[role])
		var body struct{ Data store.Attainment }
		must(t, json.Unmarshal(w.Body.Bytes(), &body))
		var names []string
		for _, u := range body.Data.Users {
			names = append(names, u.Name)
		}
		if w.Code != 200 || !slices.Equal(names, want) {
			t.Errorf("attainment as %s: %d %v, want %v", role, w.Code, names, want)
		}
	}
}
