package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// approvalForm is the form that requests a discount on an account: on the
// account page's panel and on its own page, with the values typed and the
// reason when it was refused.
type approvalForm struct {
	Account *kam.Account
	Kinds   []option
	// For offers the account's open deals and its contracts.
	For                                       []option
	Depth, StartsOn, EndsOn, Products, Reason string
	// Rule says who decides which depth; Deciders who would decide the
	// user's request at each level, as the org tree stands.
	Rule     string
	Deciders []kam.DiscountDecider
	Error    string
}

// approvalNewPage is the data of the page that requests a discount.
type approvalNewPage struct {
	layout
	Form *approvalForm
}

// newApprovalForm is the form for an account with the values of v (a
// posted form, or nil for an empty one starting today for 90 days).
func (a *App) newApprovalForm(ctx context.Context, p *kam.Principal, acc *kam.Account, v url.Values) (*approvalForm, error) {
	today := kam.DateOf(a.st.Now())
	if v == nil {
		v = url.Values{"kind": {"promotional"}, "starts_on": {today.String()}, "ends_on": {today.AddDays(90).String()}}
	}
	f := &approvalForm{Account: acc, Kinds: options(kam.DiscountKinds, v.Get("kind")), Depth: v.Get("depth"),
		StartsOn: v.Get("starts_on"), EndsOn: v.Get("ends_on"), Products: v.Get("products"), Reason: v.Get("reason")}
	rule, err := a.st.DiscountRule(ctx)
	if err != nil {
		return nil, err
	}
	f.Rule = rule.Describe()
	if f.Deciders, err = a.st.DiscountDeciders(ctx, p); err != nil {
		return nil, err
	}
	if acc.Status == kam.StatusLost {
		f.Error = "This account is lost: a discount is asked for once it is won back (reactivate it first)."
	}
	f.For = []option{{Value: "", Label: "The account in general"}}
	deals, err := a.st.FindOpportunities(ctx, p, store.OpportunityFilter{AccountID: acc.ID, OpenOnly: true, Limit: accountDealRows})
	if err != nil {
		return nil, err
	}
	for _, d := range deals.Deals {
		f.For = append(f.For, option{Value: "opportunity:" + strconv.FormatInt(d.ID, 10), Label: "Deal: " + d.Name})
	}
	contracts, err := a.st.FindContracts(ctx, p, acc.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range contracts {
		f.For = append(f.For, option{Value: "contract:" + strconv.FormatInt(c.ID, 10), Label: "Contract: " + c.Name})
	}
	for i := range f.For {
		f.For[i].Selected = f.For[i].Value == v.Get("for")
	}
	return f, nil
}

// NewApproval serves GET /approvals/new?account_id=ID: the form to request
// a discount on an account the user may change.
func (a *App) NewApproval(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	id, _ := strconv.ParseInt(r.URL.Query().Get("account_id"), 10, 64)
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err == nil {
		err = writable(a.st.CanEditAccount(ctx, p, id))
	}
	var f *approvalForm
	if err == nil {
		f, err = a.newApprovalForm(ctx, p, acc, nil)
	}
	if err != nil {
		a.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "approval_new", &approvalNewPage{layout: layout{Title: "Request a discount · " + acc.Name, Nav: "approvals"}, Form: f})
}

// CreateApproval serves POST /approvals: it requests the discount the form
// describes and shows the request, or shows the form again with the reason.
func (a *App) CreateApproval(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	v := r.PostForm
	id, _ := strconv.ParseInt(v.Get("account_id"), 10, 64)
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	req, err := a.readApprovalForm(ctx, id, v)
	if err == nil {
		err = a.st.CreateDiscountRequest(ctx, p, req)
	}
	if err == nil {
		http.Redirect(w, r, "/approvals/"+strconv.FormatInt(req.ID, 10)+"?done=requested", http.StatusSeeOther)
		return
	}
	code := kam.ErrorCode(err)
	if code != kam.EINVALID && code != kam.EFORBIDDEN {
		a.Error(w, r, err)
		return
	}
	f, ferr := a.newApprovalForm(ctx, p, acc, v)
	if ferr != nil {
		a.Error(w, r, ferr)
		return
	}
	f.Error = kam.ErrorMessage(err)
	a.render(w, r, httpx.Status(code), "approval_new", &approvalNewPage{layout: layout{Title: "Request a discount · " + acc.Name, Nav: "approvals"}, Form: f})
}

// readApprovalForm turns the form's fields into a request.
func (a *App) readApprovalForm(ctx context.Context, accountID int64, v url.Values) (*kam.DiscountRequest, error) {
	req := &kam.DiscountRequest{AccountID: accountID, Kind: v.Get("kind"), Reason: v.Get("reason")}
	var err error
	if req.DepthBP, err = kam.ParsePercent(v.Get("depth")); err != nil {
		return nil, kam.FieldError("depth", "Give the depth as a percentage, such as 7.5.")
	}
	for _, d := range []struct {
		field string
		to    *kam.Date
	}{{"starts_on", &req.StartsOn}, {"ends_on", &req.EndsOn}} {
		if text := strings.TrimSpace(v.Get(d.field)); text != "" {
			if *d.to, err = kam.ParseDate(text); err != nil {
				return nil, kam.FieldError(d.field, "Give the days as YYYY-MM-DD.")
			}
		}
	}
	kind, ref, _ := strings.Cut(v.Get("for"), ":")
	refID, _ := strconv.ParseInt(ref, 10, 64)
	switch kind {
	case "opportunity":
		req.OpportunityID = refID
	case "contract":
		req.ContractID = refID
	}
	var skus []string
	for sku := range strings.FieldsFuncSeq(v.Get("products"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		skus = append(skus, sku)
	}
	if req.ProductIDs, err = a.st.ProductIDsBySKU(ctx, skus); err != nil {
		return nil, err
	}
	return req, nil
}
