package insight

import (
	"slices"
	"testing"

	"github.com/kamhq/kam"
)

func TestStepsLateFlagsEachLateStep(t *testing.T) {
	asOf := on("2026-12-07")
	steps := []Milestone{
		{ID: 4, Title: "Data load", Checklist: "Implementation", Due: on("2026-12-06")},        // 1 day late
		{ID: 3, Title: "Kick-off", Checklist: "Key account onboarding", Due: on("2026-11-30")}, // a week late
		{ID: 5, Title: "Training", Checklist: "Implementation", Due: on("2026-12-07")},         // due today
		{Title: "Review", Checklist: "Implementation", Due: on("2026-12-01")},                  // not stored: by name
	}
	got := StepsLate(steps, asOf)
	want := []Flag{
		{Kind: OnboardingLate, Severity: SeverityHigh, Cause: "onboarding_late:3",
			Evidence: "Onboarding step 'Kick-off' of Key account onboarding is 7 days past its due date of 2026-11-30"},
		{Kind: OnboardingLate, Severity: SeverityMedium, Cause: "onboarding_late:4",
			Evidence: "Onboarding step 'Data load' of Implementation is 1 day past its due date of 2026-12-06"},
		{Kind: OnboardingLate, Severity: SeverityMedium, Cause: "onboarding_late:Implementation: Review",
			Evidence: "Onboarding step 'Review' of Implementation is 6 days past its due date of 2026-12-01"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// The account's flags carry them; a lost account raises none.
	h := &History{Status: kam.StatusActive, Tier: "core", Steps: steps}
	if n := len(slices.DeleteFunc(AccountFlags(h, asOf, AccountOptions{}), func(f Flag) bool { return f.Kind != OnboardingLate })); n != 3 {
		t.Errorf("the account's flags hold %d late steps, want 3", n)
	}
	h.Status = kam.StatusLost
	if flags := AccountFlags(h, asOf, AccountOptions{}); len(flags) != 0 {
		t.Errorf("a lost account raises %+v", flags)
	}
}
