package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// Quick capture logs a call, visit or note, adds a task or opens an
// opportunity in at most three fields (what, a line of text, and a due date
// or an amount) and one keystroke: Enter in the text field saves. It works
// without script. The partial "capture" renders the form on any page,
// usually with the account fixed (captureFor); the /capture page is the
// same form with an account field, which takes a name or a number. Every
// form posts to /capture and carries next, the local page to return to,
// with ?saved=KIND added. Input that cannot be saved comes back on the
// /capture page as typed, with the reason.

// captureKind is one choice of the form's kind select.
type captureKind struct {
	Value, Label string
	// Placeholder is the text field's hint for this kind.
	Placeholder string
	Selected    bool
}

// captureKinds are what the form captures, in the order of its select.
var captureKinds = []captureKind{
	{Value: "call", Label: "Call", Placeholder: "What was the call about?"},
	{Value: "visit", Label: "Visit", Placeholder: "What came of the visit?"},
	{Value: "note", Label: "Note", Placeholder: "What to remember"},
	{Value: "task", Label: "Task", Placeholder: "What is to be done?"},
	{Value: "opportunity", Label: "Opportunity", Placeholder: "Name of the deal"},
}

// captureSaved are the sentences of the outcomes a capture redirects with
// (?saved=KIND); a page shows one of these, never text from the query.
var captureSaved = map[string]string{
	"call":        "Call logged.",
	"visit":       "Visit logged.",
	"note":        "Note saved.",
	"task":        "Task added.",
	"opportunity": "Opportunity added, in prospecting.",
}

const (
	captureMatches   = 10 // accounts listed when a typed account is ambiguous
	captureCloseDays = 90 // a captured opportunity's close date, from today
	captureRecent    = 5  // activities the page lists for a fixed account
	captureTaskRows  = 20 // tasks the page lists
	captureTaskDays  = 7  // without an account: the user's tasks due within a week
)

// captureForm is the data of the partial "capture": the account, the
// fields as typed, and what went wrong with them.
type captureForm struct {
	// ID prefixes the form's element ids, so that several forms can share
	// a page.
	ID string
	// Full is the /capture page's form: an account field and visible labels.
	Full bool
	// AccountID fixes the account; AccountName and Currency are its.
	AccountID   int64
	AccountName string
	Currency    string
	// Account is the account field as typed, when none is fixed, and
	// Matches the accounts it could mean, to pick from.
	Account     string
	Matches     []*kam.Account
	MoreMatches bool
	// Next is the local page the form returns to once saved.
	Next  string
	Kinds []captureKind
	// The fields as typed.
	Kind, Subject, Due, Amount string
	// Placeholder is the text field's hint for Kind.
	Placeholder string
	// Error says what to change, in the field ErrorField names (account,
	// kind, subject, due or amount); Focus names the field to start in.
	Error, ErrorField, Focus string
}

// captureFor returns the form of one account (nil for none) that returns to
// next, for a page to render with {{template "capture" .}}.
func captureFor(acct *kam.Account, next string) *captureForm {
	f := &captureForm{ID: "capture", Next: safeNext(next), Kind: "call"}
	if acct != nil {
		f.ID = "capture-" + strconv.FormatInt(acct.ID, 10)
		f.AccountID, f.AccountName, f.Currency = acct.ID, acct.Name, acct.Currency
	}
	return f.withKinds()
}

// withKinds fills the kind select and the text field's hint for f.Kind.
func (f *captureForm) withKinds() *captureForm {
	f.Kinds = make([]captureKind, len(captureKinds))
	for i, k := range captureKinds {
		k.Selected = k.Value == f.Kind
		if k.Selected {
			f.Placeholder = k.Placeholder
		}
		f.Kinds[i] = k
	}
	return f
}

// validCaptureKind reports whether kind is one of the form's kinds.
func validCaptureKind(kind string) bool {
	_, ok := captureSaved[kind]
	return ok
}

// capturePage is the data of the /capture page.
type capturePage struct {
	layout
	Form     *captureForm
	Notice   string
	ReadOnly bool
	// Account is the fixed account, whose latest activities and open tasks
	// the page lists; without one it lists the user's tasks due this week.
	Account    *kam.Account
	Activities []*store.ActivityRow
	Tasks      []taskView
	// Back is this page's address, which the tasks' Done forms return to.
	Back string
}

// taskView is a task as listed, with its due day judged against today.
type taskView struct {
	*store.TaskRow
	Overdue, DueToday bool
}

// captureURL is the /capture page, for an account when id is not 0.
func captureURL(id int64) string {
	if id == 0 {
		return "/capture"
	}
	return "/capture?account_id=" + strconv.FormatInt(id, 10)
}

