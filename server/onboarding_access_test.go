package server_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestOnboardingAccess is the access matrix of onboardings and campaigns
// (their routes are marked "-" in accessIDOps): every role, against an
// onboarding and a campaign item on every account of the access fixture.
// Out of scope is a 404 exactly like a record that does not exist, for the
// API and the pages, and changes nothing; lists, counts and progress hold
// only the accounts the role sees.
func TestOnboardingAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAccessFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		tpl := &kam.ChecklistTemplate{Name: "Matrix checklist", Steps: []kam.ChecklistStep{{Title: "Kick-off"}, {Title: "Review", OffsetDays: 5}}}
		must(t, s.CreateChecklistTemplate(ctx, sys, tpl))
		onboardings, items := map[string]*kam.Onboarding{}, map[string]kam.CampaignItem{}
		for _, a := range f.accounts {
			o, err := s.StartOnboarding(ctx, sys, a.acc.ID, tpl.ID, kam.Date{})
			must(t, err)
			onboardings[a.word] = o
		}
		today := kam.DateOf(s.Now())
		c := &kam.Campaign{Name: "Matrix campaign", Starts: today, Ends: today.AddDays(30)}
		_, err := s.CreateCampaign(ctx, sys, c)
		must(t, err)
		page, err := s.FindCampaignItems(ctx, sys, c.ID, store.CampaignItemFilter{Limit: 500})
		must(t, err)
		for _, it := range page.Items {
			for _, a := range f.accounts {
				if it.AccountID == a.acc.ID {
					items[a.word] = it
				}
			}
		}
		same := func(what string, got, missing apiCall) {
			t.Helper()
			if got.status != missing.status || digits.ReplaceAllString(got.raw, "N") != digits.ReplaceAllString(missing.raw, "N") {
				t.Errorf("%s: %d %s; of no record: %d %s", what, got.status, got.raw, missing.status, missing.raw)
			}
		}
		for _, role := range accessRoles {
			t.Run(role, func(t *testing.T) {
				token, session, seen := f.tokens[role], f.sessions[role], f.sees(role)
				for _, a := range f.accounts {
					o, it := onboardings[a.word], items[a.word]
					what := fmt.Sprintf("%s's onboarding and item as %s", a.word, role)
					if slices.Contains(seen, a.word) {
						if c := f.fixture.call(t, "GET", fmt.Sprintf("/api/v1/onboardings/%d", o.ID), token, ""); c.status != 200 {
							t.Errorf("%s: get %d", what, c.status)
						}
						if c := f.fixture.call(t, "GET", fmt.Sprintf("/api/v1/campaign-items/%d", it.ID), token, ""); c.status != 200 {
							t.Errorf("%s: get the item %d", what, c.status)
						}
						wantPage(t, f.do(t, "GET", fmt.Sprintf("/onboarding/%d", o.ID), cookie(session)), 200, a.acc.Name)
						continue
					}
					for _, op := range []struct{ method, path, body string }{
						{"GET", "/api/v1/onboardings/%d", ""},
						{"DELETE", "/api/v1/onboardings/%d", ""},
						{"POST", "/api/v1/onboarding-steps/%d/done", ""},
						{"GET", "/api/v1/campaign-items/%d", ""},
						{"PATCH", "/api/v1/campaign-items/%d", `{"status": "won"}`},
					} {
						id := o.ID
						switch {
						case strings.Contains(op.path, "steps"):
							id = o.Steps[0].ID
						case strings.Contains(op.path, "items"):
							id = it.ID
						}
						missing := f.fixture.call(t, op.method, fmt.Sprintf(op.path, 999999), token, op.body, "If-Match", `"1"`)
						if missing.status != 404 && missing.status != 403 {
							t.Errorf("%s %s of no record as %s: %d %s", op.method, op.path, role, missing.status, missing.raw)
						}
						same(fmt.Sprintf("%s %s of %s", op.method, op.path, what), f.fixture.call(t, op.method, fmt.Sprintf(op.path, id), token, op.body, "If-Match", `"1"`), missing)
					}
					wantPage(t, f.do(t, "GET", fmt.Sprintf("/onboarding/%d", o.ID), cookie(session)), 404)
					wantPage(t, f.do(t, "POST", fmt.Sprintf("/onboarding-steps/%d/done", o.Steps[0].ID), cookie(session)), 404)
					wantPage(t, f.do(t, "POST", fmt.Sprintf("/campaign-items/%d", it.ID), cookie(session),
						form(map[string][]string{"version": {"1"}, "status": {"won"}})), 404)
				}
				// Lists, counts and progress: only what the role sees.
				hidden := func(where, body string) {
					t.Helper()
					for _, a := range f.hidden(role) {
						if strings.Contains(body, a.acc.Name) {
							t.Errorf("%s as %s shows %s", where, role, a.acc.Name)
						}
					}
					if role != "admin" {
						for _, w := range strangers {
							if strings.Contains(body, w) {
								t.Errorf("%s as %s shows %s", where, role, w)
							}
						}
					}
				}
				hidden("the onboardings", f.fixture.call(t, "GET", "/api/v1/onboardings", token, "").raw)
				hidden("the onboardings page", wantPage(t, f.do(t, "GET", "/onboarding?show=all", cookie(session)), 200))
				hidden("the items", f.fixture.call(t, "GET", fmt.Sprintf("/api/v1/campaigns/%d/items", c.ID), token, "").raw)
				hidden("the campaign page", wantPage(t, f.do(t, "GET", fmt.Sprintf("/campaigns/%d", c.ID), cookie(session)), 200))
				if role == "admin" {
					return
				}
				got := f.fixture.call(t, "GET", fmt.Sprintf("/api/v1/campaigns/%d", c.ID), token, "")
				if want := fmt.Sprintf(`"total":%d,`, len(seen)); got.status != 200 || !strings.Contains(got.raw, want) {
					t.Errorf("the campaign's counts as %s: %d %s; want %s", role, got.status, got.raw, want)
				}
				progress := f.fixture.call(t, "GET", fmt.Sprintf("/api/v1/campaigns/%d/progress", c.ID), token, "")
				for _, a := range f.hidden(role) {
					if strings.Contains(progress.raw, fmt.Sprintf(`"owner_id":%d,`, f.users[a.owner].ID)) &&
						!slices.ContainsFunc(f.visible(role), func(v *accessAccount) bool { return v.owner == a.owner }) {
						t.Errorf("progress as %s counts %s's owner: %s", role, a.word, progress.raw)
					}
				}
			})
		}
		// Nothing out of scope changed.
		for _, a := range f.accounts {
			o, err := s.FindOnboarding(ctx, sys, onboardings[a.word].ID)
			if err != nil || o.Progress.Done != 0 {
				t.Errorf("%s's onboarding after the matrix: %+v, %v", a.word, o, err)
			}
			it, err := s.FindCampaignItem(ctx, sys, items[a.word].ID)
			if err != nil || it.Status != "to_present" || it.Version != 1 {
				t.Errorf("%s's item after the matrix: %+v, %v", a.word, it, err)
			}
		}
	})
}
