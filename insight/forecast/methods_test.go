package forecast

import (
	"math"
	"testing"
)

// Each method on a tiny series, the expected numbers worked by hand in the
// comments.

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

func nearAll(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s has %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		near(t, what, got[i], want[i])
	}
}

func TestNaive(t *testing.T) {
	// y = 3 5 4: the last month, 4, twice; one-step errors 5−3 = 2 and
	// 4−5 = −1, squared 4 + 1 = 5.
	out := make([]float64, 2)
	f := naive([]float64{3, 5, 4}, out)
	nearAll(t, "naive", out, []float64{4, 4})
	near(t, "sse", f.sse, 5)
	if f.nerr != 2 {
		t.Errorf("nerr = %d, want 2", f.nerr)
	}
}

func TestSeasonalNaive(t *testing.T) {
	// 13 months 1…13: a full season, so month 14 is month 2 (value 2),
	// 15 is 3, 16 is 4; the one in-sample error is 13 − 1 = 12, squared 144.
	y := make([]float64, 13)
	for i := range y {
		y[i] = float64(i + 1)
	}
	out := make([]float64, 3)
	f := seasonalNaive(y, out)
	nearAll(t, "full season", out, []float64{2, 3, 4})
	near(t, "sse", f.sse, 144)
	if f.period != 12 {
		t.Errorf("period = %d, want 12", f.period)
	}

	// 1 2 3 4 5, under a season: the last 3 months repeat, 3 4 5; errors
	// at lag 3: 4−1 = 3 and 5−2 = 3, squared 18.
	f = seasonalNaive([]float64{1, 2, 3, 4, 5}, out)
	nearAll(t, "short", out, []float64{3, 4, 5})
	near(t, "short sse", f.sse, 18)

	// 1 2, shorter than the horizon: the two months cycle, 1 2 1.
	seasonalNaive([]float64{1, 2}, out)
	nearAll(t, "shorter than horizon", out, []float64{1, 2, 1})
}

func TestMean(t *testing.T) {
	// 2 4: mean 3; errors −1, 1, squared 2.
	out := make([]float64, 3)
	f := mean([]float64{2, 4}, out)
	nearAll(t, "mean", out, []float64{3, 3, 3})
	near(t, "sse", f.sse, 2)
}

func TestSES(t *testing.T) {
	// α = 0.5 on 10 20 15: level 10; 20 misses by 10, level 15; 15 misses
	// by 0, level 15. Squared errors 100.
	l, sse, n := sesWith([]float64{10, 20, 15}, 0.5)
	near(t, "level", l, 15)
	near(t, "sse", sse, 100)
	if n != 2 {
		t.Errorf("nerr = %d, want 2", n)
	}
	// A flat series has no error at any α: the first grid value stays,
	// and the forecast is the level.
	out := make([]float64, 3)
	f := ses([]float64{7, 7, 7}, out)
	nearAll(t, "flat", out, []float64{7, 7, 7})
	near(t, "alpha", f.alpha, sesAlphas[0])
}

func TestHolt(t *testing.T) {
	// α = 0.5, β = 0.2, φ = 0.9 on 1 2 3 4, starting l = 1, b = 0:
	//   2: forecast 1 + 0.9·0 = 1, error 1; l = 1.5, b = 0.2
	//   3: forecast 1.5 + 0.18 = 1.68, error 1.32; l = 2.34, b = 0.18 + 0.264 = 0.444
	//   4: forecast 2.34 + 0.3996 = 2.7396, error 1.2604; l = 3.3698,
	//      b = 0.3996 + 0.25208 = 0.65168
	// squared errors 1 + 1.7424 + 1.58860816 = 4.33100816.
	l, b, sse, n := holtWith([]float64{1, 2, 3, 4}, 0.5, 0.2, 0.9, inf)
	near(t, "level", l, 3.3698)
	near(t, "trend", b, 0.65168)
	near(t, "sse", sse, 4.33100816)
	if n != 3 {
		t.Errorf("nerr = %d, want 3", n)
	}
	// The grid's forecast of a straight line rises but, damped, less than
	// the line: 10 20 … 80 goes on at most 90, 100, 110.
	y := []float64{10, 20, 30, 40, 50, 60, 70, 80}
	out := make([]float64, 3)
	f := holt(y, out)
	for i, v := range out {
		if v <= 80 || v > 90+10*float64(i)+1e-9 || (i > 0 && v <= out[i-1]) {
			t.Errorf("Holt on a line: month %d = %.3f (fit %+v)", i+1, v, f)
		}
	}
	// dampSum(0.9, 2) = 0.9 + 0.81.
	near(t, "dampSum", dampSum(0.9, 2), 1.71)
}

