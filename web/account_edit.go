package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// Editing an account's facts in place. The form carries the version the
// user started from; when someone else saved the account meanwhile, nothing
// is written and the page shows the stored values beside the user's, with
// the form still holding what they typed, to look over and save again.

// accountEdit is the state of the facts form.
type accountEdit struct {
	// Open keeps the form open after a failed save.
	Open    bool
	Version int64
	Values  accountFacts
	Error   string
	// Conflict lists, after someone else's save, each field whose stored
	// value differs from what the user typed.
	Conflict []factConflict
	Tiers    []option
	Statuses []option
}

// accountFacts are the editable facts, as typed.
type accountFacts struct {
	Name, LegalName, Industry, Country, Segment, Tier, Status string
}

// factConflict is one field where the stored value and the user's differ.
type factConflict struct {
	Field, Theirs, Yours string
}

// factsOf are an account's editable facts.
func factsOf(a *kam.Account) accountFacts {
	return accountFacts{Name: a.Name, LegalName: a.LegalName, Industry: a.Industry, Country: a.Country,
		Segment: a.Segment, Tier: a.Tier, Status: string(a.Status)}
}

// newAccountEdit is the form for an account as stored.
func newAccountEdit(a *kam.Account, values accountFacts) *accountEdit {
	return &accountEdit{Version: a.Version, Values: values,
		Tiers: options(kam.Tiers, values.Tier), Statuses: options(kam.AccountStatuses, kam.AccountStatus(values.Status))}
}

// EditAccount serves POST /accounts/{id}/edit: the facts form. It saves and
// redirects back to the account page (?saved=facts), or shows the page again
// with the reason and the typed values: 400 for a bad value, 403 for a user
// who may only read the account, 409 when someone else saved it first.
func (a *App) EditAccount(w http.ResponseWriter, r *http.Request) {
	id, ok := a.accountForm(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	typed := accountFacts{Name: strings.TrimSpace(f.Get("name")), LegalName: strings.TrimSpace(f.Get("legal_name")),
		Industry: strings.TrimSpace(f.Get("industry")), Country: strings.ToUpper(strings.TrimSpace(f.Get("country"))),
		Segment: strings.TrimSpace(f.Get("segment")), Tier: f.Get("tier"), Status: f.Get("status")}
	version, verr := strconv.ParseInt(f.Get("version"), 10, 64)
	status := kam.AccountStatus(typed.Status)
	upd := kam.AccountUpdate{Version: version, Name: &typed.Name, LegalName: &typed.LegalName, Industry: &typed.Industry,
		Country: &typed.Country, Segment: &typed.Segment, Tier: &typed.Tier, Status: &status}
	var err error
	if verr != nil {
		err = kam.FieldError("version", "The form is incomplete; reload the page and edit again.")
	} else {
		_, err = a.st.UpdateAccount(r.Context(), httpx.Principal(r.Context()), id, upd)
	}
	code := kam.ErrorCode(err)
	switch code {
	case "":
		http.Redirect(w, r, accountURL(id)+"?saved=facts#facts", http.StatusSeeOther)
		return
	case kam.EINVALID, kam.EFORBIDDEN, kam.ECONFLICT:
	default:
		a.Error(w, r, err)
		return
	}
	d, perr := a.accountPage(r, id)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	e := newAccountEdit(d.Account, typed)
	e.Open, e.Error = true, kam.ErrorMessage(err)
	if code == kam.ECONFLICT {
		e.Error = "Someone else saved this account while you were editing it. Nothing of yours was saved over their change: " +
			"compare the values below, then save again to keep yours."
		e.Conflict = conflicts(factsOf(d.Account), typed)
	} else {
		e.Version = version // keep the version the user started from
	}
	d.Edit = e
	a.render(w, r, httpx.Status(code), "account", d)
}

// conflicts lists the facts whose stored value differs from the typed one.
func conflicts(stored, typed accountFacts) []factConflict {
	var out []factConflict
	for _, f := range []struct{ name, theirs, yours string }{
		{"Name", stored.Name, typed.Name}, {"Legal name", stored.LegalName, typed.LegalName},
		{"Industry", stored.Industry, typed.Industry}, {"Country", stored.Country, typed.Country},
		{"Segment", stored.Segment, typed.Segment}, {"Tier", label(stored.Tier), label(typed.Tier)},
		{"Status", label(stored.Status), label(typed.Status)},
	} {
		if f.theirs != f.yours {
			out = append(out, factConflict{Field: f.name, Theirs: f.theirs, Yours: f.yours})
		}
	}
	return out
}
