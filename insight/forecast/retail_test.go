package forecast

import (
	"math"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/internal/retaildata"
)

// The real-data check: every Online Retail customer's monthly series as of
// a day, forecast for the next quarter by seasonal naive and by kam's
// chosen method, scored against what the customers then bought. The truth
// comes from the file's lines directly, not from Monthly.

// retail is the file read once: each customer's sales (one per invoice,
// net of its lines) and each customer's lines for the truth.
type retail struct {
	sales map[string][]insight.Sale
	lines map[string][]retaildata.Line
	ids   []string
}

var (
	retailOnce sync.Once
	retailData retail
)

func loadRetail(tb testing.TB) retail {
	tb.Helper()
	lines := retaildata.Lines(tb) // skips when the file is absent
	retailOnce.Do(func() {
		r := retail{sales: map[string][]insight.Sale{}, lines: map[string][]retaildata.Line{}}
		type key struct{ customer, invoice string }
		idx := map[key]int{}
		for _, l := range lines {
			r.lines[l.Customer] = append(r.lines[l.Customer], l)
			k := key{l.Customer, l.Invoice}
			i, ok := idx[k]
			if !ok {
				i = len(r.sales[l.Customer])
				idx[k] = i
				r.sales[l.Customer] = append(r.sales[l.Customer], insight.Sale{Date: l.Date})
			}
			r.sales[l.Customer][i].Amount += l.Amount()
		}
		for id := range r.sales {
			r.ids = append(r.ids, id)
		}
		sort.Strings(r.ids)
		retailData = r
	})
	return retailData
}

// holdout is one customer's case: the history kam reads and the truth.
type holdout struct {
	id      string
	series  Series
	history []float64
	actual  []float64 // currency units per horizon month, from the lines
}

// holdouts builds the cases for an as-of day that is the first of a month:
// customers with a line before that month, their series, and their net
// revenue in each of the horizon months summed straight from the lines.
// It checks Monthly against the lines on the way.
func holdouts(tb testing.TB, r retail, asOf kam.Date, horizon int) []holdout {
	tb.Helper()
	start := asOf.Time() // the first day of the first horizon month
	var out []holdout
	for _, id := range r.ids {
		before := 0.0
		actual := make([]float64, horizon)
		known := false
		for _, l := range r.lines[id] {
			t := l.Date.Time()
			if t.Before(start) {
				known = true
				before += l.Amount().Float()
				continue
			}
			k := (t.Year()-start.Year())*12 + int(t.Month()) - int(start.Month())
			if k < horizon {
				actual[k] += l.Amount().Float()
			}
		}
		if !known {
			continue
		}
		s := Monthly(r.sales[id], asOf, 0)
		if got := sum(s.Values); math.Abs(got-before) > 0.01 {
			tb.Fatalf("customer %s: Monthly sums to %.2f, the lines before %s to %.2f", id, got, asOf, before)
		}
		out = append(out, holdout{id: id, series: s, history: s.Values, actual: actual})
	}
	return out
}

// score forecasts every case with fc and scores it.
func score(cases []holdout, fc func(Series) Forecast) (acc Accuracy, in80, in95 int, agg Aggregate) {
	for _, c := range cases {
		f := fc(c.series)
		points := make([]float64, len(f.Months))
		for i, p := range f.Months {
			points[i] = p.Point.Float()
		}
		acc.Add(c.actual, points, c.history)
		actual := toMoney(sum(c.actual))
		if f.Interval80.Low <= actual && actual <= f.Interval80.High {
			in80++
		}
		if f.Interval95.Low <= actual && actual <= f.Interval95.High {
			in95++
		}
		agg.Add(f)
	}
	return acc, in80, in95, agg
}

func seasonalNaiveOf(s Series) Forecast { return PredictWith(s, SeasonalNaive, Options{}) }
func kamOf(s Series) Forecast           { return Predict(s, Options{}) }

// The holdouts: as of 2011-09-01 the history is December 2010 to August
// 2011 and the quarter September to November (the file ends on 2011-12-09,
// so December is partial and left out); as of 2011-06-01, a second check,
// December to May against June to August.
var retailAsOfs = []kam.Date{kam.NewDate(2011, time.September, 1), kam.NewDate(2011, time.June, 1)}