func TestHoltWinters(t *testing.T) {
	// A line y = t over two seasons with φ = 1: first season mean 5.5,
	// second 17.5, trend (17.5 − 5.5)/12 = 1; the trend line through the
	// first season is t itself, so every seasonal index is 0 and the level
	// at month 11 is 11. Every step is then forecast exactly; the final
	// level is 23, trend 1.
	y := make([]float64, 24)
	for i := range y {
		y[i] = float64(i)
	}
	s, sse, n, ok := hwWith(y, 0.3, 0.05, 0.2, 1, false, inf)
	if !ok || n != 12 {
		t.Fatalf("ok = %v, nerr = %d", ok, n)
	}
	near(t, "level", s.level, 23)
	near(t, "trend", s.trend, 1)
	near(t, "sse", sse, 0)
	for i, v := range s.season {
		near(t, "season", v, float64(0*i))
	}

	// A flat level of 155 with a pattern 100, 110, …, 210 repeating over
	// three years: first-season mean 155, no trend, indices −55 … +55
	// (additive) or 100/155 … 210/155 (multiplicative). No step misses, so
	// the next three months are the pattern's first three: 100 110 120.
	y = make([]float64, 36)
	for i := range y {
		y[i] = 100 + 10*float64(i%12)
	}
	for _, mult := range []bool{false, true} {
		out := make([]float64, 3)
		f := holtWinters(y, out, mult)
		nearAll(t, string(f.method), out, []float64{100, 110, 120})
		near(t, "sse", f.sse, 0)
	}
	// A month at zero refuses multiplicative seasonality.
	y[5] = 0
	if _, _, _, ok := hwWith(y, 0.3, 0.05, 0.2, 0.98, true, inf); ok {
		t.Error("multiplicative Holt-Winters ran over a zero month")
	}
}

func TestCroston(t *testing.T) {
	// α = 0.5 on 4 0 0 8 0. Start: average size (4+8)/2 = 6, average
	// interval 5/2 = 2.5 months. SBA rate (1 − α/2)·z/p = 0.75·z/p.
	//   4: rate 0.75·6/2.5 = 1.8, error 2.2; z = 6 + 0.5(4−6) = 5,
	//      p = 2.5 + 0.5(1−2.5) = 1.75
	//   0: rate 0.75·5/1.75 = 15/7, error −15/7
	//   0: the same
	//   8: error 8 − 15/7 = 41/7; 3 months since the last order:
	//      z = 5 + 0.5·3 = 6.5, p = 1.75 + 0.5(3−1.75) = 2.375
	//   0: rate 0.75·6.5/2.375 = 39/19, error −39/19
	z, p, sse, n := crostonWith([]float64{4, 0, 0, 8, 0}, 0.5)
	near(t, "size", z, 6.5)
	near(t, "interval", p, 2.375)
	want := 2.2*2.2 + 2*(15.0/7)*(15.0/7) + (41.0/7)*(41.0/7) + (39.0/19)*(39.0/19)
	near(t, "sse", sse, want)
	if n != 5 {
		t.Errorf("nerr = %d, want 5", n)
	}
	near(t, "sba", sba(z, p, 0.5), 39.0/19)
	// An interval under a month is taken as one (no more than an order a
	// month); all zeros is no demand.
	near(t, "sba p<1", sba(6, 0.5, 0.2), 0.9*6)
	if z, p, sse, _ := crostonWith([]float64{0, 0}, 0.1); z != 0 || p != 2 || sse != 0 {
		t.Errorf("all zeros: z %v p %v sse %v", z, p, sse)
	}
}

