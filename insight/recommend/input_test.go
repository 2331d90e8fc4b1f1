package recommend

import (
	"reflect"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

func day(d int) kam.Date { return kam.NewDate(2024, time.January, d) }

func money(units int64) kam.Money { return kam.Money(units * kam.MoneyScale) }

// history is one account's lines, as of January 20:
//
//	inv 1, Jan 2: A +5 (50), B +2 (20)
//	C1,    Jan 3: A −5 (−50)                 a credit note: not an order
//	inv 2, Jan 5: A +3 (30), A −3 (−30), B +1 (10), N +1 (5, no family)
//	(none) Jan 9: C +1 (40), D −2 (−8)       D was never bought: only returned
//	(none) Jan 9: C +1 (40)                  same day, no invoice: same order
//	inv 3, Jan 25: E +1 (99)                 after the as-of date: ignored
//
// Net quantities: A 0, B 3, C 2, D −2, N 1, so the products bought are B,
// C and N. Revenue 50+20−50+30−30+10+5+40−8+40 = 107; families: a (A, B)
// 50+20−50+30−30+10 = 30, c (C, D) 40−8+40 = 72; N's 5 is unassigned.
var history = []Line{
	{Order: "1", Product: "A", Family: "a", Date: day(2), Quantity: 5, Amount: money(50)},
	{Order: "1", Product: "B", Family: "a", Date: day(2), Quantity: 2, Amount: money(20)},
	{Order: "C1", Product: "A", Family: "a", Date: day(3), Quantity: -5, Amount: money(-50)},
	{Order: "2", Product: "A", Family: "a", Date: day(5), Quantity: 3, Amount: money(30)},
	{Order: "2", Product: "A", Family: "a", Date: day(5), Quantity: -3, Amount: money(-30)},
	{Order: "2", Product: "B", Family: "a", Date: day(5), Quantity: 1, Amount: money(10)},
	{Order: "2", Product: "N", Date: day(5), Quantity: 1, Amount: money(5)},
	{Product: "C", Family: "c", Date: day(9), Quantity: 1, Amount: money(40)},
	{Product: "D", Family: "c", Date: day(9), Quantity: -2, Amount: money(-8)},
	{Product: "C", Family: "c", Date: day(9), Quantity: 1, Amount: money(40)},
	{Order: "3", Product: "E", Family: "e", Date: day(25), Quantity: 1, Amount: money(99)},
}

func TestSummarise(t *testing.T) {
	got := Summarise(7, history, day(20))
	want := Account{ID: 7, Products: []string{"B", "C", "N"}, Revenue: money(107), Unassigned: money(5),
		Families: []FamilySpend{{"a", money(30)}, {"c", money(72)}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// On Jan 4 only invoice 1 and the credit note have happened: A is fully
	// returned, so B alone is bought; family a is at 20.
	got = Summarise(7, history, day(4))
	if !reflect.DeepEqual(got.Products, []string{"B"}) || got.Revenue != money(20) ||
		!reflect.DeepEqual(got.Families, []FamilySpend{{"a", money(20)}}) {
		t.Errorf("Jan 4: %+v", got)
	}
}

func TestOrders(t *testing.T) {
	got := Orders(history, day(20))
	want := []Order{
		{Date: day(2), Products: []string{"A", "B"}, Amount: money(70)},
		// Invoice 2: A bought and cancelled on the order, so not in it.
		{Date: day(5), Products: []string{"B", "N"}, Amount: money(15)},
		// The Jan 9 lines without an invoice are one order; D is a return.
		{Date: day(9), Products: []string{"C"}, Amount: money(72)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestSummariseBadInput(t *testing.T) {
	// No lines, only returns, only future lines, lines without products or
	// dates: an empty account, and no orders.
	for name, lines := range map[string][]Line{
		"none":    nil,
		"returns": {{Order: "C9", Product: "A", Date: day(1), Quantity: -1, Amount: money(-10)}},
		"future":  {{Order: "9", Product: "A", Date: day(30), Quantity: 1, Amount: money(10)}},
		"blank":   {{Order: "9", Date: day(1), Quantity: 1, Amount: money(10)}, {Product: "A", Quantity: 1}},
	} {
		a := Summarise(1, lines, day(20))
		if len(a.Products) != 0 || len(a.Families) != 0 || a.Revenue > money(10) {
			t.Errorf("%s: %+v", name, a)
		}
		if o := Orders(lines, day(20)); len(o) != 0 {
			t.Errorf("%s: orders %+v", name, o)
		}
	}
}

func TestBuildIndependentOfOrder(t *testing.T) {
	// The same accounts streamed in a different order build the same model.
	accounts := [][]string{{"X", "Y", "Z"}, {"X", "Y", "Z"}, {"X", "Y", "Z"}, {"X", "Y"}, {"X", "W"}, {"Y", "W"}, {"X"}}
	forward, backward := NewBuilder(Options{MinSupport: 2}), NewBuilder(Options{MinSupport: 2})
	for i := range accounts {
		forward.Add(int64(i), accounts[i])
		j := len(accounts) - 1 - i
		backward.Add(int64(j), accounts[j])
	}
	a, b := forward.Build(), backward.Build()
	for _, bought := range [][]string{{"X"}, {"Y"}, {"W"}, {"X", "Y"}, nil} {
		if ra, rb := a.Recommend(bought, 4, Catalog{}), b.Recommend(bought, 4, Catalog{}); !reflect.DeepEqual(ra, rb) {
			t.Errorf("%v: %+v\nagainst %+v", bought, ra, rb)
		}
	}
	// Building again after more accounts keeps the first model intact.
	forward.Add(99, []string{"V", "X"})
	c := forward.Build()
	if got := a.Recommend([]string{"V"}, 1, Catalog{}); len(got) != 1 || got[0].Product != "X" {
		t.Errorf("first model after rebuild: %+v", got)
	}
	if got := c.Recommend([]string{"W", "X", "Y", "Z"}, 1, Catalog{}); len(got) != 1 || got[0].Product != "V" {
		t.Errorf("second model: %+v", got)
	}
}
