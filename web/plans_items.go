package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// planItemForm is the form that adds an item to a section or changes one,
// with the fields its kind has.
type planItemForm struct {
	// Key starts the ids of the form's fields: "add-objective", "item-12".
	Key     string
	Action  string
	Version int64
	// State is the item's state as stored (store.PlanItemState): a save
	// is refused only if the item changed since.
	State string
	Item  kam.PlanItem
	New   bool
	One   string // the word for one item of the section
	// Open shows the form unfolded, as after a refused save.
	Open                                      bool
	Error, Field                              string
	Measure, Dated, Standing, Owned, Doneable bool
	Ratings, Owners                           []option
	Objectives                                []planCheck
	DueText                                   string
	// Now are the item's stored values, by field, where they differ from
	// what the user typed: set when a save was refused because the item
	// changed meanwhile.
	Now map[string]string
	// AfterPeriod is set when the date falls after the plan's period.
	AfterPeriod bool
}

// planCheck is a checkbox of a list.
type planCheck struct {
	Value, Label string
	Checked      bool
}

// newPlanItemForm is the form of an item (or, with no id, of a new item of
// its kind) showing its values.
func newPlanItemForm(plan *kam.AccountPlan, it kam.PlanItem, people *planPeople) *planItemForm {
	k := it.Kind
	f := &planItemForm{Version: plan.Version, Item: it, New: it.ID == 0, One: planSectionWords[k].One,
		Measure: k == kam.PlanObjective, Dated: k == kam.PlanObjective || k == kam.PlanAction, Standing: k == kam.PlanCompetitor,
		Owned: k == kam.PlanAction, Doneable: k == kam.PlanAction && it.ID != 0, DueText: it.Due.String()}
	base := "/plans/" + strconv.FormatInt(plan.ID, 10) + "/items"
	if f.New {
		f.Key, f.Action = "add-"+string(k), base
	} else {
		f.Key, f.Action = "edit-"+strconv.FormatInt(it.ID, 10), base+"/"+strconv.FormatInt(it.ID, 10)
	}
	if stored := plan.Item(it.ID); stored != nil {
		f.State = store.PlanItemState(stored)
	}
	f.AfterPeriod = afterPeriod(plan, it.Due)
	if k.Rated() {
		f.Ratings = options(kam.PlanRatings, it.Rating)
	}
	if f.Owned {
		f.Owners = append([]option{{Value: "", Label: "Nobody yet"}}, people.choices...)
		for i := range f.Owners {
			f.Owners[i].Selected = f.Owners[i].Value == idValue(it.OwnerID)
		}
	}
	if k.Links() {
		for _, o := range plan.Section(kam.PlanObjective) {
			f.Objectives = append(f.Objectives, planCheck{Value: strconv.FormatInt(o.ID, 10), Label: o.Title,
				Checked: slices.Contains(it.LinkedIDs, o.ID)})
		}
	}
	return f
}

// readPlanItem reads an item form of a kind: the values typed, and the
// first value that could not be read.
func readPlanItem(f url.Values, k kam.PlanItemKind) (kam.PlanItem, string, error) {
	it := kam.PlanItem{Kind: k, Title: strings.TrimSpace(f.Get("title")), Detail: strings.TrimSpace(f.Get("detail")),
		Measure: strings.TrimSpace(f.Get("measure")), Rating: f.Get("rating"), Standing: strings.TrimSpace(f.Get("standing"))}
	var err error
	if s := f.Get("owner_id"); s != "" {
		if it.OwnerID, err = strconv.ParseInt(s, 10, 64); err != nil {
			err = kam.FieldError("owner_id", "Choose the action's owner from the list.")
		}
	}
	due := strings.TrimSpace(f.Get("due"))
	if due != "" && err == nil {
		if it.Due, err = kam.ParseDate(due); err != nil {
			err = kam.FieldError("due", "Give the date as YYYY-MM-DD.")
		}
	}
	for _, s := range f["linked_ids"] {
		id, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil && err == nil {
			err = kam.FieldError("linked_ids", "Choose the objectives from the list.")
		}
		it.LinkedIDs = append(it.LinkedIDs, id)
	}
	return it, due, err
}