// CaptureForm serves GET /capture: the form with an account field, or with
// the account fixed (?account_id=), a kind chosen (?kind=) and the page to
// return to (?next=, by default this page). After a capture it says what
// was saved (?saved=KIND).
func (a *App) CaptureForm(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	q := r.URL.Query()
	var acct *kam.Account
	if s := q.Get("account_id"); s != "" {
		var err error
		if acct, err = a.fixedAccount(ctx, p, s); err != nil {
			a.Error(w, r, err)
			return
		}
	}
	f := captureFor(acct, "")
	f.Full, f.Focus = true, "account"
	if acct != nil {
		f.Focus = "subject"
	}
	f.Next = captureNext(q.Get("next"), f.AccountID)
	if k := q.Get("kind"); validCaptureKind(k) {
		f.Kind = k
	}
	a.renderCapture(w, r, http.StatusOK, f.withKinds(), acct, captureSaved[q.Get("saved")])
}

// captureNext is the page a capture returns to: next when it is a local
// path, else the /capture page it was made on.
func captureNext(next string, accountID int64) string {
	if next == "" {
		return captureURL(accountID)
	}
	return safeNext(next)
}

// fixedAccount reads the account a form fixes by id; a malformed id, or an
// account p may not see, is not found.
func (a *App) fixedAccount(ctx context.Context, p *kam.Principal, s string) (*kam.Account, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return nil, kam.Errorf(kam.ENOTFOUND, "There is no account %q.", s)
	}
	return a.st.FindAccountByID(ctx, p, id)
}

// renderCapture renders the /capture page around form f, with what the
// page lists beside it.
func (a *App) renderCapture(w http.ResponseWriter, r *http.Request, status int, f *captureForm, acct *kam.Account, notice string) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	d := &capturePage{
		layout:   layout{Title: "Log a call, visit, note, task or opportunity", Nav: "day"},
		Form:     f,
		Notice:   notice,
		ReadOnly: !p.CanWrite(),
		Account:  acct,
		Back:     captureURL(f.AccountID),
	}
	today := kam.DateOf(a.st.Now())
	filter := store.TaskFilter{AssigneeID: p.UserID, DueBy: today.AddDays(captureTaskDays), Limit: captureTaskRows}
	if acct != nil {
		filter = store.TaskFilter{AccountID: acct.ID, Limit: captureTaskRows}
		var err error
		if d.Activities, err = a.st.FindActivities(ctx, p, acct.ID, captureRecent); err != nil {
			a.Error(w, r, err)
			return
		}
	}
	tasks, err := a.st.FindTasks(ctx, p, filter)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	for _, t := range tasks {
		d.Tasks = append(d.Tasks, taskView{TaskRow: t, Overdue: !t.Due.IsZero() && t.Due.Before(today), DueToday: t.Due == today})
	}
	a.render(w, r, status, "capture", d)
}

// Capture serves POST /capture with the fields kind (call, visit, note,
// task or opportunity), subject (the subject, task title or deal name),
// due (a task's due day, YYYY-MM-DD, optional), amount (a deal's amount,
// optional), account_id or account (a name or number), and next. It saves,
// then redirects to next with ?saved=KIND. A deal opens in prospecting, as
// a new business deal in the account's currency, closing in 90 days, owned
// by the user. Input that cannot be saved comes back on the /capture page
// as typed, with the reason and the status of the refusal; an account the
// user may not see is the not-found page.
func (a *App) Capture(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	ctx, p := r.Context(), httpx.Principal(r.Context())
	if !p.CanWrite() {
		a.Error(w, r, kam.Errorf(kam.EFORBIDDEN, "Your access is read only: you may see accounts but not log anything on them."))
		return
	}
	form := r.PostForm
	f := &captureForm{
		ID: "capture", Full: true,
		Kind:    form.Get("kind"),
		Subject: strings.TrimSpace(form.Get("subject")),
		Due:     strings.TrimSpace(form.Get("due")),
		Amount:  strings.TrimSpace(form.Get("amount")),
		Account: strings.TrimSpace(form.Get("account")),
	}
	var acct *kam.Account
	var err error
	if id := form.Get("account_id"); id != "" {
		acct, err = a.fixedAccount(ctx, p, id)
	}
	if err == nil {
		err = f.check()
	}
	if err == nil && acct == nil {
		acct, err = a.captureAccount(ctx, p, f)
	}
	if acct != nil {
		f.AccountID, f.AccountName, f.Currency = acct.ID, acct.Name, acct.Currency
	}
	f.Next = captureNext(form.Get("next"), f.AccountID)
	if err == nil {
		err = a.saveCapture(ctx, p, acct, f)
	}
	switch code := kam.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, withQuery(f.Next, "saved", f.Kind), http.StatusSeeOther)
	case code == kam.EINVALID || code == kam.EFORBIDDEN || code == kam.ECONFLICT:
		f.Error, f.ErrorField = kam.ErrorMessage(err), captureField(kam.ErrorField(err))
		f.Focus = f.ErrorField
		if f.Focus == "" || f.Focus == "kind" {
			f.Focus = "subject"
		}
		if !validCaptureKind(f.Kind) {
			f.Kind = "call"
		}
		a.renderCapture(w, r, httpx.Status(code), f.withKinds(), acct, "")
	default:
		a.Error(w, r, err)
	}
}

