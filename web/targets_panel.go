package web

import (
	"cmp"
	"context"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// objectivePanel is what the account page shows of targets: the account's
// objectives whose period has not ended or ended within the year, each
// measured over its own period on the account and the accounts below it,
// and the form that adds one when the user may change the account.
type objectivePanel struct {
	AccountID int64
	Table     targetTable
	CanEdit   bool
	// The form's choices (this and the next month, quarter and fiscal
	// year) and, after a refused save, what was typed and why.
	Periods, Bases                []option
	Amount, Currency, Description string
	Error, Field                  string
}

// objectivePanel loads the account page's panel of objectives.
func (a *App) objectivePanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*objectivePanel, error) {
	figures, err := a.st.AccountObjectives(ctx, p, acc.ID, store.AttainmentQuery{Today: today, Reach: forecastReach})
	if err != nil {
		return nil, err
	}
	canEdit, err := a.st.CanEditAccount(ctx, p, acc.ID)
	if err != nil {
		return nil, err
	}
	cal, err := a.st.FiscalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	d := &objectivePanel{AccountID: acc.ID, CanEdit: canEdit, Currency: acc.Currency, Bases: targetBases(kam.BasisOrders)}
	// The table has the forecast's columns when an objective's period is
	// under way or to come.
	d.Table = targetTable{ID: "objectives-h", Caption: "The account's objectives, each over its period, with what the account and those below it achieved"}
	for _, f := range figures {
		d.Table.HasForecast = d.Table.HasForecast || !f.Set.PeriodEnd.Before(today)
	}
	for _, f := range figures {
		open := !f.Set.PeriodEnd.Before(today)
		f.Name = cmp.Or(f.Set.Description, "Objective")
		d.Table.Rows = append(d.Table.Rows, &targetRow{TargetFigures: f, Sub: f.Set.PeriodLabel, Editable: canEdit && open, Back: acc.ID,
			Forecasted: d.Table.HasForecast, Bar: newAttainmentBar(f, open)})
	}
	quarter := cal.At(kam.PeriodQuarter, today)
	for _, kind := range kam.PeriodKinds {
		for n := range 2 {
			period := cal.Shift(cal.At(kind, today), n)
			d.Periods = append(d.Periods, option{Value: period.Key(), Label: period.Label(), Selected: period.Key() == quarter.Key()})
		}
	}
	return d, nil
}
