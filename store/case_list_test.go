package store_test

import (
	"cmp"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestCaseListPagesInDueOrderForEveryBook: the case list gives each case the
// user may see exactly once, earliest due first (ties by id), cases without
// a due day last, across pages — for a small book (read from its accounts)
// and for a director and an administrator (read along the due-day index).
func TestCaseListPagesInDueOrderForEveryBook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		now := time.Date(2026, time.December, 1, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		am1 := principal(t, s, o.am1)
		type made struct {
			id      int64
			account int64
			due     kam.Date
			status  string
		}
		var cases []made
		add := func(p *kam.Principal, a *kam.Account, due kam.Date, undated bool, resolved bool) {
			t.Helper()
			k := &kam.Case{AccountID: a.ID, Kind: kam.CaseQuestion, Severity: "low", Subject: "Question", Due: due}
			if err := s.CreateCase(ctx, p, k); err != nil {
				t.Fatal(err)
			}
			m := made{id: k.ID, account: a.ID, due: k.Due, status: "open"}
			if undated {
				if err := s.ClearCaseDue(ctx, k.ID); err != nil {
					t.Fatal(err)
				}
				m.due = kam.Date{}
			}
			if resolved {
				if _, err := s.UpdateCase(ctx, p, k.ID, kam.CaseUpdate{Version: k.Version, Status: ptr("resolved"), Satisfaction: ptr(5)}); err != nil {
					t.Fatal(err)
				}
				m.status = "resolved"
			}
			cases = append(cases, m)
		}
		am2, kam1 := principal(t, s, o.am2), principal(t, s, o.kam)
		d := func(day int) kam.Date { return kam.NewDate(2026, time.December, day) }
		add(am1, o.a1, d(20), false, false)
		add(am2, o.a3, d(5), false, false)
		add(am1, o.a1, d(5), false, false) // a tie with the one before
		add(am2, o.a2, d(3), false, false) // am2's own: am1 does not see it
		add(kam1, o.a4, d(9), false, false)
		add(am1, o.a1, d(2), false, true) // resolved: not in the unresolved list
		add(am1, o.a1, d(30), true, false)
		add(am2, o.a3, d(30), true, false)
		add(am1, o.a1, d(5), false, false)

		sees := map[string]func(a int64) bool{
			"am1":      func(a int64) bool { return a != o.a2.ID },
			"director": func(a int64) bool { return a == o.a1.ID || a == o.a3.ID },
			"admin":    func(a int64) bool { return true },
		}
		for name, p := range map[string]*kam.Principal{"am1": am1, "director": principal(t, s, o.director), "admin": principal(t, s, o.admin)} {
			for _, overdue := range []bool{false, true} {
				var want []int64
				expected := slices.Clone(cases)
				slices.SortFunc(expected, func(x, y made) int {
					if x.due.IsZero() != y.due.IsZero() {
						if x.due.IsZero() {
							return 1
						}
						return -1
					}
					return cmp.Or(x.due.Time().Compare(y.due.Time()), cmp.Compare(x.id, y.id))
				})
				for _, m := range expected {
					if sees[name](m.account) && m.status == "open" && (!overdue || !m.due.IsZero() && m.due.Before(d(10))) {
						want = append(want, m.id)
					}
				}
				var got []int64
				after := ""
				for range 20 {
					page, err := s.FindCaseList(ctx, p, store.CaseFilter{Limit: 2, After: after, Overdue: overdue, Today: d(10)})
					if err != nil {
						t.Fatal(err)
					}
					for _, h := range page.Cases {
						got = append(got, h.ID)
						if h.Overdue != (!h.Due.IsZero() && h.Due.Before(d(10))) {
							t.Errorf("%s: case %d due %s marked overdue %v", name, h.ID, h.Due, h.Overdue)
						}
					}
					if after = page.Next; after == "" {
						break
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s (overdue only %v): pages gave %v, want %v", name, overdue, got, want)
				}
			}
		}
	})
}
