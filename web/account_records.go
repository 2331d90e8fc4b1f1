package web

import (
	"context"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// How many of each record the account page lists.
const (
	timelineRows    = 40
	accountCaseRows = 20
	invoiceRows     = 20
	accountDealRows = 50
)

// accountRecords are the account page's lists of what belongs to the
// account beyond its figures: who looks after it, what happened on it, its
// deals, contracts, cases and invoices, and its buying centre.
type accountRecords struct {
	Team          []store.TeamSeat
	Timeline      []store.TimelineEvent
	Opportunities []*store.PipelineDeal
	// OpenPipeline is the open deals' amounts and weighted amounts per
	// currency.
	OpenPipeline  []store.StageTotal
	MoreDeals     int
	Contracts     []contractRow
	Cases         []*kam.Case
	Invoices      []invoiceRow
	BuyingCentre  *buyingCentre
	OverdueAmount []kam.CurrencyAmount
}

// contractRow is a contract with its notice deadline worked out.
type contractRow struct {
	*kam.Contract
	NoticeBy kam.Date // the last day to give notice; zero without a notice period
	EndsIn   int      // days from today to its end; negative once ended
}

// invoiceRow is an invoice with how late it is.
type invoiceRow struct {
	*kam.Invoice
	DaysLate int // days past due, unpaid; 0 when paid or not yet due
}

// records reads an account's records for its page.
func (a *App) records(ctx context.Context, p *kam.Principal, id int64, contacts []*kam.Contact, today kam.Date) (*accountRecords, error) {
	rec := &accountRecords{BuyingCentre: newBuyingCentre(contacts)}
	var err error
	if rec.Team, err = a.st.FindAccountTeam(ctx, p, id); err != nil {
		return nil, err
	}
	if rec.Timeline, err = a.st.FindTimeline(ctx, p, id, timelineRows); err != nil {
		return nil, err
	}
	deals, err := a.st.FindOpportunities(ctx, p, store.OpportunityFilter{AccountID: id, Limit: accountDealRows})
	if err != nil {
		return nil, err
	}
	rec.Opportunities = deals.Deals
	for _, t := range deals.Totals {
		if t.Stage != "won" && t.Stage != "lost" {
			rec.OpenPipeline = addStageTotal(rec.OpenPipeline, t)
		}
	}
	for _, n := range deals.More {
		rec.MoreDeals += n
	}
	contracts, err := a.st.FindContracts(ctx, p, id)
	if err != nil {
		return nil, err
	}
	for _, k := range contracts {
		row := contractRow{Contract: k, EndsIn: today.DaysUntil(k.EndDate)}
		if k.NoticeDays > 0 {
			row.NoticeBy = k.EndDate.AddDays(-k.NoticeDays)
		}
		rec.Contracts = append(rec.Contracts, row)
	}
	if rec.Cases, err = a.st.FindCases(ctx, p, id, accountCaseRows); err != nil {
		return nil, err
	}
	invoices, err := a.st.FindInvoices(ctx, p, id, invoiceRows)
	if err != nil {
		return nil, err
	}
	for _, v := range invoices {
		row := invoiceRow{Invoice: v}
		if v.PaidOn.IsZero() && v.DueOn.Before(today) {
			row.DaysLate = v.DueOn.DaysUntil(today)
			rec.OverdueAmount = addAmount(rec.OverdueAmount, v.Currency, v.Amount)
		}
		rec.Invoices = append(rec.Invoices, row)
	}
	return rec, nil
}

// addStageTotal adds a stage's total into per-currency totals of all stages.
func addStageTotal(totals []store.StageTotal, t store.StageTotal) []store.StageTotal {
	for i := range totals {
		if totals[i].Currency == t.Currency {
			totals[i].Deals += t.Deals
			totals[i].Amount += t.Amount
			totals[i].Weighted += t.Weighted
			return totals
		}
	}
	t.Stage = ""
	return append(totals, t)
}

// addAmount adds an amount into per-currency amounts.
func addAmount(sums []kam.CurrencyAmount, currency string, m kam.Money) []kam.CurrencyAmount {
	for i := range sums {
		if sums[i].Currency == currency {
			sums[i].Amount += m
			return sums
		}
	}
	return append(sums, kam.CurrencyAmount{Currency: currency, Amount: m})
}
