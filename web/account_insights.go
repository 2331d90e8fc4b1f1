package web

import (
	"context"
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/forecast"
	"github.com/kamhq/kam/insight/recommend"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/portfolio"
)

// The Insights section of an account page: its health, its key-account
// standing, its buying, next quarter's forecast, what it buys and what to
// offer it next. Everything is computed as of today from the account's own
// history, which one query reads; only the hierarchy's sums come from the
// stored roll-up, and what sells with what from the recommender that this
// process keeps for the day (recommender.go).

const (
	productRows = 15 // products listed, the most revenue first
	offerRows   = 5  // recommendations listed
)

// insights is the Insights section of an account page.
type insights struct {
	// Computed is false until kam recompute has stored a roll-up of the
	// account.
	Computed bool
	// Health is nil while there is no roll-up.
	Health   *healthView
	Standing standing
	Buying   buying
	Chart    *chart // nil without any revenue in the 24 months
	Forecast forecast.Forecast
	Products []productRow
	// OlderProducts counts the products bought, but not in the last 12
	// months.
	OlderProducts int
	Advice        advice
}

// healthView is a health score as the page shows it.
type healthView struct {
	Score       int
	Band        string // good, watch, poor or unknown
	Explanation string
	Note        string
	Parts       []healthPart
}

// healthPart is one part of the health score.
type healthPart struct {
	Name        string
	Share       string // of the total, "30%"; "left out" without data
	Score       int
	Explanation string
	LeftOut     bool
}

// buying is the account's buying in figures, with its hierarchy's when it
// has subsidiaries.
type buying struct {
	Revenue, Previous kam.Money
	Growth            delta
	Orders            int
	LastOrder         kam.Date
	// Interval says how often it orders, "" with fewer than three order
	// days; Since how long ago the last order was.
	Interval, Since string
	Pipeline        kam.Money
	OverdueInvoices int
	OverdueAmount   kam.Money
	NoOrders        bool // no order ever, only credit notes or nothing
	CreditNotesOnly bool // credit notes but no order
	Tree            *treeFigures
	LastContact     []channelDay
}

// treeFigures are a hierarchy's sums from the stored roll-up, as of the
// day it was computed.
type treeFigures struct {
	Accounts int
	Revenue  kam.Money
	Growth   delta
	Orders   int
	Pipeline kam.Money
	AsOf     kam.Date
}

// channelDay is the latest contact on one channel.
type channelDay struct {
	Channel string
	Day     kam.Date
}

// productRow is one product the account buys.
type productRow struct {
	Name, SKU string
	Revenue   kam.Money
	Quantity  int64
	// Price is the average price against list, "92%"; "" without a list
	// price.
	Price string
	Last  kam.Date
}

// insights computes an account's Insights section as of a day for p, who
// may see the account (else ENOTFOUND).
func (a *App) insights(ctx context.Context, p *kam.Principal, id int64, today kam.Date) (*insights, error) {
	acc, h, err := a.st.AccountHistory(ctx, p, id, today)
	if err != nil {
		return nil, err
	}
	cfg, err := portfolio.LoadConfig(ctx, a.st)
	if err != nil {
		return nil, err
	}
	in := &insights{}
	own := insight.Summarise(h, today)
	var tree *insight.Figures
	roll, err := a.st.FindRollup(ctx, p, id)
	switch {
	case kam.ErrorCode(err) == kam.ENOTFOUND:
	case err != nil:
		return nil, err
	default:
		in.Computed = true
		hs, err := score.Health(portfolio.HealthInput(h, today), cfg.Health)
		if err != nil {
			return nil, fmt.Errorf("health of account %d: %w", id, err)
		}
		in.Health = viewHealth(hs)
		if roll.Tree.Accounts > 1 {
			tree = &roll.Tree
		}
	}
	if in.Standing, err = a.standing(ctx, p, id, cfg.Classify); err != nil {
		return nil, err
	}
	in.Buying = viewBuying(own, h)
	if tree != nil {
		in.Buying.Tree = &treeFigures{Accounts: tree.Accounts, Revenue: tree.Revenue12M,
			Growth: change(tree.Revenue12M, tree.RevenuePrev12M), Orders: tree.Orders12M, Pipeline: tree.WeightedPipeline, AsOf: tree.AsOf}
	}
	in.Chart = newChart(own.Monthly, tree, acc.Currency)
	in.Forecast = portfolio.AccountForecastOf(h, today, forecast.Options{})
	in.Products, in.OlderProducts = viewProducts(insight.RollProducts(h.Lines, today))
	in.Advice = a.advise(ctx, acc, h, today)
	return in, nil
}

