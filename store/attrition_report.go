package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// The attrition report: the accounts lost in a period with what they were
// worth (their revenue of the 12 months up to the loss), by reason and by
// competitor, the accounts won back in it, and the trend over the periods
// before. Amounts in different currencies are never added together.

// AttritionFilter chooses the period: a month or quarter holding a day.
type AttritionFilter struct {
	Period string   // month or quarter
	Day    kam.Date // a day of the period; zero is today
	// Trend is how many periods the trend shows, ending with this one
	// (default 12 months or 8 quarters).
	Trend int
}

// AttritionReport is the attrition of the accounts p may see in a period.
type AttritionReport struct {
	Period string   `json:"period"`
	Label  string   `json:"label"`
	From   kam.Date `json:"from"`
	To     kam.Date `json:"to"`
	// Lost are the accounts lost in the period, the most valuable first.
	Lost []LostAccount `json:"lost"`
	// Revenue is what the lost accounts bought in the 12 months up to
	// their loss, per currency.
	Revenue      []kam.CurrencyAmount `json:"revenue"`
	ByReason     []AttritionGroup     `json:"by_reason"`
	ByCompetitor []AttritionGroup     `json:"by_competitor"`
	// WonBack are the accounts won back in the period.
	WonBack []LostAccount `json:"won_back"`
	// Trend is lost and won back accounts per period, oldest first.
	Trend []AttritionPeriod `json:"trend"`
}

// LostAccount is one loss in a report.
type LostAccount struct {
	kam.Loss
	AccountName string `json:"account_name"`
	OwnerID     int64  `json:"owner_id,omitempty"`
	OwnerName   string `json:"owner_name,omitempty"`
}

// AttritionGroup is the losses of one reason or competitor.
type AttritionGroup struct {
	Key      string               `json:"key"` // the reason, or the competitor ("" for none named)
	Accounts int                  `json:"accounts"`
	Revenue  []kam.CurrencyAmount `json:"revenue"`
}

// AttritionPeriod is one period of the trend.
type AttritionPeriod struct {
	Label   string               `json:"label"`
	From    kam.Date             `json:"from"`
	To      kam.Date             `json:"to"`
	Lost    int                  `json:"lost"`
	WonBack int                  `json:"won_back"`
	Revenue []kam.CurrencyAmount `json:"revenue"`
}

// FindAttrition reports the attrition of the accounts p may see.
func (s *Store) FindAttrition(ctx context.Context, p *kam.Principal, f AttritionFilter) (*AttritionReport, error) {
	if f.Day.IsZero() {
		f.Day = kam.DateOf(s.Now())
	}
	if f.Period == "" {
		f.Period = "quarter"
	}
	cal, err := s.FiscalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	period, err := cal.ReportPeriod(f.Period, f.Day)
	if err != nil {
		return nil, err
	}
	from, to := period.First, period.Last
	if f.Trend == 0 {
		f.Trend = map[string]int{"month": 12, "quarter": 8}[f.Period]
	}
	if f.Trend < 1 || f.Trend > 36 {
		return nil, kam.FieldError("trend", "The trend shows 1 to 36 periods.")
	}
	r := &AttritionReport{Period: f.Period, Label: period.Key(), From: from, To: to,
		Lost: []LostAccount{}, WonBack: []LostAccount{}, Revenue: []kam.CurrencyAmount{},
		ByReason: []AttritionGroup{}, ByCompetitor: []AttritionGroup{}}
	// The trend's periods, oldest first, end with the report's.
	day := from
	for range f.Trend {
		pp, _ := cal.ReportPeriod(f.Period, day)
		r.Trend = append(r.Trend, AttritionPeriod{Label: pp.Key(), From: pp.First, To: pp.Last, Revenue: []kam.CurrencyAmount{}})
		day = pp.First.AddDays(-1)
	}
	slices.Reverse(r.Trend)
	first := r.Trend[0].From
	losses, err := s.lossesBetween(ctx, p, first, to)
	if err != nil {
		return nil, err
	}
	for _, l := range losses {
		for i := range r.Trend {
			t := &r.Trend[i]
			if inPeriod(l.LostOn, t.From, t.To) {
				t.Lost++
				t.Revenue = addCurrencyAmount(t.Revenue, l.Currency, l.Revenue12M)
			}
			if !l.WonBackOn.IsZero() && inPeriod(l.WonBackOn, t.From, t.To) {
				t.WonBack++
			}
		}
		if inPeriod(l.LostOn, from, to) {
			r.Lost = append(r.Lost, l)
			r.Revenue = addCurrencyAmount(r.Revenue, l.Currency, l.Revenue12M)
			r.ByReason = addAttritionGroup(r.ByReason, l.Reason, l)
			r.ByCompetitor = addAttritionGroup(r.ByCompetitor, l.Competitor, l)
		}
		if !l.WonBackOn.IsZero() && inPeriod(l.WonBackOn, from, to) {
			r.WonBack = append(r.WonBack, l)
		}
	}
	slices.SortStableFunc(r.Lost, func(x, y LostAccount) int { return cmp.Compare(y.Revenue12M, x.Revenue12M) })
	for _, groups := range [][]AttritionGroup{r.ByReason, r.ByCompetitor} {
		slices.SortStableFunc(groups, func(x, y AttritionGroup) int {
			if x.Accounts != y.Accounts {
				return y.Accounts - x.Accounts
			}
			return strings.Compare(x.Key, y.Key)
		})
	}
	return r, nil
}

