package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// checklistsPage is the data of the list of checklist templates.
type checklistsPage struct {
	layout
	Templates []*kam.ChecklistTemplate
	CanManage bool
	Notice    string
}

// checklistPage is the data of a template's form: a row per step and a few
// empty rows to add steps, without script.
type checklistPage struct {
	layout
	ID          int64
	Version     int64
	Name        string
	Description string
	Rows        []stepRow
	CanManage   bool
	Notice      string
	Error       string
	// BlankRows is how many empty rows the form offers for new steps.
	BlankRows int
}

// stepRow is one step's row of the form.
type stepRow struct {
	N        int
	Title    string
	Owners   []option
	TeamRole string
	Offset   string
	Depends  string
}

// blankStepRows is how many empty rows the form offers for new steps, after
// the steps saved: a save that uses them all gives as many more.
const blankStepRows = 5

// stepOwnerChoices are the owner roles as the form offers them.
var stepOwnerChoices = []option{{Value: kam.StepOwnerAccount, Label: kam.StepOwnerWords(kam.StepOwnerAccount, "")},
	{Value: kam.StepOwnerKAM, Label: kam.StepOwnerWords(kam.StepOwnerKAM, "")},
	{Value: kam.StepOwnerManager, Label: kam.StepOwnerWords(kam.StepOwnerManager, "")}, {Value: kam.StepOwnerTeam, Label: "Team member by role"}}

// newChecklistPage is the form for a template's values as given.
func newChecklistPage(title string, t *kam.ChecklistTemplate, canManage bool) *checklistPage {
	d := &checklistPage{layout: layout{Title: title, Nav: "admin", Tab: "checklists"}, ID: t.ID, Version: t.Version, Name: t.Name,
		Description: t.Description, CanManage: canManage, BlankRows: blankStepRows}
	for i, s := range t.Steps {
		d.Rows = append(d.Rows, stepRow{N: i + 1, Title: s.Title, Owners: selecting(stepOwnerChoices, s.Owner), TeamRole: s.TeamRole,
			Offset: strconv.Itoa(s.OffsetDays), Depends: strings.Join(s.DependsOn, ", ")})
	}
	if canManage {
		for range blankStepRows {
			d.Rows = append(d.Rows, stepRow{N: len(d.Rows) + 1, Owners: selecting(stepOwnerChoices, kam.StepOwnerAccount), Offset: "0"})
		}
	}
	return d
}