// viewHealth turns a health score into what the page shows.
func viewHealth(hs score.HealthScore) *healthView {
	v := &healthView{Score: int(math.Round(hs.Score)), Band: string(hs.Band), Explanation: hs.Explanation, Note: hs.Note}
	for _, p := range hs.Parts {
		if p.Weight <= 0 {
			continue // turned off in the settings
		}
		part := healthPart{Name: capitalise(p.Name), Score: int(math.Round(p.Score)), Explanation: p.Explanation, LeftOut: !p.EnoughData}
		if part.LeftOut {
			part.Share = "left out"
		} else {
			part.Share = fmt.Sprintf("%.0f%%", p.Share*100)
		}
		v.Parts = append(v.Parts, part)
	}
	return v
}

// viewBuying puts an account's own figures in words.
func viewBuying(f insight.Figures, h *insight.History) buying {
	b := buying{Revenue: f.Revenue12M, Previous: f.RevenuePrev12M, Growth: change(f.Revenue12M, f.RevenuePrev12M),
		Orders: f.Orders12M, LastOrder: f.LastOrder, Pipeline: f.WeightedPipeline,
		OverdueInvoices: f.OverdueInvoices, OverdueAmount: f.OverdueAmount, NoOrders: f.DaysSinceLast < 0}
	b.CreditNotesOnly = b.NoOrders && len(h.Sales) > 0
	switch {
	case b.NoOrders:
		b.Since = "No orders yet"
	case f.DaysSinceLast == 0:
		b.Since = "Today"
	default:
		b.Since = plural(f.DaysSinceLast, "day", "days") + " ago"
	}
	if f.HasInterval {
		b.Interval = "Every " + plural(int(math.Round(f.Interval)), "day", "days")
		if s := int(math.Round(f.Spread)); s > 0 {
			b.Interval += fmt.Sprintf(", ±%d", s)
		}
	}
	for _, ch := range []string{"visit", "meeting", "call", "email"} {
		if d, ok := f.LastContact[ch]; ok {
			b.LastContact = append(b.LastContact, channelDay{Channel: label(ch), Day: d})
		}
	}
	return b
}

// viewProducts lists the products bought in the last 12 months, the most
// revenue first, and counts the others.
func viewProducts(rolls []insight.ProductRoll) ([]productRow, int) {
	var rows []productRow
	older := 0
	for _, r := range rolls {
		if r.Revenue12M == 0 && r.Quantity12M == 0 {
			older++
			continue
		}
		if len(rows) == productRows {
			continue
		}
		row := productRow{Name: r.Name, SKU: r.Product, Revenue: r.Revenue12M, Quantity: r.Quantity12M, Last: r.Last}
		if row.Name == "" {
			row.Name = r.Product
		}
		if ratio, ok := r.PriceToList(); ok {
			row.Price = fmt.Sprintf("%.0f%%", ratio*100)
		}
		rows = append(rows, row)
	}
	return rows, older
}

// advice is what to offer the account next and when it orders again.
type advice struct {
	Offers []recommend.Recommendation
	Next   recommend.Prediction
	// Note says why the offers are only best sellers; Unavailable why
	// there is no advice at all.
	Note, Unavailable string
}

// capitalise makes the first letter upper case: "purchase trend" →
// "Purchase trend".
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// plural is "1 day", "12 days".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
