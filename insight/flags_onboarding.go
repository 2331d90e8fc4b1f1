package insight

import (
	"fmt"
	"sort"

	"github.com/kamhq/kam"
)

// OnboardingLate is the kind of flag raised by an onboarding step past its
// due day and not done.
const OnboardingLate FlagKind = "onboarding_late"

// Milestone is one onboarding step not done by the day judged.
type Milestone struct {
	ID        int64 // the step's id; 0 when not stored
	Title     string
	Checklist string // the onboarding's name
	Due       kam.Date
}

// StepsLate flags each onboarding step whose due day is before the as-of
// day, one flag per step: high severity a week or more late, medium before.
func StepsLate(steps []Milestone, asOf kam.Date) []Flag {
	var out []Flag
	for _, st := range steps {
		if st.Due.IsZero() || !st.Due.Before(asOf) {
			continue
		}
		days := st.Due.DaysUntil(asOf)
		sev := SeverityMedium
		if days >= 7 {
			sev = SeverityHigh
		}
		late := "1 day"
		if days != 1 {
			late = fmt.Sprintf("%d days", days)
		}
		out = append(out, Flag{Kind: OnboardingLate, Severity: sev, Cause: causeOf(OnboardingLate, st.ID, st.Checklist+": "+st.Title),
			Evidence: fmt.Sprintf("Onboarding step '%s' of %s is %s past its due date of %s", st.Title, st.Checklist, late, st.Due)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cause < out[j].Cause })
	return out
}
