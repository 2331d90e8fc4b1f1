package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// The flags page lists what changed on every account the user may see: the
// open and acknowledged flags, the most severe and newest first, with forms
// to acknowledge, resolve or dismiss each. Like the duplicates page, every
// decision is a POST that redirects back with its outcome in the query
// string (?done=dismissed), which the page turns into one of its own
// sentences, never into text from the query.

// flagRows is how many flags the page lists at first, and how many more each
// "Show more" adds, up to maxFlagRows.
const (
	flagRows    = 100
	maxFlagRows = 1000
)

// kindWords is a kind of flag in words.
type kindWords struct {
	Kind  insight.FlagKind
	Words string
}

// flagKinds are the kinds of flag in words, in the order of the filter.
var flagKinds = []kindWords{
	{insight.VolumeDrop, "Volume drop"},
	{insight.VolumeSpike, "Volume spike"},
	{insight.OrderOverdue, "Order overdue"},
	{insight.StoppedProduct, "Stopped buying a product"},
	{insight.PriceErosion, "Price erosion"},
	{insight.NewFamily, "New product family"},
	{insight.PaymentsLater, "Paying later"},
	{insight.KeyContactLeft, "Key contact left"},
	{insight.ContactOverdue, "Contact overdue"},
	{insight.OpportunitySlipping, "Opportunity slipping"},
	{insight.ContractNotice, "Contract notice due"},
	{insight.CaseOverdue, "Case overdue"},
	{insight.OnboardingLate, "Onboarding step late"},
}

// severities are the severities of a flag, most severe first.
var severities = []string{insight.SeverityHigh, insight.SeverityMedium, insight.SeverityLow}

// flagKind names a kind of flag in words; an unknown kind is labelled.
func flagKind(kind string) string {
	for _, k := range flagKinds {
		if string(k.Kind) == kind {
			return k.Words
		}
	}
	return label(kind)
}

// flagDone are the sentences of the outcomes a decision redirects with.
var flagDone = map[string]string{
	"acknowledged": "Flag acknowledged: it stays on the list until its cause passes or someone resolves it.",
	"resolved":     "Flag resolved.",
	"dismissed":    "Flag dismissed: its cause is not raised again for 90 days.",
}

// flagsPage is the data of the flags page.
type flagsPage struct {
	layout
	Kinds      []option
	Severities []option
	Filtered   bool
	Flags      []*kam.AccountFlag
	More       bool   // more flags match than are listed
	MoreURL    string // the page with 100 more, "" at the most it lists
	Notice     string
	Error      string
	// ErrorFlag is the flag the error is about, whose form opens again
	// with Reason as typed.
	ErrorFlag int64
	Reason    string
	// Back is the filters' query string, which the forms return to.
	Back string
}

// flagActionsView is what the forms that change a flag's state need: the
// flag, the flags page's filters (Back) or another page (Next) to return to,
// and the reason and error to show again when this flag's change failed.
type flagActionsView struct {
	Flag          *kam.AccountFlag
	Back, Next    string
	Failed        bool
	Reason, Error string
}

// flagActions builds a flagActionsView in a template.
func flagActions(f *kam.AccountFlag, back, next string, errorFlag int64, reason, msg string) flagActionsView {
	v := flagActionsView{Flag: f, Back: back, Next: next}
	if f.ID == errorFlag {
		v.Failed, v.Reason, v.Error = true, reason, msg
	}
	return v
}

// flagFilter is the page's filters, read from a query string.
type flagFilter struct {
	Kind, Severity string
	// Show is how many flags to list: flagRows unless asked for more.
	Show int
}

// readFlagFilter reads and checks the filters of a query string.
func readFlagFilter(q url.Values) (flagFilter, error) {
	f := flagFilter{Kind: q.Get("kind"), Severity: q.Get("severity"), Show: flagRows}
	if v := q.Get("show"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < flagRows || n > maxFlagRows {
			return flagFilter{Show: flagRows}, kam.FieldError("show", "Show takes a number of flags from %d to %d.", flagRows, maxFlagRows)
		}
		f.Show = n
	}
	if f.Kind != "" && !slices.ContainsFunc(flagKinds, func(k kindWords) bool { return string(k.Kind) == f.Kind }) {
		return flagFilter{}, kam.FieldError("kind", "There is no kind of flag %q; pick one from the list.", f.Kind)
	}
	if f.Severity != "" && !slices.Contains(severities, f.Severity) {
		return flagFilter{}, kam.FieldError("severity", "Severity must be high, medium or low.")
	}
	return f, nil
}

