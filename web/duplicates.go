package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// The duplicates page is where an administrator decides the probable
// duplicate accounts that kam queued: merge one into the other, or keep them
// apart. Every decision is a POST that redirects back to the page with its
// outcome in the query string (?done=merged&merge=12), so that reloading the
// page repeats nothing; the page renders only outcomes it knows, with names
// it reads from the store, never text from the query.

const (
	// duplicateRows is how many open pairs the page lists, highest score first.
	duplicateRows = 100
	// mergeRows is how many recent merges the page lists.
	mergeRows = 20
)

// duplicatesPage is the data of the duplicates page.
type duplicatesPage struct {
	layout
	Notice *notice // the outcome of the last decision
	Error  string  // why the last decision did not work
	Pairs  []pairView
	More   bool // there are more open pairs than listed
	Merges []mergeView
}

// adminDecides returns the principal of an administrator's request; anyone
// else gets the forbidden page and nil.
func (a *App) adminDecides(w http.ResponseWriter, r *http.Request) *kam.Principal {
	return a.admin(w, r, "review duplicate accounts")
}

// admin returns the principal of an administrator's request; anyone else
// gets the forbidden page, which says that only an administrator may do
// what doing says, and nil.
func (a *App) admin(w http.ResponseWriter, r *http.Request, doing string) *kam.Principal {
	p := httpx.Principal(r.Context())
	if !p.IsAdmin() || p.ReadOnly {
		a.Error(w, r, kam.Errorf(kam.EFORBIDDEN, "Only an administrator may %s.", doing))
		return nil
	}
	return p
}

// Duplicates serves GET /duplicates: the open pairs side by side with the
// buttons to decide them, and the recent merges with a button to undo each.
func (a *App) Duplicates(w http.ResponseWriter, r *http.Request) {
	if p := a.adminDecides(w, r); p != nil {
		a.renderDuplicates(w, r, p, http.StatusOK, r.URL.Query(), "")
	}
}

// renderDuplicates renders the page with the outcome named by done (the
// query string of the redirect after a decision) or an error message.
func (a *App) renderDuplicates(w http.ResponseWriter, r *http.Request, p *kam.Principal, status int, done url.Values, msg string) {
	ctx := r.Context()
	d := &duplicatesPage{layout: layout{Title: "Duplicate accounts", Nav: "admin", Tab: "duplicates"}, Error: msg}
	pairs, err := a.st.FindDuplicates(ctx, p, "open", duplicateRows)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.More = len(pairs) == duplicateRows
	for _, pair := range pairs {
		d.Pairs = append(d.Pairs, viewPair(pair))
	}
	merges, err := a.st.FindMerges(ctx, p, mergeRows)
	if err == nil {
		d.Merges, err = a.viewMerges(r, p, merges)
	}
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Notice = outcome(done, d.Merges)
	a.render(w, r, status, "duplicates", d)
}

// MergeDuplicate serves POST /duplicates/merge: it merges the account
// merged_id into survivor_id.
func (a *App) MergeDuplicate(w http.ResponseWriter, r *http.Request) {
	a.decide(w, r, func(p *kam.Principal, form url.Values) (url.Values, error) {
		survivor, ok1 := formID(form, "survivor_id")
		merged, ok2 := formID(form, "merged_id")
		if !ok1 || !ok2 {
			return nil, kam.Errorf(kam.EINVALID, "Choose the account to keep with one of the buttons of a pair.")
		}
		m, err := a.st.MergeAccounts(r.Context(), p, survivor, merged)
		if err != nil {
			return nil, err
		}
		return url.Values{"done": {"merged"}, "merge": {strconv.FormatInt(m.ID, 10)}}, nil
	})
}

// DismissDuplicate serves POST /duplicates/{id}/dismiss: the pair's accounts
// are two companies and stay apart.
func (a *App) DismissDuplicate(w http.ResponseWriter, r *http.Request) {
	a.decide(w, r, func(p *kam.Principal, _ url.Values) (url.Values, error) {
		id, ok := httpx.PathID(r, "id")
		if !ok {
			return nil, kam.Errorf(kam.ENOTFOUND, "There is no duplicate pair %q.", r.PathValue("id"))
		}
		if err := a.st.DismissDuplicate(r.Context(), p, id); err != nil {
			return nil, err
		}
		return url.Values{"done": {"dismissed"}}, nil
	})
}

// ScanDuplicates serves POST /duplicates/scan: it compares every account
// with its neighbours by name and queues the new pairs.
func (a *App) ScanDuplicates(w http.ResponseWriter, r *http.Request) {
	a.decide(w, r, func(p *kam.Principal, _ url.Values) (url.Values, error) {
		n, err := a.st.ScanDuplicates(r.Context(), p)
		if err != nil {
			return nil, err
		}
		return url.Values{"done": {"scanned"}, "queued": {strconv.Itoa(n)}}, nil
	})
}

// UndoMerge serves POST /merges/{id}/undo: the merged account returns with
// what it had.
func (a *App) UndoMerge(w http.ResponseWriter, r *http.Request) {
	a.decide(w, r, func(p *kam.Principal, _ url.Values) (url.Values, error) {
		id, ok := httpx.PathID(r, "id")
		if !ok {
			return nil, kam.Errorf(kam.ENOTFOUND, "There is no merge %q.", r.PathValue("id"))
		}
		m, err := a.st.UndoMerge(r.Context(), p, id)
		if err != nil {
			return nil, err
		}
		return url.Values{"done": {"undone"}, "merge": {strconv.FormatInt(m.ID, 10)}}, nil
	})
}

// decide runs one decision posted from the duplicates page for an
// administrator and redirects back to the page with the outcome act returns.
// A decision that cannot be made (a pair decided meanwhile, a merge undone
// already) shows the page again with the reason.
func (a *App) decide(w http.ResponseWriter, r *http.Request, act func(*kam.Principal, url.Values) (url.Values, error)) {
	p := a.adminDecides(w, r)
	if p == nil {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	done, err := act(p, r.PostForm)
	switch code := kam.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, "/duplicates?"+done.Encode(), http.StatusSeeOther)
	case code == kam.EINVALID || code == kam.ENOTFOUND || code == kam.ECONFLICT:
		a.renderDuplicates(w, r, p, httpx.Status(code), nil, kam.ErrorMessage(err))
	default:
		a.Error(w, r, err)
	}
}

// formID reads a positive id from a form field.
func formID(form url.Values, name string) (int64, bool) {
	id, err := strconv.ParseInt(form.Get(name), 10, 64)
	return id, err == nil && id > 0
}
