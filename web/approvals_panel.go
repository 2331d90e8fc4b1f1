package web

import (
	"context"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// approvalPanel is what the account page shows of discount and price
// approvals: the account's requests still open and its approved discounts
// not yet ended, each with the deal or contract it is for, and the form
// that requests one when the user may change the account.
type approvalPanel struct {
	Requests []*kam.DiscountRequest
	// Ended are the approved discounts of a lost account, which ended with
	// its loss; they are not among Requests.
	Ended []*kam.DiscountRequest
	// More is set when there are more than listed.
	More bool
	Form *approvalForm
}

// accountApprovalRows is how many requests the panel lists.
const accountApprovalRows = 20

// approvalPanel loads the account page's panel of discount and price approvals; nil shows nothing.
func (a *App) approvalPanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*approvalPanel, error) {
	page, err := a.st.FindDiscountRequests(ctx, p, store.DiscountFilter{AccountID: acc.ID, Status: "current", Today: today, Limit: accountApprovalRows})
	if err != nil {
		return nil, err
	}
	panel := &approvalPanel{Requests: page.Requests, More: page.Next != ""}
	if acc.Status == kam.StatusLost {
		panel.Requests = nil
		for _, d := range page.Requests {
			if d.Status == kam.DiscountApproved {
				panel.Ended = append(panel.Ended, d)
			} else {
				panel.Requests = append(panel.Requests, d)
			}
		}
	}
	editable, err := a.st.CanEditAccount(ctx, p, acc.ID)
	if err != nil {
		return nil, err
	}
	if editable && acc.Status != kam.StatusLost { // a lost account gets no new discount
		if panel.Form, err = a.newApprovalForm(ctx, p, acc, nil); err != nil {
			return nil, err
		}
	}
	return panel, nil
}
