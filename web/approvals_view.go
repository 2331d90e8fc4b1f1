package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// approvalView is the data of a discount request's page: the request, its
// steps, who must decide and why, and the forms the user may use on it.
type approvalView struct {
	layout
	Request *kam.DiscountRequest
	// Decider names who must decide; CanDecide shows the decision form,
	// IsRequester the requester's accept and withdraw.
	Decider string
	// Decision is the approver's step, once there is one: who decided and
	// when, shown instead of who decides.
	Decision    *kam.DiscountStep
	CanDecide   bool
	IsRequester bool
	// Counter and Comment are what the user typed when a change was
	// refused; Notice and Error say what happened.
	Counter, Comment string
	Notice, Error    string
}

// ApprovalView serves GET /approvals/{id}.
func (a *App) ApprovalView(w http.ResponseWriter, r *http.Request) {
	d, err := a.approvalPage(r)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Notice = approvalNotices[r.URL.Query().Get("done")]
	a.render(w, r, http.StatusOK, "approval", d)
}

// approvalPage gathers a request's page as stored.
func (a *App) approvalPage(r *http.Request) (*approvalView, error) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		return nil, kam.Errorf(kam.ENOTFOUND, "There is no discount request %q.", r.PathValue("id"))
	}
	p := httpx.Principal(r.Context())
	req, err := a.st.FindDiscountRequest(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	d := &approvalView{layout: layout{Title: "Discount for " + req.AccountName + " · Approvals", Nav: "approvals"}, Request: req,
		Decider: deciderName(req), CanDecide: req.Status == kam.DiscountPending && store.MayDecide(p, req) == nil,
		IsRequester: p.UserID != 0 && p.UserID == req.RequesterID && p.CanWrite()}
	for i := range req.Steps {
		if slices.Contains(kam.DecisionActions, req.Steps[i].Action) {
			d.Decision = &req.Steps[i]
		}
	}
	return d, nil
}

// deciderName names who must decide a request.
func deciderName(req *kam.DiscountRequest) string {
	if req.ApproverID == 0 {
		return "An administrator"
	}
	if req.ApproverName != "" {
		return req.ApproverName
	}
	return "User " + strconv.FormatInt(req.ApproverID, 10)
}

// ActOnApproval serves POST /approvals/{id}: the approver's decision
// (action approve, reject or counter, with counter and comment) or the
// requester's answer (accept or withdraw). It redirects back to the request
// saying what was done, or shows the page again with the reason: 400 for a
// bad value, 403 for someone without authority, 409 when the request was
// decided meanwhile (nothing is written; the page shows it as it is now).
func (a *App) ActOnApproval(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no discount request %q.", r.PathValue("id")))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	ctx, p, f := r.Context(), httpx.Principal(r.Context()), r.PostForm
	action, comment, counter := f.Get("action"), strings.TrimSpace(f.Get("comment")), strings.TrimSpace(f.Get("counter"))
	version, err := strconv.ParseInt(f.Get("version"), 10, 64)
	if err != nil {
		err = kam.FieldError("version", "The form is incomplete; reload the page and try again.")
	}
	if err == nil {
		switch action {
		case kam.StepAccept:
			_, err = a.st.AcceptCounter(ctx, p, id, version, comment)
		case kam.StepWithdraw:
			_, err = a.st.WithdrawDiscount(ctx, p, id, version, comment)
		default:
			dec := kam.DiscountDecision{Version: version, Action: action, Comment: comment}
			if action == kam.StepCounter {
				if dec.CounterBP, err = kam.ParsePercent(counter); err != nil {
					err = kam.FieldError("counter", "Give the counter as a percentage, such as 5.")
				}
			}
			if err == nil {
				_, err = a.st.DecideDiscount(ctx, p, id, dec)
			}
		}
	}
	code := kam.ErrorCode(err)
	switch code {
	case "":
		http.Redirect(w, r, "/approvals/"+strconv.FormatInt(id, 10)+"?done="+action, http.StatusSeeOther)
		return
	case kam.EINVALID, kam.EFORBIDDEN, kam.ESTALE, kam.ECONFLICT:
	default:
		a.Error(w, r, err)
		return
	}
	d, perr := a.approvalPage(r)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error = kam.ErrorMessage(err)
	status := httpx.Status(code)
	if code == kam.ESTALE {
		d.Error = "Someone else acted on this request while you were looking at it, and nothing was saved. " +
			"It is shown as it is now: look it over, then act again if it still needs you."
		status = http.StatusConflict
	} else {
		d.Counter, d.Comment = counter, comment // keep what the user typed
	}
	a.render(w, r, status, "approval", d)
}