func TestSigmaTotal(t *testing.T) {
	y := []float64{1, 2, 3, 4}
	// σ = √(8/2) = 2. Over 3 months a surprise in month i carries
	// 1 + (3 − i)·c into the total.
	cases := []struct {
		f    fit
		want float64
	}{
		// SES, c = α = 0.5: (1 + 1)² + (1 + 0.5)² + 1² = 7.25.
		{fit{method: SES, sse: 8, nerr: 2, alpha: 0.5}, 2 * math.Sqrt(7.25)},
		// Naive, c = 1: 3² + 2² + 1² = 14.
		{fit{method: Naive, sse: 8, nerr: 2}, 2 * math.Sqrt(14)},
		// Seasonal naive, nothing carries within a season: 3.
		{fit{method: SeasonalNaive, sse: 8, nerr: 2, period: 12}, 2 * math.Sqrt(3)},
		// Mean of 4 months: h + h²/n = 3 + 9/4.
		{fit{method: Mean, sse: 8, nerr: 2}, 2 * math.Sqrt(5.25)},
		// Holt α 0.5, β 0.2, φ 0.5: c(1) = 0.5 + 0.2·0.5 = 0.6,
		// c(2) = 0.5 + 0.2·0.75 = 0.65: (1 + 0.6 + 0.65)² + 1.6² + 1.
		{fit{method: Holt, sse: 8, nerr: 2, alpha: 0.5, beta: 0.2, phi: 0.5}, 2 * math.Sqrt(2.25*2.25+1.6*1.6+1)},
		// One in-sample error: σ falls back to the mean month, 2.5.
		{fit{method: SES, sse: 8, nerr: 1, alpha: 0.5}, 2.5 * math.Sqrt(7.25)},
	}
	for _, c := range cases {
		near(t, string(c.f.method), sigmaTotal(c.f, y, 3), c.want)
	}
}

func TestAccuracy(t *testing.T) {
	// |10−12| + |0−3| + |20−15| = 10 over 30 sold.
	w, ok := WAPE([]float64{10, 0, 20}, []float64{12, 3, 15})
	near(t, "WAPE", w, 1.0/3)
	if !ok {
		t.Error("WAPE not ok")
	}
	if _, ok := WAPE([]float64{0, 0}, []float64{1, 2}); ok {
		t.Error("WAPE of nothing sold is ok")
	}
	// History 1 3 2 4 (under a season: lag 1): changes 2, 1, 2, scale 5/3;
	// errors 1 and 2, mean 1.5; MASE 1.5/(5/3) = 0.9.
	m, ok := MASE([]float64{3, 3}, []float64{4, 1}, []float64{1, 3, 2, 4}, 12)
	near(t, "MASE", m, 0.9)
	if !ok {
		t.Error("MASE not ok")
	}
	// 14 months: lag 12, changes 2 and 2; error 1: MASE 0.5.
	h := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3}
	m, _ = MASE([]float64{4}, []float64{3}, h, 12)
	near(t, "seasonal MASE", m, 0.5)
	for _, hist := range [][]float64{nil, {5}, {5, 5, 5}} {
		if _, ok := MASE([]float64{1}, []float64{2}, hist, 12); ok {
			t.Errorf("MASE scaled by history %v", hist)
		}
	}
	if _, ok := WAPE([]float64{math.NaN()}, []float64{1}); ok {
		t.Error("WAPE of NaN is ok")
	}
	var a Accuracy
	a.Add([]float64{10, 0, 20}, []float64{12, 3, 15}, []float64{1, 3, 2, 4})
	a.Add([]float64{0, 0, 0}, []float64{1, 1, 1}, []float64{5, 5})
	// Totals: |30 − 30| + |0 − 3| over 30; months: 10 + 3 over 30.
	near(t, "total WAPE", a.WAPE(), 0.1)
	near(t, "monthly WAPE", a.MonthlyWAPE(), 13.0/30)
	// The first account: errors 2, 3, 5 over the scale 5/3: MASE 2.
	near(t, "mean MASE", a.MeanMASE(), 2)
	if a.Scaled != 1 {
		t.Errorf("Scaled = %d, want 1 (a flat history has no scale)", a.Scaled)
	}
}
