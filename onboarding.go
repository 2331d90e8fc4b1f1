package kam

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Onboarding and implementation checklists: a template lists the steps of
// bringing an account on (a kick-off, a data load, a training), each with
// who does it by role, how many days after the start it is due, and the
// steps it waits for. Starting a template on an account makes a task per
// step; the step is done when its task is.

// The roles a checklist step's owner is found by, on the account it runs on.
const (
	StepOwnerAccount = "owner"   // the account's owner
	StepOwnerKAM     = "kam"     // the account's key account manager
	StepOwnerManager = "manager" // the account owner's manager
	StepOwnerTeam    = "team"    // the account-team member with TeamRole
)

// StepOwners lists the roles a step's owner is found by.
var StepOwners = []string{StepOwnerAccount, StepOwnerKAM, StepOwnerManager, StepOwnerTeam}

// StepOwnerWords names a step's owner role for people: "Account owner",
// "Key account manager", "Owner's manager" or "Team: Technical sales".
func StepOwnerWords(owner, teamRole string) string {
	switch owner {
	case StepOwnerAccount:
		return "Account owner"
	case StepOwnerKAM:
		return "Key account manager"
	case StepOwnerManager:
		return "Owner's manager"
	case StepOwnerTeam:
		return "Team: " + teamRole
	}
	return owner
}

// Limits of a checklist template.
const (
	MaxChecklistSteps  = 100
	MaxStepOffsetDays  = 3650
	maxChecklistTitle  = 200
	maxChecklistDetail = 5000
)

// ChecklistStep is one step of a checklist template. DependsOn names the
// steps it waits for by their titles.
type ChecklistStep struct {
	Title      string   `json:"title"`
	Owner      string   `json:"owner"`
	TeamRole   string   `json:"team_role,omitempty"`
	OffsetDays int      `json:"offset_days"`
	DependsOn  []string `json:"depends_on,omitempty"`
}