// planForm handles a form of a plan's page: it reads the form and the plan
// (404 when the user may not see it), calls save with the version the form
// carries, and redirects to where save says ("saved" is the plan's page with
// that notice, a path goes there). A refusal shows the plan's page again
// with the reason, and keep puts the typed values back; a save from an older
// version shows the plan as it is now and what was saved since, and keeps
// nothing.
func (a *App) planForm(w http.ResponseWriter, r *http.Request, save func(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, version int64) (string, error),
	keep func(d *planPage, err error)) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no plan %q.", r.PathValue("id")))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	plan, err := a.st.FindPlan(ctx, p, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	version, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	where := ""
	if err != nil {
		err = kam.FieldError("version", "The form is incomplete; reload the page and edit again.")
	} else {
		where, err = save(ctx, p, plan, version)
	}
	code := kam.ErrorCode(err)
	switch code {
	case "":
		if !strings.HasPrefix(where, "/") {
			where = "/plans/" + strconv.FormatInt(id, 10) + "?saved=" + where
		}
		http.Redirect(w, r, where, http.StatusSeeOther)
		return
	case kam.EINVALID, kam.EFORBIDDEN, kam.ESTALE:
	default:
		a.Error(w, r, err)
		return
	}
	d, perr := a.planPage(ctx, p, id)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error = kam.ErrorMessage(err)
	if code == kam.ESTALE {
		d.Error = planChangedSince + "The plan is shown as it is now, with what changed since your version; " +
			"what you typed is kept in the form: look it over, then save again."
		if version >= 1 && version < d.Plan.Version {
			d.Conflict = &planConflict{Yours: version, Now: d.Plan.Version}
			if changes, _, _, cerr := a.st.PlanChangesSince(ctx, p, id, version, d.Plan.Version); cerr == nil {
				d.Conflict.Changes = describeChanges(changes, d.Plan, d.people)
			}
		}
	}
	if keep != nil && (code == kam.EINVALID || code == kam.ESTALE) {
		keep(d, err)
	}
	status := httpx.Status(code)
	if code == kam.ESTALE {
		status = http.StatusConflict // a page, not a precondition of the API
	}
	a.render(w, r, status, "plan", d)
}

// planChangedSince starts the reason a save from an older plan is refused.
const planChangedSince = "This plan changed since you opened it, and nothing of yours was saved. "

// afterPeriod reports whether a day falls after the plan's period: such a
// date is kept, with a note.
func afterPeriod(plan *kam.AccountPlan, day kam.Date) bool {
	return !day.IsZero() && !plan.PeriodEnd.IsZero() && plan.PeriodEnd.Before(day)
}

// AddPlanItem serves POST /plans/{id}/items: the form that adds an item
// to a section.
func (a *App) AddPlanItem(w http.ResponseWriter, r *http.Request) {
	var typed kam.PlanItem
	var due string
	a.planForm(w, r, func(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, version int64) (string, error) {
		var err error
		typed, due, err = readPlanItem(r.PostForm, kam.PlanItemKind(r.PostForm.Get("kind")))
		if err == nil {
			_, err = a.st.AddPlanItem(ctx, p, plan.ID, version, &typed)
		}
		return "added", err
	}, func(d *planPage, err error) {
		for i := range d.Sections {
			if s := &d.Sections[i]; s.Kind == typed.Kind && s.Add != nil {
				s.Add = refill(d, typed, due, err)
			}
		}
	})
}

// refill is an item's form showing what the user typed and why it was
// refused.
func refill(d *planPage, typed kam.PlanItem, due string, err error) *planItemForm {
	f := newPlanItemForm(d.Plan, typed, d.people)
	f.Open, f.Error, f.Field, f.DueText = true, inlineError(err), kam.ErrorField(err), due
	return f
}

// planItemOf reads the item of the path and checks it is on the plan.
func planItemOf(r *http.Request, plan *kam.AccountPlan) (*kam.PlanItem, error) {
	itemID, ok := httpx.PathID(r, "item")
	if it := plan.Item(itemID); ok && it != nil {
		return it, nil
	}
	return nil, kam.Errorf(kam.ENOTFOUND, "Plan %d has no item %q.", plan.ID, r.PathValue("item"))
}

