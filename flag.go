package kam

import (
	"slices"
	"time"
)

// FlagStates are the states of a change flag: open until someone looks at it
// (acknowledged), it passes by itself (resolved), or someone dismisses it
// with a reason.
var FlagStates = []string{"open", "acknowledged", "resolved", "dismissed"}

// AccountFlag is a stored change flag on an account: one open flag per
// cause, with its evidence in words and figures.
type AccountFlag struct {
	ID          int64     `json:"id"`
	AccountID   int64     `json:"account_id"`
	AccountName string    `json:"account_name,omitempty"`
	Kind        string    `json:"kind"`
	Cause       string    `json:"cause"`
	Severity    string    `json:"severity"`
	Evidence    string    `json:"evidence"`
	State       string    `json:"state"`
	Reason      string    `json:"reason,omitempty"`
	RaisedAt    time.Time `json:"raised_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// CanEdit tells whether the reader may change the flag's state: the
	// account is theirs to edit, not only to view.
	CanEdit bool `json:"can_edit"`
}

// ValidFlagState reports whether s is a flag state.
func ValidFlagState(s string) bool { return slices.Contains(FlagStates, s) }
