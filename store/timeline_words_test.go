package store

import "testing"

func TestDescribeChangeInWords(t *testing.T) {
	for _, tc := range []struct{ action, field, old, new, what, detail string }{
		{"update", "status", "active", "lost", "Status changed", "Active → Lost"},
		{"update", "tier", "", "key", "Tier changed", "— → Key"},
		{"update", "name", "acme ltd", "Acme Ltd", "Name changed", "acme ltd → Acme Ltd"},
		{"update", "cadence_days", "", "7", "Contact cadence (days) changed", "— → 7"},
		{"lose", "winback_on", "", "2027-03-01", "Win-back planned for changed", "— → 2027-03-01"},
		{"add_task", "task 228", "", "Win back Acme", "Task added", "Win back Acme"},
		{"complete_task", "task 228", "", "done", "Task done", ""},
		{"campaign", `campaign "New valve" status`, "to_present", "won", `Campaign "New valve" status changed`, "To present → Won"},
		{"log_activity", "", "", "", "Log activity", ""},
	} {
		what, detail := describeChange(tc.action, tc.field, tc.old, tc.new)
		if what != tc.what || detail != tc.detail {
			t.Errorf("%s %s: %q, %q; want %q, %q", tc.action, tc.field, what, detail, tc.what, tc.detail)
		}
	}
}