// check checks the fields that need no account.
func (f *captureForm) check() error {
	if !validCaptureKind(f.Kind) {
		return kam.FieldError("kind", "Pick what to log: a call, visit, note, task or opportunity.")
	}
	if f.Subject == "" {
		return kam.FieldError("subject", "%s", map[string]string{
			"call": "Say what the call was about.", "visit": "Say what came of the visit.", "note": "Write the note.",
			"task": "Say what is to be done.", "opportunity": "Name the deal.",
		}[f.Kind])
	}
	if f.Kind == "task" {
		if _, err := captureDue(f.Due); err != nil {
			return err
		}
	}
	if f.Kind == "opportunity" {
		if _, err := captureAmount(f.Amount); err != nil {
			return err
		}
	}
	return nil
}

// captureDue reads a task's due day: empty for none, or YYYY-MM-DD.
func captureDue(s string) (kam.Date, error) {
	if s == "" {
		return kam.Date{}, nil
	}
	d, err := kam.ParseDate(s)
	if err != nil {
		return kam.Date{}, kam.FieldError("due", "The due date must be a day as YYYY-MM-DD, not %q.", s)
	}
	return d, nil
}

// captureAmount reads a deal's amount: empty for none, else a positive
// number such as 12,500 or 12500.50.
func captureAmount(s string) (kam.Money, error) {
	if s == "" {
		return 0, nil
	}
	m, err := kam.ParseMoney(s)
	if err != nil || m < 0 {
		return 0, kam.FieldError("amount", "The amount must be a number such as 12,500 or 12500.50, not %q.", s)
	}
	return m, nil
}

// captureField names the form's field for a field the store names.
func captureField(field string) string {
	switch field {
	case "subject", "title", "name":
		return "subject"
	case "account", "account_id":
		return "account"
	case "due", "amount", "kind":
		return field
	}
	return ""
}

// captureAccount finds the account the account field names: by number, by
// exact name, or as the only account p may see whose name holds it. When
// the name fits several, they become f.Matches to pick from.
func (a *App) captureAccount(ctx context.Context, p *kam.Principal, f *captureForm) (*kam.Account, error) {
	typed := f.Account
	if typed == "" {
		return nil, kam.FieldError("account", "Say which account: type its name or number.")
	}
	if n, err := strconv.ParseInt(strings.TrimPrefix(typed, "#"), 10, 64); err == nil && n > 0 {
		acct, err := a.st.FindAccountByID(ctx, p, n)
		if kam.ErrorCode(err) != kam.ENOTFOUND {
			return acct, err
		}
	}
	page, err := a.st.FindAccounts(ctx, p, kam.AccountFilter{Query: typed, Limit: captureMatches + 1})
	if err != nil {
		return nil, err
	}
	found := page.Accounts
	var exact []*kam.Account
	key := kam.SearchKey(typed)
	for _, acct := range found {
		if kam.SearchKey(acct.Name) == key {
			exact = append(exact, acct)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(found) == 1:
		return found[0], nil
	case len(found) == 0:
		return nil, kam.FieldError("account", "None of your accounts is called %q; check the name, or type the account's number.", typed)
	}
	if len(exact) > 1 {
		found = exact
	}
	f.Matches, f.MoreMatches = found[:min(len(found), captureMatches)], len(found) > captureMatches
	if f.MoreMatches {
		return nil, kam.FieldError("account", "More than %d of your accounts match %q; pick one from the list, or type more of the name.", captureMatches, typed)
	}
	return nil, kam.FieldError("account", "%d of your accounts match %q; pick one from the list.", len(found), typed)
}

// saveCapture writes what f captures on acct.
func (a *App) saveCapture(ctx context.Context, p *kam.Principal, acct *kam.Account, f *captureForm) error {
	switch f.Kind {
	case "task":
		due, err := captureDue(f.Due)
		if err != nil {
			return err
		}
		return a.st.CreateTask(ctx, p, &kam.Task{AccountID: acct.ID, Title: f.Subject, Due: due})
	case "opportunity":
		amount, err := captureAmount(f.Amount)
		if err != nil {
			return err
		}
		return a.st.CreateOpportunity(ctx, p, &kam.Opportunity{AccountID: acct.ID, Name: f.Subject, Kind: kam.OppNew,
			Stage: "prospecting", Amount: amount, Currency: acct.Currency, OwnerID: p.UserID,
			CloseDate: kam.DateOf(a.st.Now()).AddDays(captureCloseDays)})
	}
	return a.st.CreateActivity(ctx, p, &kam.Activity{AccountID: acct.ID, Kind: kam.ActivityKind(f.Kind), Subject: f.Subject})
}

// CompleteTask serves POST /tasks/{id}/done: it marks the task done (its
// assignee, or anyone who may change its account, may; done twice is
// done) and redirects to the form's next, a local page. A task the user
// may not see is the not-found page.
func (a *App) CompleteTask(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no task %q.", r.PathValue("id")))
		return
	}
	if err := a.st.CompleteTask(r.Context(), httpx.Principal(r.Context()), id); err != nil {
		a.Error(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}
