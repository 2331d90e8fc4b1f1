package forecast

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// FuzzForecast feeds random series — any float64 bit pattern, so NaN, the
// infinities, subnormals and the extremes too — and random horizons to
// every method and to the choice, and checks that nothing panics, no
// internal number is NaN or infinite, and the forecast is well formed.
func FuzzForecast(f *testing.F) {
	seed := func(h byte, vs ...float64) []byte {
		b := []byte{h}
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		return b
	}
	f.Add(seed(3))
	f.Add(seed(3, 100))
	f.Add(seed(3, 0, 0, 0, 0))
	f.Add(seed(3, -5, -1, 0))
	f.Add(seed(3, 1e300, -1e300, 1e-300, 5))
	f.Add(seed(12, math.NaN(), math.Inf(1), math.Inf(-1), 0, 1, 2))
	f.Add(seed(1, 0, 300, 0, 0, 300, 0, 0, 300, 0, 0, 300, 0))
	f.Add(seed(24, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26))
	f.Add(seed(3, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324,
		5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324, 5e-324))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		h := int(data[0]%30) - 2 // also zero and negative horizons
		var y []float64
		for b := data[1:]; len(b) >= 8 && len(y) < 48; b = b[8:] {
			y = append(y, math.Float64frombits(binary.LittleEndian.Uint64(b)))
		}
		s := Series{Start: MonthOf(kam.NewDate(2011, time.January, 1)), Values: y}
		opt := Options{Horizon: h}
		fc := Predict(s, opt)
		check(t, "fuzz", fc)
		if n := len(fc.Months); n != opt.withDefaults().Horizon {
			t.Fatalf("%d months for horizon %d", n, h)
		}
		// Every method on the cleaned series: finite points and sigma.
		c := clean(y)
		if len(c) == 0 {
			return
		}
		out := make([]float64, opt.withDefaults().Horizon)
		for _, m := range []Method{Naive, SeasonalNaive, Mean, SES, Holt, HoltWintersAdditive, HoltWintersMultiplicative, Croston} {
			ft := fitMethod(m, c, out)
			if !allFinite(out) || !finite(ft.sse) {
				t.Fatalf("%s on %v: points %v, sse %v", m, c, out, ft.sse)
			}
			if sg := sigmaTotal(ft, c, len(out)); !finite(sg) || sg < 0 {
				t.Fatalf("%s on %v: sigma %v", m, c, sg)
			}
			check(t, string(m), PredictWith(s, m, opt))
		}
		if len(c) >= MinHistory {
			ch := choose(c, out, opt.withDefaults())
			if !allFinite(out) || !finite(ch.empirical) {
				t.Fatalf("choice on %v: %v, %v", c, out, ch.empirical)
			}
		}
		// As sales, through Account, with a pipeline and a sum.
		var sales []insight.Sale
		for i, v := range c {
			sales = append(sales, insight.Sale{Date: kam.NewDate(2011, time.Month(i+1), 3), Amount: toMoney(v)})
		}
		acc := Account(sales, kam.NewDate(2015, time.January, 1), opt)
		check(t, "account", acc)
		withDeals := AddPipeline(acc, []Deal{{Amount: toMoney(c[0]), Probability: int(data[0]), Close: kam.NewDate(2015, time.February, 1)}})
		check(t, "pipeline", withDeals)
		g := Sum("all", []Forecast{fc, acc, withDeals})
		if g.Interval80.Low < 0 || g.Interval80.Low > g.Total || g.Total > g.Interval95.High {
			t.Fatalf("aggregate %+v", g)
		}
	})
}

// BenchmarkPredict times one account's forecast on histories of 9 months
// (intermittent) and 36 months (seasonal, so Holt-Winters is a candidate):
// a batch of 200,000 accounts costs this times 200,000 on one core.
func BenchmarkPredict(b *testing.B) {
	for _, n := range []int{9, 36} {
		y := make([]float64, n)
		for i := range y {
			y[i] = 1000 + 300*math.Sin(float64(i)*math.Pi/6) + float64(i*37%101)
			if i%4 == 1 {
				y[i] = 0
			}
		}
		s := Series{Start: MonthOf(day(2009, 1, 1)), Values: y}
		b.Run(map[int]string{9: "9months", 36: "36months"}[n], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Predict(s, Options{})
			}
		})
	}
}