// readSteps reads the form's step rows; rows without a title are left out.
func readSteps(f url.Values) ([]kam.ChecklistStep, error) {
	titles, owners, roles, offsets, deps := f["step_title"], f["step_owner"], f["step_team_role"], f["step_offset"], f["step_depends"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	var out []kam.ChecklistStep
	for i := range titles {
		s := kam.ChecklistStep{Title: at(titles, i), Owner: at(owners, i), TeamRole: at(roles, i)}
		if s.Title == "" {
			continue
		}
		if s.Owner != kam.StepOwnerTeam {
			s.TeamRole = ""
		}
		if o := at(offsets, i); o != "" {
			n, err := strconv.Atoi(o)
			if err != nil {
				return nil, kam.FieldError("steps", "Step %q: the offset is a whole number of days, not %q.", s.Title, o)
			}
			s.OffsetDays = n
		}
		for d := range strings.SplitSeq(at(deps, i), ",") {
			if d = strings.TrimSpace(d); d != "" {
				s.DependsOn = append(s.DependsOn, d)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// Checklists serves GET /checklists: the checklist templates, with links
// to change them for administrators and directors.
func (a *App) Checklists(w http.ResponseWriter, r *http.Request) {
	list, err := a.st.FindChecklistTemplates(r.Context(), httpx.Principal(r.Context()))
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d := &checklistsPage{layout: layout{Title: "Checklists", Nav: "admin", Tab: "checklists"}, Templates: list,
		CanManage: canManageChecklists(currentUser(r.Context()))}
	if r.URL.Query().Get("saved") == "deleted" {
		d.Notice = "Checklist deleted; onboardings started from it go on."
	}
	a.render(w, r, http.StatusOK, "onboarding_templates", d)
}

// NewChecklist serves GET /checklists/new: the empty form.
func (a *App) NewChecklist(w http.ResponseWriter, r *http.Request) {
	if !canManageChecklists(currentUser(r.Context())) {
		a.Error(w, r, kam.Errorf(kam.EFORBIDDEN, "Only administrators and directors manage checklist templates."))
		return
	}
	a.render(w, r, http.StatusOK, "onboarding_template", newChecklistPage("New checklist", &kam.ChecklistTemplate{}, true))
}

// ChecklistView serves GET /checklists/{id}: the template's form, read
// only for those who do not manage templates.
func (a *App) ChecklistView(w http.ResponseWriter, r *http.Request) {
	id, _ := httpx.PathID(r, "id")
	t, err := a.st.FindChecklistTemplate(r.Context(), httpx.Principal(r.Context()), id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d := newChecklistPage(t.Name+" · Checklist", t, canManageChecklists(currentUser(r.Context())))
	if r.URL.Query().Get("saved") != "" {
		d.Notice = "Checklist saved."
	}
	a.render(w, r, http.StatusOK, "onboarding_template", d)
}

// SaveChecklist serves POST /checklists (a new template) and POST
// /checklists/{id} (a change): it saves and shows the template, or shows
// the form again with the reason and the values typed (a cycle among the
// steps named; a change made meanwhile by someone else refused, 409, with
// the template as it is now).
func (a *App) SaveChecklist(w http.ResponseWriter, r *http.Request) {
	if !a.readForm(w, r) {
		return
	}
	ctx, p, f := r.Context(), httpx.Principal(r.Context()), r.PostForm
	id, _ := httpx.PathID(r, "id")
	t := &kam.ChecklistTemplate{ID: id, Name: f.Get("name"), Description: f.Get("description")}
	t.Version, _ = strconv.ParseInt(f.Get("version"), 10, 64)
	steps, err := readSteps(f)
	t.Steps = steps
	if err == nil && id == 0 {
		err = a.st.CreateChecklistTemplate(ctx, p, t)
	} else if err == nil {
		_, err = a.st.UpdateChecklistTemplate(ctx, p, id, kam.ChecklistTemplateUpdate{Version: t.Version, Name: &t.Name,
			Description: &t.Description, Steps: &t.Steps})
	}
	code := kam.ErrorCode(err)
	switch code {
	case "":
		http.Redirect(w, r, "/checklists/"+strconv.FormatInt(t.ID, 10)+"?saved=1", http.StatusSeeOther)
		return
	case kam.EINVALID, kam.EFORBIDDEN:
	case kam.ESTALE:
		now, ferr := a.st.FindChecklistTemplate(ctx, p, id)
		if ferr != nil {
			a.Error(w, r, ferr)
			return
		}
		d := newChecklistPage(now.Name+" · Checklist", now, true)
		d.Error = "Someone else changed this checklist while you were editing it, and nothing was saved. " +
			"It is shown as it is now: make your change again."
		a.render(w, r, http.StatusConflict, "onboarding_template", d)
		return
	default:
		a.Error(w, r, err)
		return
	}
	d := newChecklistPage("Checklist", t, true)
	d.Error = kam.ErrorMessage(err)
	a.render(w, r, httpx.Status(code), "onboarding_template", d)
}

// DeleteChecklist serves POST /checklists/{id}/delete.
func (a *App) DeleteChecklist(w http.ResponseWriter, r *http.Request) {
	id, _ := httpx.PathID(r, "id")
	if !a.readForm(w, r) {
		return
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err := a.st.DeleteChecklistTemplate(r.Context(), httpx.Principal(r.Context()), id, version); err != nil {
		a.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/checklists?saved=deleted", http.StatusSeeOther)
}
