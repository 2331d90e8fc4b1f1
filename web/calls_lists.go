package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// callListsPage is the data of the cold-call lists and the form that makes one.
type callListsPage struct {
	layout
	Tabs      []option
	Lists     []*store.CallList
	Assignees []option
	Tiers     []option
	// The form as typed, and the reason it was refused.
	Name   string
	Filter store.CallListFilter
	Error  string
	Field  string
}

// callListsPage gathers the lists p may see, with the form set to values.
func (a *App) callListsPage(r *http.Request, name string, f store.CallListFilter, assignee int64) (*callListsPage, error) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	d := &callListsPage{layout: layout{Title: "Cold-call lists", Nav: "calls"}, Tabs: callsTabs("/calls/lists", p), Name: name, Filter: f,
		Tiers: append([]option{{Value: "", Label: "Any tier"}}, options(kam.Tiers, f.Tier)...)}
	var err error
	if d.Lists, err = a.st.FindCallLists(ctx, p); err != nil {
		return nil, err
	}
	if assignee == 0 {
		assignee = p.UserID
	}
	if p.IsAdmin() || p.Role == kam.RoleDirector {
		owners, err := a.st.CallPlanOwners(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, o := range owners {
			d.Assignees = append(d.Assignees, option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name, Selected: o.ID == assignee})
		}
	}
	return d, nil
}

// CallLists serves GET /calls/lists: the cold-call lists the user may see,
// and the form that makes one from a filter of the prospects.
func (a *App) CallLists(w http.ResponseWriter, r *http.Request) {
	d, err := a.callListsPage(r, "", store.CallListFilter{}, 0)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "calls_lists", d)
}

// CreateCallList serves POST /calls/lists: makes the list and shows it, or
// the form again with the reason by its field.
func (a *App) CreateCallList(w http.ResponseWriter, r *http.Request) {
	if !a.readForm(w, r) {
		return
	}
	f := r.PostForm
	assignee, _ := strconv.ParseInt(f.Get("assignee_id"), 10, 64)
	l := &store.CallList{Name: f.Get("name"), AssigneeID: assignee, Filter: store.CallListFilter{Country: f.Get("country"),
		Industry: f.Get("industry"), Segment: f.Get("segment"), Tier: f.Get("tier")}}
	err := a.st.CreateCallList(r.Context(), httpx.Principal(r.Context()), l)
	if err == nil {
		http.Redirect(w, r, "/calls/lists/"+strconv.FormatInt(l.ID, 10), http.StatusSeeOther)
		return
	}
	code := kam.ErrorCode(err)
	if code != kam.EINVALID && code != kam.EFORBIDDEN {
		a.Error(w, r, err)
		return
	}
	d, perr := a.callListsPage(r, f.Get("name"), l.Filter, assignee)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error, d.Field = kam.ErrorMessage(err), errorField(err)
	a.render(w, r, httpx.Status(code), "calls_lists", d)
}

// callListPage is one list with its prospects and their outcome forms.
type callListPage struct {
	layout
	Tabs     []option
	List     *store.CallList
	Entries  []callEntryRow
	Outcomes []option
	Notice   string
	Error    string
}

// callEntryRow is a prospect of a list with its form's choices.
type callEntryRow struct {
	store.CallListEntry
	Outcomes []option
	Error    string
}

// callListView gathers a list's page.
func (a *App) callListView(r *http.Request, id int64) (*callListPage, error) {
	p := httpx.Principal(r.Context())
	l, entries, err := a.st.FindCallList(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	d := &callListPage{layout: layout{Title: l.Name + " · Cold-call list", Nav: "calls"}, Tabs: callsTabs("/calls/lists", p), List: l}
	for _, e := range entries {
		d.Entries = append(d.Entries, callEntryRow{CallListEntry: e, Outcomes: options(store.CallOutcomes, e.Outcome)})
	}
	d.Outcomes = options(store.CallOutcomes, "")
	return d, nil
}

// CallList serves GET /calls/lists/{id}: the list's prospects, each with
// what came of the call and the form to record it.
func (a *App) CallList(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no call list %q.", r.PathValue("id")))
		return
	}
	d, err := a.callListView(r, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") != "" {
		d.Notice = "Call recorded."
	}
	a.render(w, r, http.StatusOK, "calls_list", d)
}

// RecordCall serves POST /calls/lists/{id}: what came of the call to one
// prospect (account_id), and its conversion into a deal or onboarding.
// It goes back to the list, or shows it again with the reason by the
// prospect: 400, 403, or 409 when the entry changed meanwhile.
func (a *App) RecordCall(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no call list %q.", r.PathValue("id")))
		return
	}
	if !a.readForm(w, r) {
		return
	}
	f := r.PostForm
	account, _ := strconv.ParseInt(f.Get("account_id"), 10, 64)
	version, err := formVersion(f)
	note := strings.TrimSpace(f.Get("note"))
	if err == nil {
		_, err = a.st.UpdateCallOutcome(r.Context(), httpx.Principal(r.Context()), id, account,
			store.CallOutcomeUpdate{Version: version, Outcome: f.Get("outcome"), Note: &note, Convert: f.Get("convert")})
	}
	entry := strconv.FormatInt(account, 10)
	status, msg, again := a.formRefusal(w, r, err, "/calls/lists/"+strconv.FormatInt(id, 10)+"?saved="+entry+"#entry-"+entry,
		"Someone else recorded this call meanwhile, and nothing was saved; it is shown as it is now.")
	if !again {
		return
	}
	d, perr := a.callListView(r, id)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error = msg
	for i := range d.Entries {
		if e := &d.Entries[i]; e.AccountID == account {
			e.Error = msg
			if status != http.StatusConflict {
				e.Note, e.Version, e.Outcomes = note, version, options(store.CallOutcomes, f.Get("outcome"))
			}
		}
	}
	a.render(w, r, status, "calls_list", d)
}

// errorField is the field an error names, or "".
func errorField(err error) string {
	var e *kam.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