// ChecklistTemplate is an onboarding or implementation checklist that can
// be started on accounts. Administrators and directors manage templates.
type ChecklistTemplate struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Steps       []ChecklistStep `json:"steps"`
	Version     int64           `json:"version"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// ChecklistTemplateUpdate is a change to a template: fields left nil keep
// their value; Steps, when given, replace every step. Version is the
// version the change was made from.
type ChecklistTemplateUpdate struct {
	Version     int64
	Name        *string
	Description *string
	Steps       *[]ChecklistStep
}

// Normalize trims the template's texts.
func (t *ChecklistTemplate) Normalize() {
	t.Name = strings.TrimSpace(t.Name)
	t.Description = strings.TrimSpace(t.Description)
	for i := range t.Steps {
		s := &t.Steps[i]
		s.Title, s.Owner, s.TeamRole = strings.TrimSpace(s.Title), strings.TrimSpace(s.Owner), strings.TrimSpace(s.TeamRole)
		for j := range s.DependsOn {
			s.DependsOn[j] = strings.TrimSpace(s.DependsOn[j])
		}
		if s.Owner == "" {
			s.Owner = StepOwnerAccount
		}
	}
}

// Validate checks a template: a name, one to a hundred steps with titles
// unique in it, a known owner role (team needs the team role), offsets of
// 0 to 3650 days, dependencies on other steps of the template, and no
// cycle among them. A cycle is named: "Kick-off → Data load → Kick-off".
func (t *ChecklistTemplate) Validate() error {
	switch {
	case t.Name == "":
		return FieldError("name", "A checklist needs a name.")
	case utf8.RuneCountInString(t.Name) > maxChecklistTitle:
		return FieldError("name", "A name has at most %d characters.", maxChecklistTitle)
	case len(t.Description) > maxChecklistDetail:
		return FieldError("description", "A description has at most %d characters.", maxChecklistDetail)
	case len(t.Steps) == 0:
		return FieldError("steps", "A checklist needs at least one step.")
	case len(t.Steps) > MaxChecklistSteps:
		return FieldError("steps", "A checklist has at most %d steps.", MaxChecklistSteps)
	}
	index := map[string]int{}
	for i, s := range t.Steps {
		key := strings.ToLower(s.Title)
		switch {
		case s.Title == "":
			return FieldError("steps", "Step %d needs a title.", i+1)
		case utf8.RuneCountInString(s.Title) > maxChecklistTitle:
			return FieldError("steps", "Step %d: a title has at most %d characters.", i+1, maxChecklistTitle)
		case index[key] != 0:
			return FieldError("steps", "Two steps are called %q; give each step its own title.", s.Title)
		case !slices.Contains(StepOwners, s.Owner):
			return FieldError("steps", "Step %q: the owner is one of owner, kam, manager or team, not %q.", s.Title, s.Owner)
		case s.Owner == StepOwnerTeam && s.TeamRole == "":
			return FieldError("steps", "Step %q: say which account-team role owns it.", s.Title)
		case s.Owner != StepOwnerTeam && s.TeamRole != "":
			return FieldError("steps", "Step %q: a team role goes with the owner team only.", s.Title)
		case utf8.RuneCountInString(s.TeamRole) > maxChecklistTitle:
			return FieldError("steps", "Step %q: a team role has at most %d characters.", s.Title, maxChecklistTitle)
		case s.OffsetDays < 0 || s.OffsetDays > MaxStepOffsetDays:
			return FieldError("steps", "Step %q: the offset is 0 to %d days from the start.", s.Title, MaxStepOffsetDays)
		}
		index[key] = i + 1
	}
	for _, s := range t.Steps {
		for _, d := range s.DependsOn {
			switch n := index[strings.ToLower(d)]; {
			case n == 0:
				return FieldError("steps", "Step %q waits for %q, which is not a step of this checklist.", s.Title, d)
			case strings.EqualFold(d, s.Title):
				return FieldError("steps", "Step %q cannot wait for itself.", s.Title)
			}
		}
	}
	if cycle := t.dependencyCycle(index); cycle != nil {
		return FieldError("steps", "The steps wait for each other in a circle, so none could ever start: %s. Remove one of these dependencies.",
			strings.Join(cycle, " → "))
	}
	return nil
}

// Dependencies returns, for each step, the positions of the steps it waits
// for, in the order named. The template must be valid.
func (t *ChecklistTemplate) Dependencies() [][]int {
	index := map[string]int{}
	for i, s := range t.Steps {
		index[strings.ToLower(s.Title)] = i
	}
	out := make([][]int, len(t.Steps))
	for i, s := range t.Steps {
		for _, d := range s.DependsOn {
			if j, ok := index[strings.ToLower(d)]; ok && !slices.Contains(out[i], j) {
				out[i] = append(out[i], j)
			}
		}
	}
	return out
}

// dependencyCycle returns the titles along the first cycle of dependencies
// found, the first title repeated at the end, or nil. index maps a lower-case
// title to its position plus one.
func (t *ChecklistTemplate) dependencyCycle(index map[string]int) []string {
	const (
		unseen = iota
		onPath
		finished
	)
	state := make([]int, len(t.Steps))
	var path []int
	var visit func(i int) []string
	visit = func(i int) []string {
		state[i] = onPath
		path = append(path, i)
		for _, d := range t.Steps[i].DependsOn {
			j := index[strings.ToLower(d)] - 1
			switch state[j] {
			case onPath:
				start := slices.Index(path, j)
				var titles []string
				for _, k := range path[start:] {
					titles = append(titles, t.Steps[k].Title)
				}
				return append(titles, t.Steps[j].Title)
			case unseen:
				if c := visit(j); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[i] = finished
		return nil
	}
	for i := range t.Steps {
		if state[i] == unseen {
			if c := visit(i); c != nil {
				return c
			}
		}
	}
	return nil
}

// Schedule returns each step's due day for a start day: the start plus the
// step's offset, but never before the day after the latest due day of the
// steps it waits for. The template must be valid (no cycle).
func (t *ChecklistTemplate) Schedule(start Date) []Date {
	deps := t.Dependencies()
	due := make([]Date, len(t.Steps))
	var place func(i int) Date
	place = func(i int) Date {
		if !due[i].IsZero() {
			return due[i]
		}
		d := start.AddDays(t.Steps[i].OffsetDays)
		for _, j := range deps[i] {
			if after := place(j).AddDays(1); d.Before(after) {
				d = after
			}
		}
		due[i] = d
		return d
	}
	for i := range t.Steps {
		place(i)
	}
	return due
}

// Onboarding is a checklist template started on an account: its steps as
// the template had them then, each with its task.
type Onboarding struct {
	ID              int64            `json:"id"`
	AccountID       int64            `json:"account_id"`
	AccountName     string           `json:"account_name"`
	TemplateID      int64            `json:"template_id"`
	TemplateVersion int64            `json:"template_version"`
	Name            string           `json:"name"`
	Start           Date             `json:"start"`
	StartedBy       int64            `json:"started_by,omitempty"`
	CreatedAt       time.Time        `json:"created_at"`
	Version         int64            `json:"version"`
	Steps           []OnboardingStep `json:"steps"`
	Progress        StepProgress     `json:"progress"`
}

// The states of an onboarding step on a day.
const (
	StepDone    = "done"    // its task is done
	StepDropped = "dropped" // its task was deleted: it no longer counts
	StepLate    = "late"    // not done, past its due day
	StepWaiting = "waiting" // a step it waits for is not done
	StepOpen    = "open"    // can be done now
)

// OnboardingStep is one step of an onboarding. Position counts from 1;
// DependsOn holds the positions of the steps it waits for.
type OnboardingStep struct {
	ID           int64      `json:"id"`
	Position     int        `json:"position"`
	Title        string     `json:"title"`
	Owner        string     `json:"owner"`
	TeamRole     string     `json:"team_role,omitempty"`
	OffsetDays   int        `json:"offset_days"`
	DependsOn    []int      `json:"depends_on"`
	Due          Date       `json:"due"`
	TaskID       int64      `json:"task_id"`
	AssigneeID   int64      `json:"assignee_id"`
	AssigneeName string     `json:"assignee_name,omitempty"`
	DoneAt       *time.Time `json:"done_at,omitempty"`
	Dropped      bool       `json:"-"`
	// State is done, dropped, late, waiting or open on the day read.
	State string `json:"state"`
}

// StepProgress is how far an onboarding is: steps done of those that
// count (dropped ones do not), how many are late, and the positions of the
// next steps to do (not waiting for another), the earliest due first.
type StepProgress struct {
	Done     int   `json:"done"`
	Total    int   `json:"total"`
	Late     int   `json:"late"`
	Next     []int `json:"next"`
	Finished bool  `json:"finished"`
}

// OwnerWords names the step's owner role for people.
func (s OnboardingStep) OwnerWords() string { return StepOwnerWords(s.Owner, s.TeamRole) }

// Judge sets each step's state and the progress as of a day.
func (o *Onboarding) Judge(today Date) {
	done := map[int]bool{}
	for _, s := range o.Steps {
		done[s.Position] = s.DoneAt != nil || s.Dropped
	}
	p := StepProgress{Next: []int{}}
	var next []OnboardingStep
	for i := range o.Steps {
		s := &o.Steps[i]
		switch {
		case s.Dropped:
			s.State = StepDropped
			continue
		case s.DoneAt != nil:
			s.State = StepDone
			p.Done++
		case s.Due.Before(today):
			s.State = StepLate
			p.Late++
		case slices.ContainsFunc(s.DependsOn, func(d int) bool { return !done[d] }):
			s.State = StepWaiting
		default:
			s.State = StepOpen
		}
		p.Total++
		if s.State == StepOpen || (s.State == StepLate && !slices.ContainsFunc(s.DependsOn, func(d int) bool { return !done[d] })) {
			next = append(next, *s)
		}
	}
	slices.SortStableFunc(next, func(a, b OnboardingStep) int { return a.Due.t.Compare(b.Due.t) })
	for _, s := range next {
		p.Next = append(p.Next, s.Position)
	}
	p.Finished = p.Done == p.Total
	o.Progress = p
}
