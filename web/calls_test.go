package web

import (
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// A group of the call plan shows its first callGroupRows accounts and says
// how many more there are, unless all are asked for.
func TestCallGroupsCutLongGroups(t *testing.T) {
	overdue := make([]store.CallDue, callGroupRows+7)
	plan := &store.CallPlan{Overdue: overdue, Weeks: []store.CallWeek{{Start: kam.NewDate(2026, 12, 7), Calls: overdue[:3]}}}
	cut := callGroups(plan, false, "/calls?all=1")
	if len(cut) != 2 || len(cut[0].Calls) != callGroupRows || cut[0].More != 7 || cut[0].Total != callGroupRows+7 || cut[0].AllLink != "/calls?all=1" {
		t.Errorf("overdue cut: %d shown, %d more, %d in all", len(cut[0].Calls), cut[0].More, cut[0].Total)
	}
	if len(cut[1].Calls) != 3 || cut[1].More != 0 {
		t.Errorf("a short week: %d shown, %d more", len(cut[1].Calls), cut[1].More)
	}
	if all := callGroups(plan, true, ""); len(all[0].Calls) != callGroupRows+7 || all[0].More != 0 {
		t.Errorf("all asked for: %d shown, %d more", len(all[0].Calls), all[0].More)
	}
}
