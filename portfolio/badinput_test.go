package portfolio_test

import (
	"encoding/json"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/forecast"
	"github.com/kamhq/kam/insight/recommend"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/portfolio"
)

func money(units int64) kam.Money { return kam.Money(units * kam.MoneyScale) }

// TestBadHistoriesGiveSensibleResults runs every insight over the accounts
// the issue names — one order, no orders, only returns, negative totals,
// orders in the future and the far past, a product without a list price —
// and checks that each result is whole: no panic, and JSON that encodes
// (a NaN or an infinity would not).
func TestBadHistoriesGiveSensibleResults(t *testing.T) {
	asOf := kam.NewDate(2026, 6, 30)
	line := func(d kam.Date, sku string, qty int64, amount kam.Money, list kam.Money) insight.Line {
		return insight.Line{Date: d, Product: sku, Name: "Widget " + sku, Quantity: qty, Amount: amount, ListPrice: list}
	}
	sale := func(l insight.Line) insight.Sale { return insight.Sale{Date: l.Date, Amount: l.Amount} }
	cases := map[string][]insight.Line{
		"no orders":      nil,
		"one order":      {line(asOf.AddDays(-40), "A", 2, money(100), money(60))},
		"only returns":   {line(asOf.AddDays(-40), "A", -2, -money(100), money(60)), line(asOf.AddDays(-200), "B", -1, -money(10), 0)},
		"negative total": {line(asOf.AddDays(-400), "A", 1, money(10), 0), line(asOf.AddDays(-30), "A", -5, -money(500), 0)},
		"future orders":  {line(asOf.AddDays(400), "A", 3, money(30), 0), line(asOf.AddDays(10), "B", 3, money(30), 0)},
		"far past":       {line(kam.NewDate(1970, 1, 1), "A", 1, money(1), 0), line(kam.NewDate(1901, 5, 5), "B", 1, money(1), 0)},
		"no list price": {line(asOf.AddDays(-300), "A", 10, money(100), 0), line(asOf.AddDays(-200), "A", 10, money(100), 0),
			line(asOf.AddDays(-60), "A", 10, money(50), 0), line(asOf.AddDays(-30), "A", 10, money(50), 0)},
		"zero quantity": {line(asOf.AddDays(-10), "A", 0, 0, money(5))},
	}
	b := recommend.NewBuilder(recommend.Options{})
	b.Add(1, []string{"A", "B"})
	b.Add(2, []string{"A", "C"})
	model := b.Build()
	compute := portfolio.Compute(portfolio.Options{})
	for name, lines := range cases {
		t.Run(name, func(t *testing.T) {
			h := &insight.History{AccountID: 1, Name: name, Tier: "key", Status: kam.StatusActive, Currency: "EUR", Lines: lines}
			for _, l := range lines {
				h.Sales = append(h.Sales, sale(l))
			}
			a := &kam.Account{ID: 1, Name: name, Currency: "EUR", Tier: "key", Status: kam.StatusActive}
			c := compute(a, h, asOf)
			health, err := score.Health(portfolio.HealthInput(h, asOf), score.DefaultHealthWeights)
			if err != nil {
				t.Fatal(err)
			}
			f := portfolio.AccountForecastOf(h, asOf, forecast.Options{})
			var rl []recommend.Line
			for _, l := range lines {
				rl = append(rl, recommend.Line{Product: l.Product, Date: l.Date, Quantity: l.Quantity, Amount: l.Amount})
			}
			advice := model.Advise(recommend.Summarise(1, rl, asOf), recommend.Orders(rl, asOf), asOf, 5, recommend.Catalog{})
			for what, v := range map[string]any{"figures": c.Own, "flags": c.Flags, "health": health, "forecast": f,
				"products": insight.RollProducts(lines, asOf), "advice": advice} {
				if _, err := json.Marshal(v); err != nil {
					t.Errorf("%s: %v", what, err)
				}
			}
			if f.Total < 0 {
				t.Errorf("forecast %s below zero", f.Total)
			}
			if len(lines) == 0 && (f.Reason == "" || c.Own.Revenue12M != 0) {
				t.Errorf("no orders: forecast reason %q, revenue %s", f.Reason, c.Own.Revenue12M)
			}
		})
	}
}
