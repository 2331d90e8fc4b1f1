package kam

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Every account is called on at a rhythm: its cadence, the most days that
// may pass between two contacts (a call, visit, meeting or email). Each
// tier has one (the cadence setting), and an account may have its own.

// SettingCadence is the key of the setting that holds the cadence of each
// tier.
const SettingCadence = "cadence"

// MaxCadenceDays is the longest cadence: a year, leap day included. Beyond
// it an account is not called on periodically at all.
const MaxCadenceDays = 366

// TierCadence is the cadence of each tier, in days. An untiered account
// takes the standard tier's.
type TierCadence map[string]int

// DefaultTierCadence is the cadence until an administrator sets one: key
// accounts every 2 weeks, strategic ones monthly, core ones every 2 months
// and the others quarterly.
func DefaultTierCadence() TierCadence {
	return TierCadence{"key": 14, "strategic": 30, "core": 60, "standard": 90}
}

// Days is the cadence of a tier; an unknown or empty tier takes the
// standard tier's.
func (tc TierCadence) Days(tier string) int {
	if d, ok := tc[tier]; ok && d > 0 {
		return d
	}
	if d, ok := tc["standard"]; ok && d > 0 {
		return d
	}
	return DefaultTierCadence()["standard"]
}

// CheckCadenceDays refuses a cadence of no days or of more than a year.
func CheckCadenceDays(field string, days int) error {
	if days < 1 || days > MaxCadenceDays {
		return FieldError(field, "A cadence is a whole number of days from 1 to %d, not %d.", MaxCadenceDays, days)
	}
	return nil
}

// ParseTierCadence reads the cadence setting, such as {"key": 7,
// "core": 45}: days by tier, 1 to 366; a tier left out keeps its default.
func ParseTierCadence(body []byte) (TierCadence, error) {
	tc := DefaultTierCadence()
	if len(body) == 0 {
		return tc, nil
	}
	var in map[string]json.RawMessage
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, FieldError("cadence", "The cadence is an object of days by tier, such as {\"key\": 14, \"core\": 60}.")
	}
	for tier, raw := range in {
		if !slices.Contains(Tiers, tier) {
			return nil, FieldError(tier, "There is no tier %q; the tiers are key, strategic, core and standard.", tier)
		}
		var days int
		if err := json.Unmarshal(raw, &days); err != nil {
			return nil, FieldError(tier, "The cadence of the %s tier is a whole number of days, not %s.", tier, raw)
		}
		if err := CheckCadenceDays(tier, days); err != nil {
			return nil, err
		}
		tc[tier] = days
	}
	return tc, nil
}

// AccountCadence is an account's contact rhythm as it stands: its tier's
// cadence, its own when set, the one that applies, and when it is next due.
type AccountCadence struct {
	AccountID int64  `json:"account_id"`
	Tier      string `json:"tier"`
	// TierDays is the cadence of the account's tier.
	TierDays int `json:"tier_days"`
	// Days is the account's own cadence; nil takes its tier's.
	Days *int `json:"days"`
	// EffectiveDays is the cadence that applies: Days, else TierDays.
	EffectiveDays int `json:"effective_days"`
	// LastContact is the latest call, visit, meeting or email; zero for none.
	LastContact Date `json:"last_contact,omitzero"`
	// NextDue is the day the next contact is due: the last one plus the
	// cadence, or today for an account never contacted.
	NextDue Date `json:"next_due"`
	// DaysLate is how many days past NextDue today is; 0 when not late.
	DaysLate int `json:"days_late"`
	// Version is the account's version, for If-Match.
	Version int64 `json:"version"`
}

// CadenceUpdate sets or clears an account's own cadence. Version is the
// account's version the change was made from.
type CadenceUpdate struct {
	Version int64
	// Days is the account's own cadence; nil goes back to its tier's.
	Days *int
}

// NextContactDue is the day a contact is next due after the last one at a
// cadence; an account never contacted is due on the day given as today.
func NextContactDue(last Date, cadence int, today Date) Date {
	if last.IsZero() {
		return today
	}
	return last.AddDays(cadence)
}

// CadenceLateness is how late the contacts of an account were against its
// cadence over a period: the days each gap between contacts ran past the
// cadence, the longest of them, and whether the account was ever late. The
// contacts are the days it was contacted, oldest first, up to the period's
// end; before is the latest contact before the period (zero for none) and
// since the day the account was first due (its creation), used when there
// was no contact before the period.
type CadenceLateness struct {
	// MaxDaysLate is the longest stretch past the cadence in the period:
	// from a due day to the contact that came late, or to the period's end.
	MaxDaysLate int `json:"max_days_late"`
	// LateNow is how late the account is at the period's end; 0 when a
	// contact is not yet due.
	LateNow int `json:"late_now"`
	// Contacts counts the contacts in the period.
	Contacts int `json:"contacts"`
}

// Lateness judges the contacts of a period [from, end] at a cadence: a due
// day that passes without a contact counts from the later of itself and
// the period's start, so that lateness before the period is not charged to
// it. Contacts outside the period are ignored but for before.
func Lateness(contacts []Date, before, since Date, cadence int, from, end Date) CadenceLateness {
	var out CadenceLateness
	due := since.AddDays(cadence)
	if !before.IsZero() {
		due = before.AddDays(cadence)
	}
	late := func(at Date) int {
		start := due
		if start.Before(from) {
			start = from
		}
		return max(0, start.DaysUntil(at))
	}
	for _, d := range contacts {
		if d.Before(from) || end.Before(d) {
			continue
		}
		out.Contacts++
		out.MaxDaysLate = max(out.MaxDaysLate, late(d))
		due = d.AddDays(cadence)
	}
	out.LateNow = late(end)
	out.MaxDaysLate = max(out.MaxDaysLate, out.LateNow)
	return out
}

// CadenceWords says a cadence in words, for evidence and pages.
func CadenceWords(days int) string {
	switch {
	case days == 7:
		return "weekly"
	case days == 14:
		return "every 2 weeks"
	case days%7 == 0 && days < 60:
		return fmt.Sprintf("every %d weeks", days/7)
	}
	return fmt.Sprintf("every %d days", days)
}
