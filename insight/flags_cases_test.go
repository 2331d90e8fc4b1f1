package insight

import (
	"testing"

	"github.com/kamhq/kam"
)

func TestCasesOverdueFlagsEachLateCase(t *testing.T) {
	asOf := on("2026-12-07")
	cases := []Issue{
		{ID: 1, Subject: "Leaking valve", Severity: "high", Due: on("2026-12-04")},  // 3 days late
		{ID: 2, Subject: "Invoice query", Severity: "low", Due: on("2026-12-06")},   // 1 day late
		{ID: 3, Subject: "Late pallets", Severity: "medium", Due: on("2026-11-30")}, // 7 days late
		{ID: 4, Subject: "Due today", Severity: "critical", Due: on("2026-12-07")},  // not yet late
		{ID: 5, Subject: "Due later", Severity: "medium", Due: on("2026-12-20")},    // not yet late
		{ID: 6, Subject: "No due day", Severity: "critical"},                        // imported without one
		{Subject: "From a file", Severity: "medium", Due: on("2026-12-05")},         // not stored: caused by name
	}
	got := CasesOverdue(cases, asOf)
	want := []Flag{
		{Kind: CaseOverdue, Severity: SeverityHigh, Cause: "case_overdue:1",
			Evidence: "Case 'Leaking valve' (high) is 3 days past its due date of 2026-12-04"},
		{Kind: CaseOverdue, Severity: SeverityLow, Cause: "case_overdue:2",
			Evidence: "Case 'Invoice query' (low) is 1 day past its due date of 2026-12-06"},
		{Kind: CaseOverdue, Severity: SeverityHigh, Cause: "case_overdue:3",
			Evidence: "Case 'Late pallets' (medium) is 7 days past its due date of 2026-11-30"},
		{Kind: CaseOverdue, Severity: SeverityMedium, Cause: "case_overdue:From a file",
			Evidence: "Case 'From a file' (medium) is 2 days past its due date of 2026-12-05"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d flags, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("flag %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// The account's flags carry them; a lost account raises none.
	h := &History{Status: kam.StatusActive, Tier: "core", Cases: cases[:1], Contacted: map[string]kam.Date{"call": asOf}}
	if flags := AccountFlags(h, asOf, AccountOptions{}); len(flags) != 1 || flags[0].Kind != CaseOverdue {
		t.Errorf("account flags = %+v, want the overdue case", flags)
	}
	h.Status = kam.StatusLost
	if flags := AccountFlags(h, asOf, AccountOptions{}); len(flags) != 0 {
		t.Errorf("a lost account raised %+v", flags)
	}
}
