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

// caseFlags lists the evidence of an account's open case_overdue flags.
func caseFlags(t *testing.T, s *store.Store, p *kam.Principal, accountID int64) []string {
	t.Helper()
	flags, err := s.FindAccountFlags(context.Background(), p, accountID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range flags {
		if f.Kind == string(insight.CaseOverdue) && (f.State == "open" || f.State == "acknowledged") {
			out = append(out, f.Evidence)
		}
	}
	return out
}

func TestCasesAreScopedDueByTheServiceLevelAndResolvedWithSatisfaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, viewer, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.view), principal(t, s, o.admin)
		now := time.Date(2026, time.December, 1, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		s.Insights = portfolio.Compute(portfolio.Options{})
		if _, err := s.Recompute(ctx, kam.DateOf(now), s.Insights); err != nil {
			t.Fatal(err)
		}

		// The due day follows the default service level of the severity.
		valve := &kam.Case{AccountID: o.a1.ID, Kind: kam.CaseComplaint, Severity: "high", Subject: " Leaking valve "}
		if err := s.CreateCase(ctx, am1, valve); err != nil {
			t.Fatal(err)
		}
		if valve.Due.String() != "2026-12-03" || valve.Status != "open" || valve.OwnerID != o.am1.ID || valve.Subject != "Leaking valve" || valve.Version != 1 {
			t.Errorf("created %+v; want due 2026-12-03 (48 hours), open, owned by am1", valve)
		}
		critical := &kam.Case{AccountID: o.a1.ID, Kind: kam.CaseTechnical, Severity: "critical", Subject: "Line stopped"}
		if err := s.CreateCase(ctx, am1, critical); err != nil || critical.Due.String() != "2026-12-01" {
			t.Errorf("critical at 10:00 is due the same day: %s, %v", critical.Due, err)
		}
		// An administrator sets the service level; an explicit due day wins.
		if err := s.SetSetting(ctx, admin, kam.SettingCaseSLA, []byte(`{"low": 24}`)); err != nil {
			t.Fatal(err)
		}
		low := &kam.Case{AccountID: o.a4.ID, Kind: kam.CaseQuestion, Severity: "low", Subject: "Pallet sizes"}
		if err := s.CreateCase(ctx, am1, low); err != nil || low.Due.String() != "2026-12-02" {
			t.Errorf("low with a 24-hour level: %s, %v", low.Due, err)
		}
		given := &kam.Case{AccountID: o.a1.ID, Kind: kam.CaseConflict, Subject: "Price dispute", Due: kam.NewDate(2026, 12, 20)}
		if err := s.CreateCase(ctx, am1, given); err != nil || given.Due.String() != "2026-12-20" || given.Severity != "medium" {
			t.Errorf("given due: %+v, %v", given, err)
		}

		// Scope: other accounts are not there, read-only access changes nothing.
		wantCode(t, s.CreateCase(ctx, am2, &kam.Case{AccountID: o.a1.ID, Kind: kam.CaseComplaint, Subject: "X"}), kam.EINVALID)
		wantCode(t, s.CreateCase(ctx, am1, &kam.Case{AccountID: o.a3.ID, Kind: kam.CaseComplaint, Subject: "X"}), kam.EINVALID)
		wantCode(t, s.CreateCase(ctx, viewer, &kam.Case{AccountID: o.a2.ID, Kind: kam.CaseComplaint, Subject: "X"}), kam.EFORBIDDEN)
		wantCode(t, s.CreateCase(ctx, am1, &kam.Case{AccountID: o.a1.ID, Kind: "praise", Subject: "X"}), kam.EINVALID)
		wantCode(t, s.CreateCase(ctx, am1, &kam.Case{AccountID: o.a1.ID, Kind: kam.CaseComplaint, Subject: "X", OwnerID: o.am2.ID}), kam.EINVALID)
		wantCode(t, s.CreateCase(ctx, am1, &kam.Case{AccountID: o.a1.ID, Kind: kam.CaseComplaint, Subject: "X", Status: "resolved", Satisfaction: 5}), kam.EINVALID)
		_, err := s.FindCase(ctx, am2, valve.ID)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.UpdateCase(ctx, am2, valve.ID, kam.CaseUpdate{Version: 1, Subject: ptr("X")})
		wantCode(t, err, kam.ENOTFOUND)

		// The list: unresolved cases p sees, earliest due first, paged.
		page, err := s.FindCaseList(ctx, am1, store.CaseFilter{Limit: 2})
		if err != nil || len(page.Cases) != 2 || page.Cases[0].ID != critical.ID || page.Cases[1].ID != low.ID || page.Next == "" {
			t.Fatalf("first page %+v, %v", page, err)
		}
		rest, err := s.FindCaseList(ctx, am1, store.CaseFilter{Limit: 2, After: page.Next})
		if err != nil || len(rest.Cases) != 2 || rest.Cases[0].ID != valve.ID || rest.Cases[1].ID != given.ID || rest.Next != "" {
			t.Fatalf("second page %+v, %v", rest, err)
		}
		if theirs, _ := s.FindCaseList(ctx, am2, store.CaseFilter{}); len(theirs.Cases) != 0 {
			t.Errorf("am2 sees am1's cases: %+v", theirs.Cases)
		}

		// Five days on, the valve is overdue: a flag with its evidence.
		now = now.AddDate(0, 0, 5)
		if _, err := s.Recompute(ctx, kam.DateOf(now), s.Insights); err != nil {
			t.Fatal(err)
		}
		flags := strings.Join(caseFlags(t, s, am1, o.a1.ID), "; ")
		if !strings.Contains(flags, "Case 'Leaking valve' (high) is 3 days past its due date of 2026-12-03") ||
			!strings.Contains(flags, "Case 'Line stopped' (critical) is 5 days past its due date of 2026-12-01") {
			t.Errorf("overdue flags: %s", flags)
		}
		if r, err := s.FindRollup(ctx, am1, o.a1.ID); err != nil || r.Own.OpenCases != 3 || r.Own.OverdueCases != 2 {
			t.Errorf("roll-up: %+v, %v; want 3 open, 2 overdue", r, err)
		}
		overdue, _ := s.FindCaseList(ctx, am1, store.CaseFilter{Overdue: true, Severity: "high"})
		if len(overdue.Cases) != 1 || !overdue.Cases[0].Overdue || overdue.Cases[0].AccountName != o.a1.Name || overdue.Cases[0].OwnerName != "am1" {
			t.Errorf("overdue high cases: %+v", overdue.Cases)
		}

		// Status: stale refused; closed only after resolved; resolved needs a satisfaction.
		_, err = s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 7, Status: ptr("in_progress")})
		wantCode(t, err, kam.ESTALE)
		moved, err := s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 1, Status: ptr("in_progress"), Severity: ptr("medium")})
		if err != nil || moved.Version != 2 || moved.Status != "in_progress" || moved.Due.String() != "2026-12-06" {
			t.Fatalf("in progress, medium (due 5 days from the opening): %+v, %v", moved, err)
		}
		_, err = s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 2, Status: ptr("closed")})
		wantCode(t, err, kam.EINVALID)
		_, err = s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 2, Status: ptr("resolved")})
		wantCode(t, err, kam.EINVALID)
		_, err = s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 2, Satisfaction: ptr(4)})
		wantCode(t, err, kam.EINVALID)
		resolved, err := s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 2, Status: ptr("resolved"), Satisfaction: ptr(4)})
		if err != nil || resolved.Version != 3 || resolved.ResolvedAt == nil || resolved.Satisfaction != 4 {
			t.Fatalf("resolve: %+v, %v", resolved, err)
		}
		if flags := caseFlags(t, s, am1, o.a1.ID); len(flags) != 1 || !strings.Contains(flags[0], "Line stopped") {
			t.Errorf("after the valve is resolved the flags are %v", flags)
		}
		if r, _ := s.FindRollup(ctx, am1, o.a1.ID); r.Own.OpenCases != 2 {
			t.Errorf("open cases after resolving: %d", r.Own.OpenCases)
		}
		closed, err := s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 3, Status: ptr("closed")})
		if err != nil || closed.Satisfaction != 4 || closed.ResolvedAt == nil {
			t.Fatalf("close: %+v, %v", closed, err)
		}
		reopened, err := s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 4, Status: ptr("open")})
		if err != nil || reopened.Satisfaction != 0 || reopened.ResolvedAt != nil || reopened.Status != "open" {
			t.Fatalf("reopen: %+v, %v", reopened, err)
		}
		if same, err := s.UpdateCase(ctx, am1, valve.ID, kam.CaseUpdate{Version: 5, Subject: ptr("Leaking valve")}); err != nil || same.Version != 5 {
			t.Errorf("a change to nothing: %+v, %v", same, err)
		}
		stored, _ := s.FindCase(ctx, am1, valve.ID)
		if stored.Status != "open" || stored.Satisfaction != 0 || stored.ResolvedAt != nil || stored.Version != 5 {
			t.Errorf("stored %+v", stored)
		}

		// Delete and restore.
		wantCode(t, s.DeleteCase(ctx, am1, valve.ID, 4), kam.ESTALE)
		if err := s.DeleteCase(ctx, am1, valve.ID, 5); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindCase(ctx, am1, valve.ID)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.RestoreCase(ctx, am1, valve.ID)
		wantCode(t, err, kam.EFORBIDDEN)
		if back, err := s.RestoreCase(ctx, admin, valve.ID); err != nil || back.Version != 7 {
			t.Fatalf("restore: %+v, %v", back, err)
		}
		entries, err := s.FindAuditEntries(ctx, admin, "case", valve.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action+" "+e.Field)
		}
		got := strings.Join(actions, ", ")
		for _, want := range []string{"create subject", "update status", "update satisfaction", "update resolved_at", "delete subject", "restore subject"} {
			if !strings.Contains(got, want) {
				t.Errorf("audit of the case lacks %q: %s", want, got)
			}
		}
	})
}
