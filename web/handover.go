package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// handoverPage is the data of the hand-over page.
type handoverPage struct {
	layout
	From, To []option
	Reason   string
	Error    string
	Field    string
	Notice   *notice
}

// mayHandOver is the principal of a director's or administrator's request
// that may change data; anyone else gets the not-found page and nil.
func (a *App) mayHandOver(w http.ResponseWriter, r *http.Request) *kam.Principal {
	p := httpx.Principal(r.Context())
	if !p.CanWrite() || (!p.IsAdmin() && p.Role != kam.RoleDirector) {
		a.NotFound(w, r)
		return nil
	}
	return p
}

// HandoverForm serves GET /handover: a director or administrator picks whose
// accounts move to whom, and why (?from=ID preselects the owner).
func (a *App) HandoverForm(w http.ResponseWriter, r *http.Request) {
	p := a.mayHandOver(w, r)
	if p == nil {
		return
	}
	q := r.URL.Query()
	d := &handoverPage{}
	if n, err := strconv.Atoi(q.Get("done")); err == nil && n > 0 {
		to, _ := strconv.ParseInt(q.Get("to"), 10, 64)
		name := "the new owner"
		if u, err := a.st.FindUserByID(r.Context(), to); err == nil {
			name = u.Name()
		}
		d.Notice = &notice{Text: strconv.Itoa(n) + " accounts moved to " + name + ", with their open deals and tasks; " + name +
			" has a task saying so."}
	}
	from, _ := strconv.ParseInt(q.Get("from"), 10, 64)
	a.renderHandover(w, r, p, http.StatusOK, d, from, 0)
}

// HandOver serves POST /handover: it moves the accounts and goes back to
// the form with what moved, or shows the form again with the reason it was
// refused.
func (a *App) HandOver(w http.ResponseWriter, r *http.Request) {
	p := a.mayHandOver(w, r)
	if p == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	from, _ := strconv.ParseInt(r.PostForm.Get("from"), 10, 64)
	to, _ := strconv.ParseInt(r.PostForm.Get("to"), 10, 64)
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	out, err := a.st.HandOver(r.Context(), p, from, to, nil, reason)
	if err == nil {
		http.Redirect(w, r, "/handover?"+url.Values{"done": {strconv.Itoa(len(out.AccountIDs))}, "to": {strconv.FormatInt(to, 10)}}.Encode(),
			http.StatusSeeOther)
		return
	}
	if kam.ErrorCode(err) != kam.EINVALID {
		a.Error(w, r, err)
		return
	}
	d := &handoverPage{Reason: reason, Error: kam.ErrorMessage(err), Field: kam.ErrorField(err)}
	a.renderHandover(w, r, p, http.StatusBadRequest, d, from, to)
}

// renderHandover fills the form's choices: the owners whose accounts p may
// move, with how many, and the active users who may own accounts.
func (a *App) renderHandover(w http.ResponseWriter, r *http.Request, p *kam.Principal, status int, d *handoverPage, from, to int64) {
	books, err := a.st.HandoverBooks(r.Context(), p)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	users, err := a.st.FindUsers(r.Context(), p)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	byID := map[int64]*kam.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	for _, b := range books {
		if u := byID[b.UserID]; u != nil {
			label := u.Name() + " — " + strconv.Itoa(b.Accounts) + " accounts"
			if !u.Active {
				label += " (deactivated)"
			}
			d.From = append(d.From, option{Value: idValue(u.ID), Label: label, Selected: u.ID == from})
		}
	}
	for _, u := range users {
		inScope := p.IsAdmin() || slices.Contains(p.OrgSubtree, u.OrgUnitID)
		if u.Active && u.Role != kam.RoleViewer && inScope {
			d.To = append(d.To, option{Value: idValue(u.ID), Label: u.Name() + " (" + u.Role.Label() + ")", Selected: u.ID == to})
		}
	}
	byLabel := func(x, y option) int { return strings.Compare(strings.ToLower(x.Label), strings.ToLower(y.Label)) }
	slices.SortStableFunc(d.From, byLabel)
	slices.SortStableFunc(d.To, byLabel)
	d.layout = layout{Title: "Hand over accounts", Nav: "accounts"}
	a.render(w, r, status, "handover", d)
}
