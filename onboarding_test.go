package kam

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestChecklistDependenciesScheduleAndProgress(t *testing.T) {
	// A diamond is no cycle: the review waits for both branches.
	tpl := &ChecklistTemplate{Name: "Diamond", Steps: []ChecklistStep{
		{Title: "Kick-off"},
		{Title: "Data load", OffsetDays: 2, DependsOn: []string{"Kick-off"}},
		{Title: "Training", OffsetDays: 1, DependsOn: []string{"kick-off"}},
		{Title: "Review", OffsetDays: 3, DependsOn: []string{"Data load", "Training"}},
	}}
	tpl.Normalize()
	if err := tpl.Validate(); err != nil {
		t.Fatalf("a diamond: %v", err)
	}
	start := NewDate(2026, time.December, 1)
	var due []string
	for _, d := range tpl.Schedule(start) {
		due = append(due, d.String())
	}
	// The review: its own day and the day after the data load are both the 4th.
	if want := []string{"2026-12-01", "2026-12-03", "2026-12-02", "2026-12-04"}; !slices.Equal(due, want) {
		t.Errorf("due %v, want %v", due, want)
	}
	tpl.Steps[3].OffsetDays = 0
	if got := tpl.Schedule(start)[3].String(); got != "2026-12-04" {
		t.Errorf("a step due before its dependencies is due the day after the last: %s", got)
	}
	// A cycle further down is named from where it starts.
	tpl.Steps[1].DependsOn = append(tpl.Steps[1].DependsOn, "Review")
	err := tpl.Validate()
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "Data load → Review → Data load") {
		t.Errorf("cycle: %v", err)
	}

	// Progress: done, dropped (left out), late, waiting, open.
	at := time.Date(2026, time.December, 2, 10, 0, 0, 0, time.UTC)
	o := &Onboarding{Steps: []OnboardingStep{
		{Position: 1, Due: start, DoneAt: &at},
		{Position: 2, Due: NewDate(2026, time.December, 3), DependsOn: []int{1}},
		{Position: 3, Due: NewDate(2026, time.December, 2), DependsOn: []int{1}, Dropped: true},
		{Position: 4, Due: NewDate(2026, time.December, 4), DependsOn: []int{2, 3}},
		{Position: 5, Due: NewDate(2026, time.December, 9)},
	}}
	o.Judge(NewDate(2026, time.December, 5))
	var states []string
	for _, s := range o.Steps {
		states = append(states, s.State)
	}
	if want := []string{StepDone, StepLate, StepDropped, StepLate, StepOpen}; !slices.Equal(states, want) {
		t.Errorf("states %v, want %v", states, want)
	}
	// Step 4 is late but waits for step 2: not next.
	if p := o.Progress; p.Done != 1 || p.Total != 4 || p.Late != 2 || !slices.Equal(p.Next, []int{2, 5}) || p.Finished {
		t.Errorf("progress %+v", p)
	}
}
