package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

func TestMovedText(t *testing.T) {
	for _, tc := range []struct {
		moved map[string]int
		want  string
	}{
		{nil, "Nothing"},
		{map[string]int{"orders": 1200, "external ids": 1, "contacts": 2}, "2 contacts, 1,200 orders, 1 external id"},
		{map[string]int{"opportunities": 1, "activities": 3, "account_plans": 1, "zebras": 2}, "1 opportunity, 3 activities, 1 account plan, 2 zebras"},
		{map[string]int{"child accounts": 1, "cases": 0}, "1 child account"},
	} {
		if got := movedText(tc.moved); got != tc.want {
			t.Errorf("movedText(%v) = %q, want %q", tc.moved, got, tc.want)
		}
	}
}

func TestViewPair(t *testing.T) {
	older := &kam.Account{ID: 3, Name: "Nordic Foods Group", Country: "FI", Domains: []string{"nordicfoods.example"},
		ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C-1"}}, Status: kam.StatusActive, CreatedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	newer := &kam.Account{ID: 9, Name: "Nordic Food Group", Country: "fi", Status: kam.StatusAtRisk}
	v := viewPair(&kam.DuplicatePair{ID: 4, Account: newer, Candidate: older, Score: 89})
	if v.Left != older || v.Right != newer {
		t.Fatalf("the older account is not on the left: %d, %d", v.Left.ID, v.Right.ID)
	}
	rows := map[string]compareRow{}
	for _, r := range v.Rows {
		rows[r.Label] = r
	}
	for label, want := range map[string]string{
		"Country": "FI|fi same", "Status": "Active|At risk", "Tier": "|", "Domains": "nordicfoods.example|", "External ids": "erp C-1|",
		"Created": "2024-05-01|0001-01-01", "Tax id": "|",
	} {
		r := rows[label]
		got := strings.Join(r.Left, ",") + "|" + strings.Join(r.Right, ",")
		if r.Same {
			got += " same"
		}
		if got != want {
			t.Errorf("%s: %q, want %q", label, got, want)
		}
	}
}

func TestOutcome(t *testing.T) {
	merges := []mergeView{
		{ID: 7, Merged: "Nordic Food Group", Survivor: "Nordic Foods Group", SurvivorURL: "/accounts/3", Moved: "2 contacts"},
		{ID: 6, Merged: "Acme", Survivor: "Account 2 (merged away since)", Moved: "Nothing", MergedURL: "/accounts/5", Undone: "2026-01-02 10:00 UTC"},
	}
	for query, want := range map[string]notice{
		"done=merged&merge=7":    {Text: "Merged Nordic Food Group into Nordic Foods Group, moving 2 contacts.", LinkText: "Open Nordic Foods Group", LinkURL: "/accounts/3", Undo: 7},
		"done=merged&merge=6":    {Text: "Merged Acme into Account 2 (merged away since)."},
		"done=merged&merge=99":   {Text: "The accounts were merged."},
		"done=merged&merge=x":    {Text: "The accounts were merged."},
		"done=undone&merge=6":    {Text: "Undid the merge: Acme is back with what it had.", LinkText: "Open Acme", LinkURL: "/accounts/5"},
		"done=scanned&queued=2":  {Text: "Scanned every account: 2 new pairs queued."},
		"done=scanned&queued=-1": {Text: "Scanned every account."},
		"done=dismissed":         {Text: "Dismissed: the two accounts stay apart and are not proposed again."},
	} {
		q, _ := url.ParseQuery(query)
		if got := outcome(q, merges); got == nil || *got != want {
			t.Errorf("%s: %+v, want %+v", query, got, want)
		}
	}
	for _, query := range []string{"", "done=", "done=deleted", "done=%3Cscript%3E"} {
		q, _ := url.ParseQuery(query)
		if got := outcome(q, merges); got != nil {
			t.Errorf("%s: %+v, want no notice", query, got)
		}
	}
}
