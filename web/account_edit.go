package web

import (
	"net/http"
	"net/url"
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
	// Original is what the form started from, sent back with it, so that a
	// stale save can tell the fields the user changed from those they did
	// not.
	Original accountFacts
	Error    string
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
	return &accountEdit{Version: a.Version, Values: values, Original: factsOf(a),
		Tiers: options(kam.Tiers, values.Tier), Statuses: options(editableStatuses(a.Status), kam.AccountStatus(values.Status))}
}

// editableStatuses are the statuses the facts form offers: an account is
// lost, and comes back, through its own actions (Mark lost, Reactivate),
// so a lost account's form keeps it lost and the others never offer it.
func editableStatuses(now kam.AccountStatus) []kam.AccountStatus {
	if now == kam.StatusLost {
		return []kam.AccountStatus{kam.StatusLost}
	}
	var out []kam.AccountStatus
	for _, s := range kam.AccountStatuses {
		if s != kam.StatusLost {
			out = append(out, s)
		}
	}
	return out
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
	typed, original := readFacts(f, ""), readFacts(f, "was_")
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
		// Their changes come into the form where the user changed nothing;
		// where both changed a field, the user's value stays, shown beside
		// theirs. Nothing is saved until the user saves again.
		stored := factsOf(d.Account)
		e.Values, e.Conflict = merge(original, stored, typed)
		e.Error = "Someone else saved this account while you were editing it, and nothing was saved. Their changes are now in the form"
		if len(e.Conflict) > 0 {
			e.Error += "; where you both changed a field, their value is shown beside yours: choose, then save"
		} else {
			e.Error += " beside yours: look them over, then save"
		}
		e.Error += "."
	} else {
		e.Version, e.Original = version, original // keep what the user started from
	}
	d.Edit = e
	a.render(w, r, httpx.Status(code), "account", d)
}

// factFields names each fact and reaches it in accountFacts.
var factFields = []struct {
	form, name string
	at         func(*accountFacts) *string
	labelled   bool // shown with label() (codes such as tier and status)
}{
	{"name", "Name", func(f *accountFacts) *string { return &f.Name }, false},
	{"legal_name", "Legal name", func(f *accountFacts) *string { return &f.LegalName }, false},
	{"industry", "Industry", func(f *accountFacts) *string { return &f.Industry }, false},
	{"country", "Country", func(f *accountFacts) *string { return &f.Country }, false},
	{"segment", "Segment", func(f *accountFacts) *string { return &f.Segment }, false},
	{"tier", "Tier", func(f *accountFacts) *string { return &f.Tier }, true},
	{"status", "Status", func(f *accountFacts) *string { return &f.Status }, true},
}

// readFacts reads the facts of a posted form, under a prefix ("" for the
// typed values, "was_" for those the form started from).
func readFacts(form url.Values, prefix string) accountFacts {
	var out accountFacts
	for _, f := range factFields {
		v := strings.TrimSpace(form.Get(prefix + f.form))
		if f.form == "country" {
			v = strings.ToUpper(v)
		}
		*f.at(&out) = v
	}
	return out
}

// merge brings a stale edit up to date: each field the user left as it was
// takes the stored value; each they changed keeps theirs, and is listed as
// a conflict when the stored value changed meanwhile too, to something else.
func merge(original, stored, typed accountFacts) (accountFacts, []factConflict) {
	out := typed
	var conflicts []factConflict
	for _, f := range factFields {
		was, theirs, yours := *f.at(&original), *f.at(&stored), *f.at(&typed)
		switch {
		case yours == was:
			*f.at(&out) = theirs
		case theirs != was && theirs != yours:
			show := func(v string) string {
				if f.labelled {
					return label(v)
				}
				return v
			}
			conflicts = append(conflicts, factConflict{Field: f.name, Theirs: show(theirs), Yours: show(yours)})
		}
	}
	return out, conflicts
}
