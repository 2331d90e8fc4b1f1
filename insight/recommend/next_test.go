package recommend

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

func feb(d int) kam.Date { return kam.NewDate(2024, time.February, d) }

// regular orders on Jan 1, 8, 22, 29 and Feb 12: gaps 7, 14, 7, 14. The
// median gap is (7+14)/2 = 10.5 days; every gap is 3.5 from it, so the
// spread is 3.5. Next expected Feb 12 + round(10.5) = Feb 23, between
// Feb 12 + round(7) = Feb 19 and Feb 12 + 14 = Feb 26.
//
// P is on all 5 orders, Q on 3 (Jan 8, 29, Feb 12), R on 2, S on 1: with
// the default half, P (5 of 5) and Q (3 of 5, 60%) are likely, R (40%)
// is not.
var regular = []Order{
	{Date: day(1), Products: []string{"P", "R"}},
	{Date: day(8), Products: []string{"P", "Q"}},
	{Date: day(22), Products: []string{"P", "R", "S"}},
	{Date: day(29), Products: []string{"P", "Q"}},
	{Date: feb(12), Products: []string{"P"}},
	{Date: feb(12), Products: []string{"Q"}}, // a second order that day: one order day
	{Date: feb(20), Products: []string{"T"}}, // after the as-of date: not yet
}

func TestNextOrder(t *testing.T) {
	p := NextOrder(regular, feb(14), Catalog{Names: map[string]string{"P": "Paper"}}, NextOptions{})
	if !p.Enough || p.Orders != 5 || p.LastOrder != feb(12) || p.Interval != 10.5 || p.Spread != 3.5 ||
		p.Expected != feb(23) || p.Earliest != feb(19) || p.Latest != feb(26) || p.Date != feb(23) || p.Overdue != 0 {
		t.Errorf("got %+v", p)
	}
	if want := "orders every 10.5 days (median of 4 gaps, typically ±3.5); last order 2024-02-12, so next expected 2024-02-23, between 2024-02-19 and 2024-02-26"; p.Reason != want {
		t.Errorf("reason %q\nwant   %q", p.Reason, want)
	}
	want := []Likely{
		{Product: "P", Name: "Paper", In: 5, Of: 5, Share: 1, LastBought: feb(12), Reason: "on 5 of its last 5 orders"},
		{Product: "Q", Name: "Q", In: 3, Of: 5, Share: 0.6, LastBought: feb(12), Reason: "on 3 of its last 5 orders"},
	}
	if !reflect.DeepEqual(p.Contents, want) {
		t.Errorf("contents %+v", p.Contents)
	}
}

func TestNextOrderOverdue(t *testing.T) {
	// As of Mar 1 the Feb 23 order has not come: 7 days overdue (2024 is
	// a leap year), it is predicted for the next day, Mar 2, the range
	// keeping its width of 7 days: Mar 2 to Mar 9.
	march := func(d int) kam.Date { return kam.NewDate(2024, time.March, d) }
	p := NextOrder(regular[:6], march(1), Catalog{}, NextOptions{})
	if p.Expected != feb(23) || p.Date != march(2) || p.Overdue != 7 || p.Earliest != march(2) ||
		p.Latest != march(9) || !strings.HasSuffix(p.Reason, "; 7 days overdue, so expected from 2024-03-02") {
		t.Errorf("got %+v", p)
	}
	// As of Feb 23 itself, with no order that day: due, not overdue.
	p = NextOrder(regular[:6], feb(23), Catalog{}, NextOptions{})
	if p.Date != feb(24) || p.Overdue != 0 || !strings.HasSuffix(p.Reason, "; not in by 2024-02-23, so expected from 2024-02-24") {
		t.Errorf("got %+v", p)
	}
}

