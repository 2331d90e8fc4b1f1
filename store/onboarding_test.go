package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// onboardingSteps is a template's steps with every kind of owner: due days
// and owners are worked out by hand in the test below.
func onboardingSteps() []kam.ChecklistStep {
	return []kam.ChecklistStep{
		{Title: "Kick-off", Owner: kam.StepOwnerAccount},
		{Title: "Data load", Owner: kam.StepOwnerTeam, TeamRole: "technical sales", OffsetDays: 7, DependsOn: []string{"Kick-off"}},
		{Title: "Training", Owner: kam.StepOwnerKAM, OffsetDays: 3, DependsOn: []string{"data load"}},
		{Title: "Review", Owner: kam.StepOwnerManager, OffsetDays: 14, DependsOn: []string{"Training", "Data load"}},
		{Title: "Welcome pack", Owner: kam.StepOwnerTeam, TeamRole: "Logistics", OffsetDays: 2},
	}
}

// lateSteps lists the evidence of an account's open onboarding_late flags.
func lateSteps(t *testing.T, s *store.Store, p *kam.Principal, accountID int64) []string {
	t.Helper()
	flags, err := s.FindAccountFlags(context.Background(), p, accountID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range flags {
		if f.Kind == string(insight.OnboardingLate) && (f.State == "open" || f.State == "acknowledged") {
			out = append(out, f.Evidence)
		}
	}
	slices.Sort(out)
	return out
}

func TestChecklistTemplatesRefuseCyclesNamingThemAndStaleEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin, director, am1 := principal(t, s, o.admin), principal(t, s, o.director), principal(t, s, o.am1)

		cyclic := &kam.ChecklistTemplate{Name: "Loop", Steps: []kam.ChecklistStep{
			{Title: "Kick-off", DependsOn: []string{"Data load"}}, {Title: "Data load", DependsOn: []string{"Kick-off"}}}}
		err := s.CreateChecklistTemplate(ctx, admin, cyclic)
		wantCode(t, err, kam.EINVALID)
		if !strings.Contains(kam.ErrorMessage(err), "Kick-off → Data load → Kick-off") {
			t.Errorf("the cycle is not named: %s", kam.ErrorMessage(err))
		}
		if list, _ := s.FindChecklistTemplates(ctx, admin); len(list) != 0 {
			t.Fatalf("a refused template was saved: %+v", list)
		}
		wantCode(t, s.CreateChecklistTemplate(ctx, am1, &kam.ChecklistTemplate{Name: "Mine", Steps: onboardingSteps()}), kam.EFORBIDDEN)

		tpl := &kam.ChecklistTemplate{Name: " Key account onboarding ", Steps: onboardingSteps()}
		if err := s.CreateChecklistTemplate(ctx, director, tpl); err != nil || tpl.Version != 1 || tpl.Name != "Key account onboarding" {
			t.Fatalf("create: %+v, %v", tpl, err)
		}
		// A longer cycle through an edit: refused, named, nothing changed.
		looped := onboardingSteps()
		looped[0].DependsOn = []string{"Review"}
		_, err = s.UpdateChecklistTemplate(ctx, admin, tpl.ID, kam.ChecklistTemplateUpdate{Version: 1, Steps: &looped})
		wantCode(t, err, kam.EINVALID)
		if msg := kam.ErrorMessage(err); !strings.Contains(msg, "Kick-off → Review → Training → Data load → Kick-off") {
			t.Errorf("the cycle is not named: %s", msg)
		}
		if now, _ := s.FindChecklistTemplate(ctx, am1, tpl.ID); now.Version != 1 || len(now.Steps[0].DependsOn) != 0 {
			t.Errorf("a refused edit changed the template: %+v", now)
		}
		// A stale edit is refused; a current one saves a new version.
		_, err = s.UpdateChecklistTemplate(ctx, admin, tpl.ID, kam.ChecklistTemplateUpdate{Version: 3, Name: ptr("X")})
		wantCode(t, err, kam.ESTALE)
		renamed, err := s.UpdateChecklistTemplate(ctx, admin, tpl.ID, kam.ChecklistTemplateUpdate{Version: 1, Name: ptr("Key account onboarding v2")})
		if err != nil || renamed.Version != 2 || renamed.Name != "Key account onboarding v2" {
			t.Fatalf("rename: %+v, %v", renamed, err)
		}
		for _, bad := range [][]kam.ChecklistStep{
			{{Title: "A"}, {Title: "a"}},
			{{Title: "A", DependsOn: []string{"B"}}},
			{{Title: "A", DependsOn: []string{"A"}}},
			{{Title: "A", Owner: kam.StepOwnerTeam}},
			{{Title: "A", Owner: "boss"}},
			{{Title: "A", OffsetDays: -1}},
		} {
			wantCode(t, s.CreateChecklistTemplate(ctx, admin, &kam.ChecklistTemplate{Name: "Bad", Steps: bad}), kam.EINVALID)
		}
		wantCode(t, s.DeleteChecklistTemplate(ctx, admin, tpl.ID, 1), kam.ESTALE)
		if err := s.DeleteChecklistTemplate(ctx, admin, tpl.ID, 2); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindChecklistTemplate(ctx, admin, tpl.ID)
		wantCode(t, err, kam.ENOTFOUND)
	})
}