// query is the filters as a query string.
func (f flagFilter) query() url.Values {
	v := url.Values{}
	if f.Kind != "" {
		v.Set("kind", f.Kind)
	}
	if f.Severity != "" {
		v.Set("severity", f.Severity)
	}
	if f.Show > flagRows {
		v.Set("show", strconv.Itoa(f.Show))
	}
	return v
}

// Flags serves GET /flags: the open and acknowledged flags of the accounts
// the user may see, filtered by kind and severity (?kind=&severity=).
func (a *App) Flags(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := readFlagFilter(q)
	d := &flagsPage{Notice: flagDone[q.Get("done")]}
	status := http.StatusOK
	if err != nil {
		d.Error, status = kam.ErrorMessage(err), http.StatusBadRequest
	}
	a.renderFlags(w, r, status, f, d)
}

// renderFlags lists the flags as filtered into d and renders the page.
func (a *App) renderFlags(w http.ResponseWriter, r *http.Request, status int, f flagFilter, d *flagsPage) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	d.layout = layout{Title: "Flags", Nav: "flags"}
	d.Filtered = f.Kind != "" || f.Severity != ""
	d.Back = f.query().Encode()
	for _, k := range flagKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k.Kind), Label: k.Words, Selected: string(k.Kind) == f.Kind})
	}
	d.Severities = options(severities, f.Severity)
	flags, more, err := a.st.FindTopFlags(ctx, p, store.FlagQuery{States: []string{"open", "acknowledged"},
		Kind: f.Kind, Severity: f.Severity, Limit: max(f.Show, flagRows)})
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Flags, d.More = flags, more
	if more && f.Show < maxFlagRows {
		next := f
		next.Show = min(f.Show+flagRows, maxFlagRows)
		d.MoreURL = "/flags?" + next.query().Encode()
	}
	if !slices.ContainsFunc(d.Flags, func(fl *kam.AccountFlag) bool { return fl.ID == d.ErrorFlag }) {
		d.ErrorFlag = 0 // not listed: the message above the list says it all
	}
	a.render(w, r, status, "flags", d)
}

// SetFlagState serves POST /flags/{id}/state: it acknowledges, resolves or
// dismisses a flag (form fields state and reason; a dismissal needs a
// reason) and redirects back to the flags page as filtered (field back). A
// change that cannot be made shows the page again with the reason by the
// flag's form.
func (a *App) SetFlagState(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	back, _ := url.ParseQuery(r.PostForm.Get("back"))
	f, ferr := readFlagFilter(back)
	if ferr != nil {
		f = flagFilter{} // a hand-made form: return to the whole list
	}
	id, ok := httpx.PathID(r, "id")
	state, reason := r.PostForm.Get("state"), r.PostForm.Get("reason")
	var err error
	if !ok {
		err = kam.Errorf(kam.ENOTFOUND, "There is no flag %q.", r.PathValue("id"))
	} else {
		err = a.st.SetFlagState(r.Context(), httpx.Principal(r.Context()), id, state, reason)
	}
	switch code := kam.ErrorCode(err); {
	case err == nil && r.PostForm.Get("next") != "":
		// Another page's form (My day): return there, saying what was done.
		http.Redirect(w, r, withQuery(safeNext(r.PostForm.Get("next")), "done", state), http.StatusSeeOther)
	case err == nil:
		q := f.query()
		q.Set("done", state)
		http.Redirect(w, r, "/flags?"+q.Encode(), http.StatusSeeOther)
	case code == kam.EINVALID || code == kam.ENOTFOUND || code == kam.EFORBIDDEN:
		d := &flagsPage{Error: kam.ErrorMessage(err), ErrorFlag: id, Reason: reason}
		a.renderFlags(w, r, httpx.Status(code), f, d)
	default:
		a.Error(w, r, err)
	}
}
