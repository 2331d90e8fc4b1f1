package forecast

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// check asserts what holds of every forecast: points not negative, adding
// up to Total, intervals around Total, nested, and at or above zero, and
// words without a NaN in them.
func check(t *testing.T, name string, f Forecast) {
	t.Helper()
	var total float64
	for _, p := range f.Months {
		if p.Point < 0 {
			t.Errorf("%s: negative point %v", name, p)
		}
		total += p.Point.Float()
	}
	if math.Abs(total-f.Total.Float()) > 1e-4*max(1, total) {
		t.Errorf("%s: points add to %.4f, Total %s", name, total, f.Total)
	}
	i80, i95 := f.Interval80, f.Interval95
	if f.StdErr < 0 || i95.Low < 0 || i95.Low > i80.Low || i80.Low > f.Total || f.Total > i80.High || i80.High > i95.High {
		t.Errorf("%s: total %s, se %s, intervals %v %v", name, f.Total, f.StdErr, i80, i95)
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(f.Why, bad) {
			t.Errorf("%s: why has %s: %s", name, bad, f.Why)
		}
	}
	if f.Why == "" || f.Method == "" {
		t.Errorf("%s: no method or why: %+v", name, f)
	}
	if _, err := json.Marshal(f); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

func series(v ...float64) Series { return Series{Start: MonthOf(day(2011, 1, 1)), Values: v} }

// The edge cases of the issue as a table of series.
func TestPredictEdgeCases(t *testing.T) {
	cases := []struct {
		name   string
		s      Series
		method Method
		reason bool    // "not enough history" or nothing to forecast
		total  float64 // expected Total, or −1 for any
	}{
		{"empty", series(), None, true, 0},
		{"all zeros", series(0, 0, 0, 0, 0, 0), None, true, 0},
		{"only negatives", series(-5, -10, 0, -1), None, true, 0},
		{"one order", series(120), Mean, true, 360},
		{"two months", series(100, 200), Mean, true, 450},
		{"three months", series(100, 100, 100), "", false, 300},
		{"net negative overall", series(500, -800, 100, 0, -50), "", false, -1},
		{"huge", series(3e13, 3e13, 3e13, 3e13), "", false, 9e13},
		{"beyond the clamp", series(9e14, 9e14, 9e14, 9e14), "", false, 3 * maxValue},
		{"beyond Money", series(math.Inf(1), 1e300, math.NaN(), -math.Inf(1), 5), "", false, -1},
		{"intermittent", series(0, 0, 300, 0, 0, 0, 300, 0, 0, 0, 300, 0), "", false, -1},
		{"one order long ago", series(1000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "", false, -1},
	}
	for _, c := range cases {
		f := Predict(c.s, Options{})
		check(t, c.name, f)
		if c.method != "" && f.Method != c.method {
			t.Errorf("%s: method %s, want %s (%s)", c.name, f.Method, c.method, f.Why)
		}
		if (f.Reason != "") != c.reason {
			t.Errorf("%s: reason %q", c.name, f.Reason)
		}
		if c.total >= 0 && math.Abs(f.Total.Float()-c.total) > 1e-3*max(1, c.total) {
			t.Errorf("%s: total %s, want %.4f (%s)", c.name, f.Total, c.total, f.Why)
		}
		if len(f.Months) != 3 || f.Months[0].Month != c.s.End() {
			t.Errorf("%s: months %v", c.name, f.Months)
		}
	}
}

// The bad accounts, from sales through Account.
func TestAccountBadInput(t *testing.T) {
	asOf := day(2011, 9, 1)
	cases := []struct {
		name   string
		sales  []insight.Sale
		reason string
	}{
		{"no orders", nil, "no sales in the 36 months 2008-09 to 2011-08"},
		{"only returns", []insight.Sale{sale(day(2011, 3, 1), "-40"), sale(day(2011, 6, 1), "-10")}, "only credit notes"},
		{"one order", []insight.Sale{sale(day(2011, 8, 3), "250")}, "not enough history: 1 month"},
		{"far past", []insight.Sale{sale(day(1900, 1, 1), "250")}, "no sales in the 36 months"},
		{"future only", []insight.Sale{sale(day(2099, 1, 1), "250")}, "no sales in the 36 months"},
		{"zero date", []insight.Sale{{Amount: 100}}, "no sales in the 36 months"},
	}
	for _, c := range cases {
		f := Account(c.sales, asOf, Options{})
		check(t, c.name, f)
		if !strings.Contains(f.Reason, c.reason) {
			t.Errorf("%s: reason %q, want %q", c.name, f.Reason, c.reason)
		}
		if f.AsOf != asOf || f.Months[0].Month.String() != "2011-09" {
			t.Errorf("%s: as of %s from %s", c.name, f.AsOf, f.Months[0].Month)
		}
	}
	// An as-of far in the past, the future or unset is no failure either.
	sales := []insight.Sale{sale(day(2011, 3, 1), "100"), sale(day(2011, 4, 1), "100"), sale(day(2011, 5, 1), "100")}
	for _, asOf := range []kam.Date{{}, day(1, 1, 1), day(9999, 12, 31)} {
		check(t, "as of "+asOf.String(), Account(sales, asOf, Options{}))
	}
	// Options out of range are brought into it.
	f := Account(sales, asOf, Options{Horizon: 1000, History: -1, Origins: 1 << 30})
	check(t, "wild options", f)
	if len(f.Months) != 24 {
		t.Errorf("horizon 1000 gave %d months", len(f.Months))
	}
	f = Account(sales, asOf, Options{History: 1 << 40})
	check(t, "a history of 2^40 months", f)
	if f.HistoryMonths != 6 { // March to August
		t.Errorf("2^40 months: %d months read", f.HistoryMonths)
	}
}

func TestPredictChoosesByBacktest(t *testing.T) {
	// Ordering in a third of the months brings in Croston, and says so.
	f := Predict(series(0, 300, 0, 0, 0, 250, 0, 300, 0, 0, 350, 0), Options{})
	check(t, "intermittent", f)
	if !strings.Contains(f.Why, "Croston/SBA (ordered in 4 of the last 12 months") || f.BacktestOrigins != 6 {
		t.Errorf("why: %s (%d origins)", f.Why, f.BacktestOrigins)
	}
	// A flat account: every method says 50 a month with no error, and the
	// first two candidates, exponential smoothing and Holt, are averaged.
	f = Predict(series(50, 50, 50, 50, 50, 50), Options{})
	check(t, "flat", f)
	if f.Method != Combination || len(f.Combined) != 2 || f.Combined[0] != SES || f.Total != kam.MustMoney("150") || f.StdErr != 0 {
		t.Errorf("flat: %+v", f)
	}
	if len(f.Backtest) != 3 || f.Backtest[0].Error != 0 {
		t.Errorf("flat backtest: %+v", f.Backtest)
	}
	// Three years of a seasonal account bring in Holt-Winters.
	y := make([]float64, 36)
	for i := range y {
		y[i] = 1000 + 100*float64(i%12) + 5*float64(i)
	}
	f = Predict(Series{Start: MonthOf(day(2009, 1, 1)), Values: y}, Options{})
	check(t, "seasonal", f)
	if !strings.Contains(string(f.Method)+strings.Join(names(f.Combined), ","), "holt_winters") {
		t.Errorf("seasonal: %s %v, %s", f.Method, f.Combined, f.Why)
	}
	// PredictWith forces a method, or says why it could not.
	f = PredictWith(series(1, 2, 3, 4), HoltWintersMultiplicative, Options{})
	if f.Method != SES || !strings.Contains(f.Why, "too short") {
		t.Errorf("forced HW on 4 months: %s, %s", f.Method, f.Why)
	}
	if f := PredictWith(series(1, 2, 3, 4), Naive, Options{}); f.Method != Naive || f.Total != kam.MustMoney("12") {
		t.Errorf("forced naive: %+v", f)
	}
	if f := PredictWith(series(1, 2, 3, 4), "magic", Options{}); f.Method != SES || !strings.Contains(f.Why, `"magic" is not a method`) {
		t.Errorf("unknown method: %s, %s", f.Method, f.Why)
	}
}

func names(ms []Method) []string {
	var out []string
	for _, m := range ms {
		out = append(out, string(m))
	}
	return out
}

func TestAddPipeline(t *testing.T) {
	f := Predict(series(100, 100, 100, 100), Options{}) // 100 a month, no error
	f.StdErr = kam.MustMoney("10")
	deals := []Deal{
		{Amount: kam.MustMoney("1000"), Probability: 50, Close: day(2011, 6, 15)}, // May–Jul: +500 in June
		{Amount: kam.MustMoney("200"), Probability: 100, Close: day(2011, 1, 1)},  // overdue: +200 in May
		{Amount: kam.MustMoney("5000"), Probability: 80, Close: day(2011, 8, 1)},  // after the horizon
		{Amount: kam.MustMoney("-100"), Probability: 50, Close: day(2011, 6, 1)},  // no amount
		{Amount: kam.MustMoney("100"), Probability: 150, Close: day(2011, 7, 31)}, // 100%: +100 in July
	}
	g := AddPipeline(f, deals)
	check(t, "pipeline", g)
	// 300 + 500 + 200 + 100; variance 10² + 1000²·0.5·0.5 = 250,100.
	if g.Total != kam.MustMoney("1100") || g.Pipeline != kam.MustMoney("800") {
		t.Errorf("total %s, pipeline %s", g.Total, g.Pipeline)
	}
	if want := toMoney(math.Sqrt(250100)); g.StdErr != want {
		t.Errorf("std err %s, want %s", g.StdErr, want)
	}
	points := []string{"300", "600", "200"}
	for i, p := range g.Months {
		if p.Point != kam.MustMoney(points[i]) {
			t.Errorf("month %s: %s, want %s", p.Month, p.Point, points[i])
		}
	}
	if f.Total != kam.MustMoney("300") || f.Months[1].Point != kam.MustMoney("100") {
		t.Error("AddPipeline changed its input")
	}
	if h := AddPipeline(Forecast{}, deals); len(h.Months) != 0 {
		t.Errorf("pipeline on an empty forecast: %+v", h)
	}
	// Months with a gap (a hand-made forecast): a deal in the gap lands in
	// the next month there is; one without a close date nowhere.
	gap := Forecast{Months: []MonthPoint{{Month: 10}, {Month: 20}}}
	g = AddPipeline(gap, []Deal{{Amount: kam.MustMoney("10"), Probability: 100, Close: day(1, 4, 1)}, {Amount: 1, Probability: 100}})
	if g.Months[1].Point != kam.MustMoney("10") || g.Total != kam.MustMoney("10") {
		t.Errorf("gap: %+v", g)
	}
}

func TestAggregate(t *testing.T) {
	a := Forecast{Method: SES, Months: []MonthPoint{{Month: 10, Point: 300000}, {Month: 11, Point: 300000}},
		Total: 600000, StdErr: 30000}
	b := Forecast{Method: Mean, Reason: "not enough history", Months: []MonthPoint{{Month: 11, Point: 100000}, {Month: 12, Point: 300000}},
		Total: 400000, StdErr: 40000, Pipeline: 100000}
	g := Sum("north", []Forecast{a, b})
	// 60 + 40 = 100; independent: √(3² + 4²) = 5; 80%: 100 ± 1.2816·5.
	if g.Total != kam.MustMoney("100") || g.StdErr != kam.MustMoney("5") || g.Pipeline != kam.MustMoney("10") {
		t.Errorf("total %s, se %s, pipeline %s", g.Total, g.StdErr, g.Pipeline)
	}
	if g.Interval80.Low != toMoney(100-z80*5) || g.Interval95.High != toMoney(100+z95*5) {
		t.Errorf("intervals %v %v", g.Interval80, g.Interval95)
	}
	if len(g.Months) != 3 || g.Months[1].Point != kam.MustMoney("40") || g.Months[0].Month != 10 {
		t.Errorf("months %v", g.Months)
	}
	if g.Accounts != 2 || g.NotEnoughHistory != 1 || g.Methods[SES] != 1 || g.Key != "north" {
		t.Errorf("counts %+v", g)
	}
	js, err := json.Marshal(g)
	if err != nil || !strings.Contains(string(js), `"interval_80":{"low":`) {
		t.Errorf("JSON %s (%v)", js, err)
	}
}

func TestForecastJSON(t *testing.T) {
	f := Account([]insight.Sale{sale(day(2011, 5, 3), "10"), sale(day(2011, 6, 3), "20"), sale(day(2011, 7, 3), "30")},
		day(2011, 8, 1), Options{})
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"as_of":"2011-08-01"`, `"method":`, `"why":`, `"history_months":3`,
		`"months":[{"month":"2011-08","point":`, `"total":`, `"pipeline":0`, `"std_err":`, `"interval_95":`, `"backtest":[{"method":"ses","error":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}