func TestOnboardingMakesTasksByRoleFlagsLateStepsAndIsScoped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		sys, admin := kam.System(), principal(t, s, o.admin)
		// am1's manager is the UK director; on Alpha, kam1 is on the team as technical sales.
		u, err := s.FindUserByID(ctx, o.am1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateUser(ctx, sys, o.am1.ID, kam.UserUpdate{UpdatedAt: u.UpdatedAt, ManagerID: &o.director.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.Load(ctx, sys, func(l *store.Loader) error { return l.TeamMember(o.a1.ID, o.kam.ID, "Technical Sales", "read") }); err != nil {
			t.Fatal(err)
		}
		am1, am2, director, viewer := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.director), principal(t, s, o.view)
		now := time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		s.Insights = portfolio.Compute(portfolio.Options{})
		tpl := &kam.ChecklistTemplate{Name: "Key account onboarding", Steps: onboardingSteps()}
		if err := s.CreateChecklistTemplate(ctx, admin, tpl); err != nil {
			t.Fatal(err)
		}

		ob, err := s.StartOnboarding(ctx, am1, o.a1.ID, tpl.ID, kam.Date{})
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			due   string
			owner int64
			deps  []int
		}{
			{"2026-12-01", o.am1.ID, []int{}},          // the start
			{"2026-12-08", o.kam.ID, []int{1}},         // day 7, the team's technical sales
			{"2026-12-09", o.kam.ID, []int{2}},         // day 3, but after the data load: kam1 is the KAM on the team
			{"2026-12-15", o.director.ID, []int{3, 2}}, // day 14, after both: am1's manager
			{"2026-12-03", o.am1.ID, []int{}},          // day 2; no logistics on the team: the owner
		}
		if ob.Start.String() != "2026-12-01" || len(ob.Steps) != len(want) {
			t.Fatalf("onboarding %+v", ob)
		}
		for i, w := range want {
			st := ob.Steps[i]
			if st.Due.String() != w.due || st.AssigneeID != w.owner || !slices.Equal(st.DependsOn, w.deps) || st.TaskID == 0 {
				t.Errorf("step %d %q: due %s, owner %d, deps %v; want %s, %d, %v", st.Position, st.Title, st.Due, st.AssigneeID, st.DependsOn, w.due, w.owner, w.deps)
			}
		}
		tasks, err := s.FindTasks(ctx, admin, store.TaskFilter{AccountID: o.a1.ID})
		if err != nil || len(tasks) != 5 || tasks[0].Title != "Kick-off (Key account onboarding)" || tasks[0].Due.String() != "2026-12-01" {
			t.Fatalf("tasks %+v, %v", tasks, err)
		}
		if p := ob.Progress; p.Done != 0 || p.Total != 5 || p.Late != 0 || !slices.Equal(p.Next, []int{1, 5}) {
			t.Errorf("progress at the start %+v; want next kick-off and the welcome pack", p)
		}

		// Refusals: twice at once, out of scope, read only.
		_, err = s.StartOnboarding(ctx, am1, o.a1.ID, tpl.ID, kam.Date{})
		wantCode(t, err, kam.ECONFLICT)
		_, err = s.StartOnboarding(ctx, am2, o.a1.ID, tpl.ID, kam.Date{})
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.StartOnboarding(ctx, viewer, o.a2.ID, tpl.ID, kam.Date{})
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.FindOnboarding(ctx, am2, ob.ID)
		wantCode(t, err, kam.ENOTFOUND)
		if list, _ := s.FindOnboardings(ctx, am2, store.OnboardingFilter{}); len(list) != 0 {
			t.Errorf("am2 sees am1's onboardings: %+v", list)
		}
		if list, _ := s.FindOnboardings(ctx, director, store.OnboardingFilter{Running: true}); len(list) != 1 {
			t.Errorf("the UK director sees %d running onboardings; want 1", len(list))
		}

		// Four days on, the kick-off and the welcome pack are late: a flag each.
		now = now.AddDate(0, 0, 4)
		if _, err := s.Recompute(ctx, kam.DateOf(now), s.Insights); err != nil {
			t.Fatal(err)
		}
		flags := lateSteps(t, s, am1, o.a1.ID)
		if len(flags) != 2 || flags[0] != "Onboarding step 'Kick-off' of Key account onboarding is 4 days past its due date of 2026-12-01" ||
			!strings.Contains(flags[1], "'Welcome pack' of Key account onboarding is 2 days past") {
			t.Fatalf("late flags: %q", flags)
		}
		if late, _ := s.FindOnboardings(ctx, am1, store.OnboardingFilter{Late: true}); len(late) != 1 || late[0].Progress.Late != 2 {
			t.Errorf("late onboardings: %+v", late)
		}
		// Done: the step's flag is resolved at once.
		ob, err = s.CompleteOnboardingStep(ctx, am1, ob.Steps[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if p := ob.Progress; p.Done != 1 || p.Late != 1 || !slices.Equal(p.Next, []int{5, 2}) || ob.Steps[0].State != kam.StepDone ||
			ob.Steps[2].State != kam.StepWaiting {
			t.Errorf("after the kick-off: %+v, steps %+v", p, ob.Steps)
		}
		if flags := lateSteps(t, s, am1, o.a1.ID); len(flags) != 1 || !strings.Contains(flags[0], "Welcome pack") {
			t.Errorf("after the kick-off, flags %q", flags)
		}
		// Completing the step's task anywhere (My day, the API) completes
		// the step and resolves its flag at once, without a recompute.
		if err := s.CompleteTask(ctx, am1, ob.Steps[4].TaskID); err != nil {
			t.Fatal(err)
		}
		if flags := lateSteps(t, s, am1, o.a1.ID); len(flags) != 0 {
			t.Errorf("flags after both late steps were done: %q", flags)
		}
		if ob, _ = s.FindOnboarding(ctx, am1, ob.ID); ob.Progress.Done != 2 || ob.Steps[4].State != kam.StepDone {
			t.Errorf("the welcome pack's task is done but the step is %s", ob.Steps[4].State)
		}
		_, err = s.CompleteOnboardingStep(ctx, am2, ob.Steps[1].ID)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.CompleteOnboardingStep(ctx, am1, 999999)
		wantCode(t, err, kam.ENOTFOUND)

		// Cancelled: stale refused; then gone with its open tasks.
		wantCode(t, s.CancelOnboarding(ctx, am1, ob.ID, 5), kam.ESTALE)
		wantCode(t, s.CancelOnboarding(ctx, viewer, ob.ID, 0), kam.ENOTFOUND)
		if err := s.CancelOnboarding(ctx, am1, ob.ID, ob.Version); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindOnboarding(ctx, am1, ob.ID)
		wantCode(t, err, kam.ENOTFOUND)
		if tasks, _ := s.FindTasks(ctx, admin, store.TaskFilter{AccountID: o.a1.ID}); len(tasks) != 0 {
			t.Errorf("a cancelled onboarding left open tasks: %+v", tasks)
		}
		if _, err := s.StartOnboarding(ctx, am1, o.a1.ID, tpl.ID, kam.NewDate(2026, 12, 10)); err != nil {
			t.Errorf("start again after cancelling: %v", err)
		}
	})
}