func TestForecastBeatsSeasonalNaiveOnRetail(t *testing.T) {
	r := loadRetail(t)
	for _, asOf := range retailAsOfs {
		cases := holdouts(t, r, asOf, 3)
		truth := 0.0
		for _, c := range cases {
			truth += sum(c.actual)
		}
		sn, snIn80, snIn95, snAgg := score(cases, seasonalNaiveOf)
		km, in80, in95, agg := score(cases, kamOf)
		n := float64(len(cases))
		t.Logf("as of %s: %d customers, actual quarter %.0f", asOf, len(cases), truth)
		t.Logf("  seasonal naive: WAPE %.3f (monthly %.3f), MASE mean %.3f median %.3f (%d scaled), 80%% cover %.2f, 95%% %.2f, portfolio %.0f [%s, %s]",
			sn.WAPE(), sn.MonthlyWAPE(), sn.MeanMASE(), sn.MedianMASE(), sn.Scaled, float64(snIn80)/n, float64(snIn95)/n,
			snAgg.Total.Float(), snAgg.Interval80.Low, snAgg.Interval80.High)
		t.Logf("  kam:            WAPE %.3f (monthly %.3f), MASE mean %.3f median %.3f (%d scaled), 80%% cover %.2f, 95%% %.2f, portfolio %.0f [%s, %s]",
			km.WAPE(), km.MonthlyWAPE(), km.MeanMASE(), km.MedianMASE(), km.Scaled, float64(in80)/n, float64(in95)/n,
			agg.Total.Float(), agg.Interval80.Low, agg.Interval80.High)
		t.Logf("  methods: %v", agg.Methods)
		if len(cases) < 1000 {
			t.Errorf("as of %s: only %d customers; the file has about 4,300", asOf, len(cases))
		}
		if km.WAPE() >= sn.WAPE() {
			t.Errorf("as of %s: kam's WAPE %.3f does not beat seasonal naive's %.3f", asOf, km.WAPE(), sn.WAPE())
		}
		if km.MeanMASE() >= sn.MeanMASE() {
			t.Errorf("as of %s: kam's mean MASE %.3f does not beat seasonal naive's %.3f", asOf, km.MeanMASE(), sn.MeanMASE())
		}
	}
	// Rolling: every first of the month from which a whole quarter before
	// December follows, so the result does not hang on one holdout.
	for m := time.March; m <= time.September; m++ {
		asOf := kam.NewDate(2011, m, 1)
		cases := holdouts(t, r, asOf, 3)
		sn, _, _, _ := score(cases, seasonalNaiveOf)
		km, _, _, _ := score(cases, kamOf)
		t.Logf("as of %s, %4d customers: WAPE seasonal naive %.3f, kam %.3f; mean MASE %.3f, %.3f",
			asOf, len(cases), sn.WAPE(), km.WAPE(), sn.MeanMASE(), km.MeanMASE())
		if km.WAPE() >= sn.WAPE() {
			t.Errorf("as of %s: kam's WAPE %.3f does not beat seasonal naive's %.3f", asOf, km.WAPE(), sn.WAPE())
		}
	}
}

// BenchmarkForecastAccuracy forecasts every customer as of 2011-09-01 per
// iteration and reports each method's accuracy on the quarter after (and,
// with "_jun", as of 2011-06-01), with the time per account forecast.
func BenchmarkForecastAccuracy(b *testing.B) {
	r := loadRetail(b)
	cases := holdouts(b, r, retailAsOfs[0], 3)
	check := holdouts(b, r, retailAsOfs[1], 3)
	b.ResetTimer()
	for b.Loop() {
		for _, c := range cases {
			Predict(c.series, Options{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/account")
	b.ReportMetric(float64(len(cases)), "accounts")
	for _, m := range []struct {
		name string
		fc   func(Series) Forecast
	}{{"seasonal_naive", seasonalNaiveOf}, {"kam", kamOf}} {
		acc, _, _, _ := score(cases, m.fc)
		b.ReportMetric(acc.WAPE(), "wape_"+m.name)
		b.ReportMetric(acc.MeanMASE(), "mase_"+m.name)
		acc, _, _, _ = score(check, m.fc)
		b.ReportMetric(acc.WAPE(), "wape_jun_"+m.name)
		b.ReportMetric(acc.MeanMASE(), "mase_jun_"+m.name)
	}
}
