package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// planPage is the data of a plan's page: the plan section by section, what
// changed since its last review, and, for those who may change the account,
// a form for every item, section and the plan's own fields, each carrying
// the plan's version.
type planPage struct {
	layout
	Plan     *kam.AccountPlan
	Account  *kam.Account
	CanEdit  bool
	Overdue  bool // the next review is past
	Sections []planSection
	Details  *planDetailsForm
	// LastReview is the latest review, SinceVersion the version the
	// changes since it start from.
	LastReview   *kam.PlanReview
	SinceVersion int64
	SinceReview  []changeRow
	ReviewNote   string
	ReviewError  string
	Notice       string
	Error        string
	// Conflict is set when a save came from an older version.
	Conflict *planConflict
	people   *planPeople
}

// planConflict tells a user whose save came from an older version what
// was saved meanwhile.
type planConflict struct {
	Yours, Now int64
	Changes    []changeRow
}

// planSection is one section of a plan with its items and the form that
// adds one.
type planSection struct {
	Kind        kam.PlanItemKind
	Label, Hint string
	Items       []planItemView
	Add         *planItemForm
}

// planItemView is an item as the plan's page shows it.
type planItemView struct {
	*kam.PlanItem
	Owner string
	// Links are the titles of the objectives the item supports, or, for an
	// objective, of the items supporting it.
	Links []string
	Late  bool
	// AfterPeriod is set when the item's date falls after the plan's
	// period: kept, with a note.
	AfterPeriod bool
	Form        *planItemForm
	// Toggle marks an action done or open again, for those who may change
	// the account and for the action's owner.
	Toggle *planToggle
}

// planToggle is the button that marks an action done, or open again, from
// the action's state.
type planToggle struct {
	Action  string
	Version int64
	State   string
	Done    bool
	Title   string
}

// planSectionWords are each section's heading, hint and the word for one
// of its items.
var planSectionWords = map[kam.PlanItemKind]struct{ Label, Hint, One string }{
	kam.PlanObjective:     {"Objectives", "What the account team is to achieve, each with a measure and a date.", "objective"},
	kam.PlanStrategy:      {"Strategies", "How the team will get there.", "strategy"},
	kam.PlanKeyMessage:    {"Key messages", "What every member of the account team says, rated strong or weak.", "key message"},
	kam.PlanReferenceCase: {"Reference cases", "Customer stories that back the objectives, rated strong or weak.", "reference case"},
	kam.PlanCompetitor:    {"Competitors", "Who else sells to the account, and their position there.", "competitor"},
	kam.PlanAction:        {"Action plan", "Who does what, by when.", "action"},
}

// planSaved are the sentences a save redirects with.
var planSaved = map[string]string{
	"created":  "Plan written.",
	"saved":    "Plan saved.",
	"added":    "Added to the plan.",
	"removed":  "Removed from the plan.",
	"reviewed": "Review recorded; the next one is due as shown.",
}

// PlanView serves GET /plans/{id}.
func (a *App) PlanView(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no plan %q.", r.PathValue("id")))
		return
	}
	d, err := a.planPage(r.Context(), httpx.Principal(r.Context()), id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Notice = planSaved[r.URL.Query().Get("saved")]
	a.render(w, r, http.StatusOK, "plan", d)
}

