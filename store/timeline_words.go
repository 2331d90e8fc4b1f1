package store

import (
	"regexp"
	"strings"
)

// The account timeline tells each audited change in words a user reads,
// not in the audit log's column names and codes.

// changeFieldNames name the audited fields whose column name reads badly.
var changeFieldNames = map[string]string{
	"cadence_days":    "Contact cadence (days)",
	"winback_on":      "Win-back planned for",
	"lost_at":         "Lost on",
	"won_back_on":     "Won back on",
	"lost_reason":     "Reason lost",
	"lost_competitor": "Lost to",
	"owner_id":        "Owner",
	"parent_id":       "Parent account",
	"org_unit_id":     "Org unit",
	"tax_id":          "Tax id",
	"merged_account":  "Merged account",
}

// codeFields hold codes (active, to_present, key_account) rather than
// text someone typed: their values are shown as words.
var codeFields = map[string]bool{"status": true, "tier": true, "stage": true, "kind": true, "severity": true,
	"rating": true, "buying_role": true, "outcome": true, "relational_stage": true}

// recordActions are the actions on a record of the account that the audit
// log files under the account, with the record in the field ("task 228").
var recordActions = map[string]string{
	"add_task": "Task added", "update_task": "Task changed", "complete_task": "Task done", "delete_task": "Task deleted",
	"restore_task": "Task restored", "add_opportunity": "Opportunity added", "flag_acknowledged": "Flag acknowledged",
	"flag_dismissed": "Flag dismissed", "flag_open": "Flag reopened", "flag_resolved": "Flag resolved",
}

// recordField is a field naming a record: "task 228", "flag 17".
var recordField = regexp.MustCompile(`^[a-z]+ \d+$`)

// describeChange says what an audited change of an account was and its
// detail: "Status changed", "Active → Lost"; "Task added", "Win back Acme".
func describeChange(action, field, old, new string) (what, detail string) {
	if field == "" {
		return words(action), ""
	}
	if recordField.MatchString(field) {
		what = recordActions[action]
		if what == "" {
			what = capitalised(field) + " changed"
		}
		if new == "done" {
			new = ""
		}
		return what, joinNonEmpty(" → ", old, new)
	}
	label, ok := changeFieldNames[field]
	if !ok {
		label = words(field)
	}
	// A campaign item's status comes as `campaign "New valve" status`.
	if i := strings.LastIndex(field, " "); i > 0 && codeFields[field[i+1:]] {
		label, field = capitalised(field[:i])+" "+field[i+1:], field[i+1:]
	}
	if codeFields[field] {
		old, new = words(old), words(new)
	}
	return label + " changed", joinNonEmpty(" → ", orDash(old), orDash(new))
}

// words turns a code into words: "to_present" → "To present".
func words(code string) string {
	return capitalised(strings.ReplaceAll(code, "_", " "))
}