// UpdatePlanItem serves POST /plans/{id}/items/{item}: an item's form.
func (a *App) UpdatePlanItem(w http.ResponseWriter, r *http.Request) {
	var typed kam.PlanItem
	var due string
	a.planForm(w, r, func(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, version int64) (string, error) {
		it, err := planItemOf(r, plan)
		if err != nil {
			return "", err
		}
		f := r.PostForm
		if typed, due, err = readPlanItem(f, it.Kind); err != nil {
			return "", err
		}
		typed.ID = it.ID
		upd := kam.PlanItemUpdate{Title: &typed.Title, Detail: &typed.Detail}
		k := it.Kind
		if k == kam.PlanObjective {
			upd.Measure = &typed.Measure
		}
		if k == kam.PlanObjective || k == kam.PlanAction {
			upd.Due = &typed.Due
		}
		if k.Rated() {
			upd.Rating = &typed.Rating
		}
		if k.Links() {
			upd.LinkedIDs = &typed.LinkedIDs
		}
		if k == kam.PlanCompetitor {
			upd.Standing = &typed.Standing
		}
		if k == kam.PlanAction {
			done := f.Get("done") != ""
			upd.OwnerID, upd.Done = &typed.OwnerID, &done
		}
		if state := f.Get("state"); state != "" {
			_, err = a.st.UpdatePlanItemAt(ctx, p, it.ID, state, upd)
		} else {
			_, err = a.st.UpdatePlanItem(ctx, p, it.ID, version, upd)
		}
		return "saved", err
	}, func(d *planPage, err error) {
		stored := d.Plan.Item(typed.ID)
		if kam.ErrorCode(err) == kam.ESTALE {
			d.Error = planChangedSince + "The item you edited was removed meanwhile."
			if stored != nil {
				d.Error = planChangedSince + "The " + planSectionWords[stored.Kind].One + " you edited changed meanwhile: what you typed is kept " +
					"in its form, with what it says now beside each field that differs. Save again to apply your values."
			}
		}
		for _, s := range d.Sections {
			for _, v := range s.Items {
				if v.ID == typed.ID && v.Form != nil {
					*v.Form = *refill(d, typed, due, err)
					if kam.ErrorCode(err) == kam.ESTALE {
						v.Form.Now = nowValues(d, typed, stored)
					}
				}
			}
		}
	})
}

// nowValues are an item's stored values, worded, by field, where they
// differ from what the user typed.
func nowValues(d *planPage, typed kam.PlanItem, stored *kam.PlanItem) map[string]string {
	typed.DoneOn = stored.DoneOn // the form does not show the day it was done
	changes := kam.DiffPlans(&kam.AccountPlan{Items: []*kam.PlanItem{&typed}}, &kam.AccountPlan{Items: []*kam.PlanItem{stored}})
	rows := describeChanges(changes, d.Plan, d.people)
	now := map[string]string{}
	for i, c := range changes {
		now[c.Field] = cmpOr(rows[i].New, "(empty)")
	}
	return now
}

// RemovePlanItem serves POST /plans/{id}/items/{item}/remove.
func (a *App) RemovePlanItem(w http.ResponseWriter, r *http.Request) {
	a.planForm(w, r, func(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, version int64) (string, error) {
		it, err := planItemOf(r, plan)
		switch state := r.PostForm.Get("state"); {
		case err != nil:
		case state != "":
			_, err = a.st.RemovePlanItemAt(ctx, p, it.ID, state)
		default:
			_, err = a.st.RemovePlanItem(ctx, p, it.ID, version)
		}
		return "removed", err
	}, nil)
}

// PlanItemDone serves POST /plans/{id}/items/{item}/done: done=1 marks
// an action done today, done=0 open again. With the item's state, the
// action's owner may do this on an account they may only read; next, a
// path on this site, is where to go after (My day, say).
func (a *App) PlanItemDone(w http.ResponseWriter, r *http.Request) {
	a.planForm(w, r, func(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan, version int64) (string, error) {
		it, err := planItemOf(r, plan)
		done := r.PostForm.Get("done") == "1"
		switch state := r.PostForm.Get("state"); {
		case err != nil:
		case state != "":
			_, err = a.st.MarkPlanAction(ctx, p, it.ID, state, done)
		default:
			_, err = a.st.UpdatePlanItem(ctx, p, it.ID, version, kam.PlanItemUpdate{Done: &done})
		}
		if next := r.PostForm.Get("next"); next != "" {
			return withQuery(safeNext(next), "plan", "done"), err
		}
		return "saved", err
	}, nil)
}
