package portfolio

import (
	"context"
	"fmt"
	"slices"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/forecast"
	"github.com/kamhq/kam/insight/recommend"
	"github.com/kamhq/kam/store"
)

// backtestHorizon is how far ahead each replayed day is judged: the 90 days
// (or three months) after it.
const backtestHorizon = 90

// BacktestDay is how well kam's insights on one replayed day foresaw the 90
// days after it.
type BacktestDay struct {
	AsOf kam.Date `json:"as_of"`
	// Accounts had bought before the day.
	Accounts int `json:"accounts"`
	// Flags: of the Judged accounts (those that bought at least 1,000 a
	// quarter over the year before), a decline flag (volume drop or
	// overdue order) is confirmed when the account bought less than half
	// its usual quarter in the 90 days after; Declined counts the accounts
	// that did, Flagged those flagged, Confirmed those both.
	Judged    int     `json:"judged"`
	Flagged   int     `json:"flagged"`
	Declined  int     `json:"declined"`
	Confirmed int     `json:"confirmed"`
	Precision float64 `json:"flag_precision"`
	Recall    float64 `json:"flag_recall"`
	// Forecast: WAPE of the next three months' revenue per account, kam's
	// forecast against seasonal naive.
	ForecastWAPE      float64 `json:"forecast_wape"`
	SeasonalNaiveWAPE float64 `json:"seasonal_naive_wape"`
	// Recommendations: of the products accounts bought for the first time
	// in the 90 days after, the share in their top 10, kam's against the
	// most popular products.
	NewProducts   int     `json:"new_products"`
	RecallAt10    float64 `json:"recall_at_10"`
	PopularRecall float64 `json:"popular_recall_at_10"`
}