func TestNextOrderRecent(t *testing.T) {
	// With only the last 2 order days (Jan 29: P Q; Feb 12: P Q), both are
	// on 2 of 2; ties go to the later last purchase, then the key.
	p := NextOrder(regular, feb(14), Catalog{}, NextOptions{Recent: 2})
	if len(p.Contents) != 2 || p.Contents[0].Product != "P" || p.Contents[1].Reason != "on 2 of its last 2 orders" {
		t.Errorf("got %+v", p.Contents)
	}
}

func TestNextOrderNotEnough(t *testing.T) {
	for name, orders := range map[string][]Order{
		"none":       nil,
		"one":        {{Date: day(1), Products: []string{"A"}}},
		"two":        {{Date: day(1)}, {Date: day(5)}},
		"same day":   {{Date: day(1)}, {Date: day(1)}, {Date: day(1)}},
		"future":     {{Date: feb(20)}, {Date: feb(21)}, {Date: feb(22)}},
		"undated":    {{}, {}, {}},
		"one dated":  {{}, {Date: day(3)}, {}},
		"two future": {{Date: day(3)}, {Date: feb(20)}, {Date: feb(21)}},
	} {
		p := NextOrder(orders, feb(14), Catalog{}, NextOptions{})
		if p.Enough || !strings.HasPrefix(p.Note, "not enough history") || !p.Date.IsZero() || p.Contents != nil {
			t.Errorf("%s: %+v", name, p)
		}
	}
}

func TestNextOrderEveryDay(t *testing.T) {
	// Orders on three consecutive days: gaps of 1, no spread; the range is
	// the one day after the last.
	p := NextOrder([]Order{{Date: day(1)}, {Date: day(2)}, {Date: day(3)}}, day(3), Catalog{}, NextOptions{})
	if !p.Enough || p.Interval != 1 || p.Spread != 0 || p.Date != day(4) || p.Earliest != day(4) || p.Latest != day(4) {
		t.Errorf("got %+v", p)
	}
}

func TestNextOrderFromLines(t *testing.T) {
	// The history of input_test.go has 3 orders to Jan 20 (Jan 2, 5, 9):
	// gaps 3 and 4, median 3.5, spread 0.5; next Jan 9 + round(3.5) =
	// Jan 13, which has passed on Jan 20: predicted Jan 21, 7 days overdue.
	// B is on 2 of the 3 orders.
	p := NextOrder(Orders(history, day(20)), day(20), Catalog{}, NextOptions{})
	if !p.Enough || p.Expected != day(13) || p.Date != day(21) || p.Overdue != 7 ||
		len(p.Contents) != 1 || p.Contents[0].Product != "B" || p.Contents[0].In != 2 {
		t.Errorf("got %+v", p)
	}
}

func TestAdvise(t *testing.T) {
	m := tiny(t)
	// An account buying X with orders on Jan 1, 8, 22, 29 and Feb 12:
	// recommendations as in TestRecommendSingle, next order as in
	// TestNextOrder.
	adv := m.Advise(Account{ID: 5, Products: []string{"X"}}, regular, feb(14), 2, Catalog{})
	if adv.AccountID != 5 || adv.Note != "" || len(adv.Recommendations) != 2 || adv.Recommendations[0].Product != "Y" ||
		adv.NextOrder.Date != feb(23) {
		t.Errorf("got %+v", adv)
	}
	// Nothing bought, no orders: best sellers, said so, and no date.
	adv = m.Advise(Account{ID: 6}, nil, feb(14), 2, Catalog{})
	if adv.Note != "not enough history: nothing bought to 2024-02-14, so only best sellers" ||
		adv.Recommendations[0].Source != FromPopular || adv.NextOrder.Enough {
		t.Errorf("got %+v", adv)
	}
	// n = 0 still prints a list, not null.
	adv = m.Advise(Account{ID: 7}, nil, feb(14), 0, Catalog{})
	if b, err := json.Marshal(adv); err != nil || !strings.Contains(string(b), `"recommendations":[]`) {
		t.Errorf("json %s, %v", b, err)
	}
}