// lossesBetween returns the losses of the accounts p may see that were
// lost or won back from one day to another, inclusive.
func (s *Store) lossesBetween(ctx context.Context, p *kam.Principal, from, to kam.Date) ([]LostAccount, error) {
	pred, args := accountScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT `+lossColumns+`, a.name, COALESCE(a.owner_id, 0) FROM account_losses l
		JOIN accounts a ON a.id = l.account_id WHERE a.deleted_at IS NULL
		AND ((l.lost_on >= ? AND l.lost_on <= ?) OR (l.won_back_on >= ? AND l.won_back_on <= ?)) AND `+pred+`
		ORDER BY l.lost_on, l.id`, append([]any{from, to, from, to}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read losses: %w", err)
	}
	var out []LostAccount
	err = eachRow(rows, func() error {
		var x LostAccount
		var name string
		var owner int64
		l, err := scanLoss(func(dest ...any) error { return rows.Scan(append(dest, &name, &owner)...) })
		if err != nil {
			return err
		}
		x.Loss, x.AccountName, x.OwnerID = *l, name, owner
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read losses: %w", err)
	}
	for i := range out {
		if out[i].OwnerName, err = s.userName(ctx, out[i].OwnerID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// inPeriod reports whether a day lies from one day to another, inclusive.
func inPeriod(d, from, to kam.Date) bool { return !d.Before(from) && !to.Before(d) }

// addCurrencyAmount adds an amount to its currency's total.
func addCurrencyAmount(totals []kam.CurrencyAmount, currency string, amount kam.Money) []kam.CurrencyAmount {
	for i := range totals {
		if totals[i].Currency == currency {
			totals[i].Amount += amount
			return totals
		}
	}
	totals = append(totals, kam.CurrencyAmount{Currency: currency, Amount: amount})
	slices.SortFunc(totals, func(x, y kam.CurrencyAmount) int { return strings.Compare(x.Currency, y.Currency) })
	return totals
}

// addAttritionGroup counts a loss in its group.
func addAttritionGroup(groups []AttritionGroup, key string, l LostAccount) []AttritionGroup {
	for i := range groups {
		if groups[i].Key == key {
			groups[i].Accounts++
			groups[i].Revenue = addCurrencyAmount(groups[i].Revenue, l.Currency, l.Revenue12M)
			return groups
		}
	}
	return append(groups, AttritionGroup{Key: key, Accounts: 1, Revenue: addCurrencyAmount(nil, l.Currency, l.Revenue12M)})
}