// Backtest replays days from from to to, every step days, judging each
// with only what was known on it against what happened in the 90 days after
// (so the last day judged is 90 days before to). It reads the whole
// portfolio as of to twice: once to learn what sold together on each day,
// once to judge.
func Backtest(ctx context.Context, st *store.Store, from, to kam.Date, step int) ([]BacktestDay, error) {
	if step < 1 {
		return nil, kam.FieldError("step", "The step is a number of days, at least 1.")
	}
	var days []kam.Date
	for d := from; !to.Before(d.AddDays(backtestHorizon)); d = d.AddDays(step) {
		days = append(days, d)
	}
	if len(days) == 0 {
		return nil, kam.FieldError("to", "Backtesting needs %d days after the first day judged; from %s to %s has fewer.", backtestHorizon, from, to)
	}
	builders := make([]*recommend.Builder, len(days))
	for i := range builders {
		builders[i] = recommend.NewBuilder(recommend.Options{})
	}
	err := st.EachHistory(ctx, kam.System(), to, func(a *kam.Account, h *insight.History) error {
		lines := recommendLines(h)
		for i, d := range days {
			builders[i].Add(a.ID, recommend.Summarise(a.ID, lines, d).Products)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backtest: %w", err)
	}
	models := make([]*recommend.Model, len(days))
	for i, b := range builders {
		models[i] = b.Build()
	}
	out := make([]BacktestDay, len(days))
	acc := make([]struct{ kam, naive forecast.Accuracy }, len(days))
	hits := make([][2]int, len(days))
	err = st.EachHistory(ctx, kam.System(), to, func(a *kam.Account, h *insight.History) error {
		lines := recommendLines(h)
		for i, d := range days {
			judgeDay(&out[i], &acc[i].kam, &acc[i].naive, &hits[i], models[i], h, lines, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backtest: %w", err)
	}
	for i := range out {
		o := &out[i]
		o.AsOf = days[i]
		o.Precision, o.Recall = share(o.Confirmed, o.Flagged), share(o.Confirmed, o.Declined)
		o.ForecastWAPE, o.SeasonalNaiveWAPE = acc[i].kam.WAPE(), acc[i].naive.WAPE()
		o.RecallAt10, o.PopularRecall = share(hits[i][0], o.NewProducts), share(hits[i][1], o.NewProducts)
	}
	return out, nil
}

// judgeDay adds one account's outcome on one replayed day.
func judgeDay(o *BacktestDay, kamAcc, naiveAcc *forecast.Accuracy, hits *[2]int, m *recommend.Model,
	h *insight.History, lines []recommend.Line, asOf kam.Date) {
	before := insight.Roll(h.Sales, asOf)
	if before.FirstOrder.IsZero() {
		return
	}
	o.Accounts++
	// Flags: did a decline flag foresee a decline?
	flagged := false
	for _, f := range insight.Flags(h.Sales, asOf, insight.FlagOptions{Currency: h.Currency}) {
		if f.Kind == insight.VolumeDrop || f.Kind == insight.OrderOverdue {
			flagged = true
		}
	}
	// Flags are judged on accounts that bought at least 1,000 a quarter
	// over the year before (the volume floor): one that then bought less
	// than half of its usual quarter declined.
	usual := float64(before.Revenue12M) / 365 * backtestHorizon
	if usual >= 1000*kam.MoneyScale {
		o.Judged++
		declined := float64(revenueBetween(h.Sales, asOf, asOf.AddDays(backtestHorizon))) < usual/2
		if flagged {
			o.Flagged++
		}
		if declined {
			o.Declined++
		}
		if flagged && declined {
			o.Confirmed++
		}
	}
	// Forecast: the next three months against what came.
	f := forecast.Account(h.Sales, asOf, forecast.Options{})
	if f.Reason == "" && len(f.Months) > 0 {
		history := forecast.Monthly(h.Sales, asOf, forecast.DefaultHistory)
		naive := forecast.PredictWith(history, forecast.SeasonalNaive, forecast.Options{})
		actual := actualMonths(h.Sales, f.Months)
		kamAcc.Add(actual, points(f.Months), history.Values)
		naiveAcc.Add(actual, points(naive.Months), history.Values)
	}
	// Recommendations: the products first bought in the 90 days after.
	had := recommend.Summarise(0, lines, asOf).Products
	later := recommend.Summarise(0, lines, asOf.AddDays(backtestHorizon)).Products
	var fresh []string
	for _, p := range later {
		if _, found := slices.BinarySearch(had, p); !found {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) == 0 || len(had) == 0 {
		return
	}
	o.NewProducts += len(fresh)
	for i, recs := range [][]recommend.Recommendation{m.Recommend(had, 10, recommend.Catalog{}), m.Popular(had, 10, recommend.Catalog{})} {
		for _, r := range recs {
			if slices.Contains(fresh, r.Product) {
				hits[i]++
			}
		}
	}
}

// recommendLines are an account's order lines in the recommender's form.
func recommendLines(h *insight.History) []recommend.Line {
	out := make([]recommend.Line, 0, len(h.Lines))
	for _, l := range h.Lines {
		if l.Product != "" {
			out = append(out, recommend.Line{Product: l.Product, Family: l.Family, Date: l.Date, Quantity: l.Quantity, Amount: l.Amount})
		}
	}
	return out
}

// revenueBetween sums the sales in (from, to].
func revenueBetween(sales []insight.Sale, from, to kam.Date) kam.Money {
	var sum kam.Money
	for _, s := range sales {
		if from.Before(s.Date) && !to.Before(s.Date) {
			sum += s.Amount
		}
	}
	return sum
}

// actualMonths sums the sales of each forecast month.
func actualMonths(sales []insight.Sale, months []forecast.MonthPoint) []float64 {
	out := make([]float64, len(months))
	for _, s := range sales {
		m := forecast.MonthOf(s.Date)
		for i, p := range months {
			if p.Month == m {
				out[i] += s.Amount.Float()
			}
		}
	}
	return out
}

func points(months []forecast.MonthPoint) []float64 {
	out := make([]float64, len(months))
	for i, p := range months {
		out[i] = p.Point.Float()
	}
	return out
}

func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
