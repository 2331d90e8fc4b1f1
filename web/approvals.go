package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// approvalsPage is the data of /approvals: the discount requests waiting
// for the user, the user's own, or all the user may see.
type approvalsPage struct {
	layout
	View     string
	Views    []approvalTab
	Statuses []option
	Requests []*kam.DiscountRequest
	// Rule says who decides which depth; IsAdmin shows the form that
	// changes it, with RuleManager and RuleDirector its values.
	Rule                      string
	IsAdmin                   bool
	RuleManager, RuleDirector string
	Notice, Error             string
	NextURL, FirstURL         string
}

// approvalTab is one view of the list, with its link.
type approvalTab struct {
	View, Label, URL string
	Current          bool
}

// approvalViews name the list's views.
var approvalViews = []struct{ view, label string }{
	{store.DiscountsWaiting, "Waiting for me"}, {store.DiscountsMine, "My requests"}, {store.DiscountsAll, "All I may see"},
}

// approvalStatusFilters are the status filter's choices.
var approvalStatusFilters = []option{
	{Value: "all", Label: "Any status"}, {Value: "open", Label: "Open"}, {Value: "current", Label: "Open or in force"},
	{Value: "pending", Label: "Pending"}, {Value: "countered", Label: "Countered"}, {Value: "approved", Label: "Approved"},
	{Value: "rejected", Label: "Rejected"}, {Value: "withdrawn", Label: "Withdrawn"},
}

// approvalNotices are the sentences a change redirects with (?done=...).
var approvalNotices = map[string]string{
	"requested": "Discount requested. Its approver sees it in their approvals and on their My day.",
	"approve":   "Discount approved. The requester has a task saying so.",
	"reject":    "Discount rejected. The requester has a task saying so.",
	"counter":   "Counter sent. The requester has a task to accept or withdraw it.",
	"accept":    "Counter accepted: the discount is approved at its depth.",
	"withdraw":  "Request withdrawn.",
	"rule":      "Approval thresholds saved; new requests follow them.",
}

// Approvals serves GET /approvals: the discount requests waiting for the
// user's decision (the default), the user's own (?view=mine), or all the
// user may see (?view=all), newest first, filtered by status and keyset
// paged; with the rule of who decides which depth.
func (a *App) Approvals(w http.ResponseWriter, r *http.Request) {
	d, status, err := a.approvalsPage(r, r.URL.Query())
	if err != nil {
		a.Error(w, r, err)
		return
	}
	a.render(w, r, status, "approvals", d)
}

// approvalsPage gathers /approvals for a query, with the status to answer:
// 400 when the query is wrong (the page says why).
func (a *App) approvalsPage(r *http.Request, q url.Values) (*approvalsPage, int, error) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	f := store.DiscountFilter{View: cmp.Or(q.Get("view"), store.DiscountsWaiting), Status: cmp.Or(q.Get("status"), "all"), After: q.Get("after")}
	d := &approvalsPage{layout: layout{Title: "Approvals", Nav: "approvals"}, View: f.View, IsAdmin: p.IsAdmin() && p.CanWrite(),
		Statuses: selecting(approvalStatusFilters, f.Status), Notice: approvalNotices[q.Get("done")]}
	for _, v := range approvalViews {
		d.Views = append(d.Views, approvalTab{View: v.view, Label: v.label, URL: "/approvals?view=" + v.view, Current: v.view == f.View})
	}
	rule, err := a.st.DiscountRule(ctx)
	if err != nil {
		return nil, 0, err
	}
	d.Rule, d.RuleManager, d.RuleDirector = rule.Describe(), percentField(rule.ManagerBP), percentField(rule.DirectorBP)
	link := url.Values{"view": {f.View}, "status": {f.Status}}
	if f.After != "" {
		d.FirstURL = "/approvals?" + link.Encode()
	}
	page, err := a.st.FindDiscountRequests(ctx, p, f)
	switch {
	case kam.ErrorCode(err) == kam.EINVALID:
		d.Error = kam.ErrorMessage(err)
		return d, http.StatusBadRequest, nil
	case err != nil:
		return nil, 0, err
	}
	d.Requests = page.Requests
	if page.Next != "" {
		link.Set("after", page.Next)
		d.NextURL = "/approvals?" + link.Encode()
	}
	return d, http.StatusOK, nil
}

// SetApprovalRule serves POST /approvals/rule: an administrator sets the
// depths up to which managers and directors approve. It redirects back to
// /approvals, or shows it again with the reason.
func (a *App) SetApprovalRule(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	var rule kam.DiscountRule
	var err error
	if rule.ManagerBP, err = kam.ParsePercent(r.PostForm.Get("manager")); err != nil {
		err = kam.FieldError("manager", "Give the managers' threshold as a percentage, such as 10.")
	} else if rule.DirectorBP, err = kam.ParsePercent(r.PostForm.Get("director")); err != nil {
		err = kam.FieldError("director", "Give the directors' threshold as a percentage, such as 25.")
	}
	if err == nil {
		err = a.st.SetDiscountRule(ctx, p, rule)
	}
	if err == nil {
		http.Redirect(w, r, "/approvals?done=rule", http.StatusSeeOther)
		return
	}
	code := kam.ErrorCode(err)
	if code != kam.EINVALID && code != kam.EFORBIDDEN {
		a.Error(w, r, err)
		return
	}
	d, _, perr := a.approvalsPage(r, url.Values{})
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error, d.RuleManager, d.RuleDirector = kam.ErrorMessage(err), r.PostForm.Get("manager"), r.PostForm.Get("director")
	a.render(w, r, httpx.Status(code), "approvals", d)
}

// percentField writes basis points for a percentage input: 1250 is "12.5".
func percentField(bp int64) string {
	s := kam.PercentOf(bp)
	if s == "" {
		return "0"
	}
	return s[:len(s)-1]
}

// dayApprovals is My day's section of discount approvals: the requests
// waiting for the user's decision, and the user's own requests with news
// (a counter to answer, or a decision in the last week).
type dayApprovals struct {
	Waiting     []*kam.DiscountRequest
	MoreWaiting bool
	Mine        []*kam.DiscountRequest
}

// How many requests My day lists, and how long a decision stays news.
const (
	dayApprovalRows = 8
	dayDecidedDays  = 7
)

// dayApprovals loads My day's approvals; nil when there are none, so that
// the section shows only when there is something to do or to know.
func (a *App) dayApprovals(ctx context.Context, p *kam.Principal, today kam.Date) (*dayApprovals, error) {
	waiting, err := a.st.FindDiscountRequests(ctx, p, store.DiscountFilter{View: store.DiscountsWaiting, Status: kam.DiscountPending,
		Limit: dayApprovalRows})
	if err != nil {
		return nil, err
	}
	d := &dayApprovals{Waiting: waiting.Requests, MoreWaiting: waiting.Next != ""}
	mine, err := a.st.FindDiscountRequests(ctx, p, store.DiscountFilter{View: store.DiscountsMine, Limit: 50})
	if err != nil {
		return nil, err
	}
	since := today.AddDays(-dayDecidedDays)
	for _, r := range mine.Requests {
		news := r.Status == kam.DiscountCountered ||
			(r.DecidedAt != nil && r.Status != kam.DiscountWithdrawn && !kam.DateOf(*r.DecidedAt).Before(since))
		if news && len(d.Mine) < dayApprovalRows {
			d.Mine = append(d.Mine, r)
		}
	}
	if len(d.Waiting) == 0 && len(d.Mine) == 0 {
		return nil, nil
	}
	return d, nil
}