// planPage gathers a plan's page with every form set to the plan as
// stored.
func (a *App) planPage(ctx context.Context, p *kam.Principal, id int64) (*planPage, error) {
	plan, err := a.st.FindPlan(ctx, p, id)
	if err != nil {
		return nil, err
	}
	acc, err := a.st.FindAccountByID(ctx, p, plan.AccountID)
	if err != nil {
		return nil, err
	}
	today := kam.DateOf(a.st.Now())
	d := &planPage{layout: layout{Title: plan.Title + " · " + acc.Name, Nav: "plans"}, Plan: plan, Account: acc,
		Overdue: plan.ReviewOverdue(today)}
	if d.CanEdit, err = a.st.CanEditAccount(ctx, p, plan.AccountID); err != nil {
		return nil, err
	}
	people, err := a.planPeople(ctx, p, plan, d.CanEdit)
	if err != nil {
		return nil, err
	}
	reviews, err := a.st.FindPlanReviews(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if len(reviews) > 0 {
		d.LastReview = reviews[0]
	}
	changes, from, _, err := a.st.PlanChangesSince(ctx, p, id, 0, 0)
	if err != nil {
		return nil, err
	}
	d.people = people
	d.SinceVersion, d.SinceReview = from, describeChanges(changes, plan, people)
	d.Details = newPlanDetailsForm(plan)
	for _, k := range kam.PlanItemKinds {
		words := planSectionWords[k]
		s := planSection{Kind: k, Label: words.Label, Hint: words.Hint}
		for _, it := range plan.Section(k) {
			v := planItemView{PlanItem: it, Owner: people.name(it.OwnerID), Links: linkTitles(plan, it),
				Late:        k == kam.PlanAction && !it.Done() && !it.Due.IsZero() && it.Due.Before(today),
				AfterPeriod: afterPeriod(plan, it.Due)}
			if d.CanEdit {
				v.Form = newPlanItemForm(plan, *it, people)
			}
			if k == kam.PlanAction && (d.CanEdit || (it.OwnerID != 0 && it.OwnerID == p.UserID)) {
				v.Toggle = &planToggle{Action: "/plans/" + strconv.FormatInt(plan.ID, 10) + "/items/" + strconv.FormatInt(it.ID, 10) + "/done",
					Version: plan.Version, State: store.PlanItemState(it), Done: it.Done(), Title: it.Title}
			}
			s.Items = append(s.Items, v)
		}
		if d.CanEdit {
			s.Add = newPlanItemForm(plan, kam.PlanItem{Kind: k}, people)
		}
		d.Sections = append(d.Sections, s)
	}
	return d, nil
}

// linkTitles are the titles of the objectives an item supports, or of the
// items that support an objective.
func linkTitles(plan *kam.AccountPlan, it *kam.PlanItem) []string {
	var out []string
	if it.Kind == kam.PlanObjective {
		for _, o := range plan.Items {
			if slices.Contains(o.LinkedIDs, it.ID) {
				out = append(out, o.Title)
			}
		}
		return out
	}
	for _, id := range it.LinkedIDs {
		if o := plan.Item(id); o != nil {
			out = append(out, o.Title)
		}
	}
	return out
}

// planPeople are the users a plan's page names: the account's team, who
// may own actions, and anyone else an item names.
type planPeople struct {
	names   map[int64]string
	choices []option // the team, for an action's owner
}

// name is a user's name, or "" for none.
func (pp *planPeople) name(id int64) string {
	if id == 0 {
		return ""
	}
	if n, ok := pp.names[id]; ok {
		return n
	}
	return "User " + strconv.FormatInt(id, 10)
}

// planPeople loads the account's team and the names of the plan's owners.
func (a *App) planPeople(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, canEdit bool) (*planPeople, error) {
	team, err := a.st.FindAccountTeam(ctx, p, plan.AccountID)
	if err != nil {
		return nil, err
	}
	pp := &planPeople{names: map[int64]string{}}
	add := func(id int64, name string) {
		if _, ok := pp.names[id]; !ok {
			pp.names[id] = name
			pp.choices = append(pp.choices, option{Value: strconv.FormatInt(id, 10), Label: name})
		}
	}
	for _, s := range team {
		add(s.UserID, s.Name)
	}
	if u := currentUser(ctx); u != nil && canEdit {
		add(u.ID, u.DisplayName)
	}
	for _, it := range plan.Items {
		if _, ok := pp.names[it.OwnerID]; it.OwnerID != 0 && !ok {
			if u, err := a.st.FindUserByID(ctx, it.OwnerID); err == nil {
				add(u.ID, u.DisplayName)
			}
		}
	}
	return pp, nil
}

// UpdatePlan serves POST /plans/{id}: the form of the plan's own fields.
// It saves and shows the plan again, or the page with the reason: 400 for
// a bad value, 403 for a user who may only read the account, 409 when the
// plan was saved meanwhile (nothing is saved).
func (a *App) UpdatePlan(w http.ResponseWriter, r *http.Request) {
	var values planDetailsForm
	a.planForm(w, r, func(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, version int64) (string, error) {
		upd, err := values.read(r.PostForm)
		if err == nil {
			upd.Version = version
			_, err = a.st.UpdatePlan(ctx, p, plan.ID, upd)
		}
		return "saved", err
	}, func(d *planPage, err error) {
		values.Open, values.Error, values.Field = true, inlineError(err), kam.ErrorField(err)
		values.Statuses, values.Currency = options(kam.PlanStatuses, values.Status), d.Plan.Currency
		d.Details = &values
	})
}

// ReviewPlan serves POST /plans/{id}/review: it records a review with its
// note from the plan's version.
func (a *App) ReviewPlan(w http.ResponseWriter, r *http.Request) {
	a.planForm(w, r, func(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, version int64) (string, error) {
		_, _, err := a.st.ReviewPlan(ctx, p, plan.ID, version, r.PostForm.Get("note"))
		return "reviewed", err
	}, func(d *planPage, err error) {
		d.ReviewNote, d.ReviewError = r.PostForm.Get("note"), inlineError(err)
	})
}

// inlineError is the reason a form shows by its fields: none for a save
// from an older version, which the page explains at its top.
func inlineError(err error) string {
	if kam.ErrorCode(err) == kam.ESTALE {
		return ""
	}
	return kam.ErrorMessage(err)
}

// DeletePlan serves POST /plans/{id}/delete: the plan goes to the bin and
// the account's page shows.
func (a *App) DeletePlan(w http.ResponseWriter, r *http.Request) {
	a.planForm(w, r, func(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, version int64) (string, error) {
		err := a.st.DeletePlan(ctx, p, plan.ID, version)
		return "/accounts/" + strconv.FormatInt(plan.AccountID, 10) + "#plan", err
	}, nil)
}
