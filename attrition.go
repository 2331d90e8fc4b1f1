package kam

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Attrition: an account lost to a competitor or a closure is marked lost
// through its own action, which records why (a reason from the configured
// list, and words of one's own), to whom and when. A lost account can be
// planned for win-back and reactivated; every loss stays on record for the
// attrition report.

// SettingLostReasons is the key of the setting that lists the reasons an
// account may be lost for.
const SettingLostReasons = "lost_reasons"

// DefaultLostReasons are the reasons until an administrator sets a list.
func DefaultLostReasons() []string {
	return []string{"Price", "Service quality", "Product fit", "Lost to a competitor", "Relationship",
		"Budget cut", "Business closed", "Merged or acquired", "Other"}
}

// The bounds of the texts of a loss.
const (
	maxLostReasons    = 40
	maxReasonChars    = 80
	maxLossDetail     = 2000
	maxCompetitorName = 200
)

// ParseLostReasons reads the lost_reasons setting: a JSON array of 1 to 40
// distinct reasons of up to 80 characters each.
func ParseLostReasons(body []byte) ([]string, error) {
	if len(body) == 0 {
		return DefaultLostReasons(), nil
	}
	var in []string
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, FieldError("reasons", "The lost reasons are a JSON array of texts, such as [\"Price\", \"Service quality\"].")
	}
	var out []string
	for _, r := range in {
		r = strings.TrimSpace(r)
		switch {
		case r == "":
			return nil, FieldError("reasons", "A lost reason cannot be empty.")
		case utf8.RuneCountInString(r) > maxReasonChars:
			return nil, FieldError("reasons", "A lost reason has at most %d characters: %q is longer.", maxReasonChars, r)
		case slices.Contains(out, r):
			return nil, FieldError("reasons", "The reason %q is listed twice.", r)
		}
		out = append(out, r)
	}
	if len(out) == 0 || len(out) > maxLostReasons {
		return nil, FieldError("reasons", "List from 1 to %d lost reasons.", maxLostReasons)
	}
	return out, nil
}

// Loss is one loss of an account: when, why, to whom, what it was worth,
// and the win-back planned and achieved.
type Loss struct {
	ID        int64  `json:"id"`
	AccountID int64  `json:"account_id"`
	LostOn    Date   `json:"lost_on"`
	Reason    string `json:"reason"`
	// Detail is the reason in the user's own words.
	Detail     string `json:"detail"`
	Competitor string `json:"competitor"`
	// Revenue12M is the account's revenue in the 12 months up to the loss,
	// in Currency: what the loss cost.
	Revenue12M Money  `json:"revenue_12m"`
	Currency   string `json:"currency"`
	// WinBackOn is the day planned for a win-back attempt; WinBackTaskID
	// the task it gave the owner. Zero when none is planned.
	WinBackOn     Date   `json:"winback_on,omitzero"`
	WinBackNote   string `json:"winback_note"`
	WinBackTaskID int64  `json:"winback_task_id,omitempty"`
	// WonBackOn is the day the account was reactivated; zero while lost.
	WonBackOn  Date      `json:"won_back_on,omitzero"`
	RecordedBy int64     `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
}

// LossInput marks an account lost, or changes the record of the loss of an
// account lost already, and may plan its win-back. Version is the account's
// version the change was made from.
type LossInput struct {
	Version    int64
	Reason     string
	Detail     string
	Competitor string
	// LostOn is the day the account was lost; zero is today. It cannot be
	// in the future.
	LostOn Date
	// WinBackOn plans a win-back on that day with a task for the account's
	// owner; zero plans none (or keeps the one planned).
	WinBackOn   Date
	WinBackNote string
}

// Check trims the input and checks it against the configured reasons.
func (in *LossInput) Check(reasons []string, today Date) error {
	in.Reason, in.Detail = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Detail)
	in.Competitor, in.WinBackNote = strings.TrimSpace(in.Competitor), strings.TrimSpace(in.WinBackNote)
	switch {
	case in.Reason == "":
		return FieldError("reason", "Say why the account was lost: choose a reason.")
	case !slices.Contains(reasons, in.Reason):
		return FieldError("reason", "%q is not one of the lost reasons: %s.", in.Reason, strings.Join(reasons, ", "))
	case utf8.RuneCountInString(in.Detail) > maxLossDetail:
		return FieldError("detail", "The details have at most %d characters.", maxLossDetail)
	case utf8.RuneCountInString(in.Competitor) > maxCompetitorName:
		return FieldError("competitor", "A competitor's name has at most %d characters.", maxCompetitorName)
	case utf8.RuneCountInString(in.WinBackNote) > maxTitleChars:
		return FieldError("winback_note", "The win-back note has at most %d characters.", maxTitleChars)
	case !in.LostOn.IsZero() && today.Before(in.LostOn):
		return FieldError("lost_on", "An account is lost on a day that has come, not on %s.", in.LostOn)
	case !in.LostOn.IsZero() && in.LostOn.Before(today.AddDays(-10*365)):
		return FieldError("lost_on", "A loss more than ten years ago is history; give a later day.")
	case !in.WinBackOn.IsZero() && in.WinBackOn.Before(today):
		return FieldError("winback_on", "Plan the win-back for today or later, not %s.", in.WinBackOn)
	case !in.WinBackOn.IsZero() && today.AddDays(3*366).Before(in.WinBackOn):
		return FieldError("winback_on", "Plan the win-back within three years.")
	}
	return nil
}

// maxTitleChars bounds a win-back note, which becomes a task's title.
const maxTitleChars = 240

// Reactivation brings a lost account back: won back. Version is the
// account's version the change was made from.
type Reactivation struct {
	Version int64
	// Status is where the account comes back to: active (the default) or
	// onboarding.
	Status AccountStatus
}

// ReportPeriods are the periods the attrition and compliance reports run
// over: calendar months and fiscal quarters, as targets count them.
var ReportPeriods = []string{"month", "quarter"}

// ReportPeriod is the month or fiscal quarter of the calendar that holds a
// day: its first and last day and its key ("2026-03", "FY2027-Q1").
func (c FiscalCalendar) ReportPeriod(kind string, day Date) (Period, error) {
	switch PeriodKind(kind) {
	case PeriodMonth, PeriodQuarter:
		return c.At(PeriodKind(kind), day), nil
	}
	return Period{}, FieldError("period", "A period is a month or a quarter, not %q.", kind)
}
