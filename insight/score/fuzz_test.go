package score

import (
	"math"
	"slices"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// FuzzHealth feeds Health any figures and weights: with valid weights it
// must give a finite score in 0–100 with finite parts, with invalid ones an
// error, and never panic.
func FuzzHealth(f *testing.F) {
	f.Add(int64(90000), int64(100000), -0.1, true, 20, 8, 12.0, 1, 2, 1, 45, 30, 4, uint8(5), 30.0, 20.0, 15.0, 20.0, 15.0)
	f.Add(int64(0), int64(0), 0.0, false, -1, 0, 0.0, 0, 0, 0, -1, 0, 0, uint8(0), 1.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(int64(-5), int64(10), math.Inf(-1), true, 3, 1, math.NaN(), -4, -1, 7, 1<<40, -9, -3, uint8(255), 0.0, -1.0, math.NaN(), 0.0, 0.0)
	f.Fuzz(func(t *testing.T, now, before int64, growth float64, hasGrowth bool, daysSinceLast, paid int, late float64, overdue, open, overdueCases, daysContact, cadence, contacts int,
		roles uint8, wt, wp, wc, we, wv float64) {
		var covered []kam.BuyingRole
		for i, r := range kam.BuyingRoles {
			if roles&(1<<i) != 0 {
				covered = append(covered, r)
			}
		}
		var expected []kam.BuyingRole
		if roles&0x80 != 0 {
			expected = []kam.BuyingRole{}
		}
		in := HealthInput{
			Rollup:          insight.Rollup{Revenue12M: kam.Money(now), RevenuePrev12M: kam.Money(before), Growth: growth, HasGrowth: hasGrowth, DaysSinceLast: daysSinceLast},
			PaidInvoices12M: paid, DaysLate12M: late, DaysLatePrev12M: late * 2, PaidInvoicesPrev12M: paid, OverdueInvoices: overdue,
			OpenCases: open, OverdueCases: overdueCases, DaysSinceContact: daysContact, CadenceDays: cadence,
			ActiveContacts: contacts, RolesCovered: covered, RolesExpected: expected,
		}
		w := HealthWeights{PurchaseTrend: wt, Payment: wp, Cases: wc, Engagement: we, Coverage: wv}
		got, err := Health(in, w)
		if err != nil {
			if w.Validate() == nil {
				t.Fatalf("valid weights %+v refused: %v", w, err)
			}
			return
		}
		checkFinite(t, got.Score, got.Parts)
		if got.Band != BandOf(got.Score) && got.Band != BandUnknown {
			t.Fatalf("band %s for %v", got.Band, got.Score)
		}
		var share float64
		for _, p := range got.Parts {
			share += p.Share
		}
		if got.Band != BandUnknown && math.Abs(share-1) > 0.001 {
			t.Fatalf("shares sum to %v", share)
		}
	})
}

// FuzzClassify feeds Classify any figures, linear ends, weights and
// threshold: with a valid configuration the axes must be finite and in
// 0–100 and the quadrant one of the known ones.
func FuzzClassify(f *testing.F) {
	f.Add(150000.0, 0.05, 0.3, 4.0, 0.0, 200000.0, 2.0, 1.0, 50.0, true)
	f.Add(math.NaN(), math.Inf(1), -1e308, 1e308, 5.0, 5.0, 0.0, -1.0, 0.0, false)
	f.Add(-3.0, 0.0, 0.0, 0.0, 1e-300, -1e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, 99.99, true)
	f.Fuzz(func(t *testing.T, rev, growth, sow, stage, lo, hi, w1, w2, threshold float64, withPortfolio bool) {
		cfg := ClassifyConfig{Threshold: threshold, Criteria: []Criterion{
			{Key: FigRevenue12M, Axis: Attractiveness, Weight: w1, Scale: Linear, Min: lo, Max: hi},
			{Key: FigGrowth, Axis: Attractiveness, Weight: 1, Scale: Percentile},
			{Key: FigShareOfWallet, Axis: Strength, Weight: w2, Scale: Linear, Min: 0, Max: 1},
			{Key: FigStage, Axis: Strength, Weight: 1, Scale: Linear, Min: 5, Max: 0},
		}}
		values := map[string]float64{FigRevenue12M: rev, FigGrowth: growth, FigShareOfWallet: sow, FigStage: stage}
		if withPortfolio {
			cfg = cfg.WithPortfolio([]map[string]float64{values, {FigGrowth: rev}, {FigGrowth: math.NaN()}})
		}
		got, err := Classify(values, cfg)
		if err != nil {
			if cfg.Validate() == nil {
				t.Fatalf("valid config refused: %v", err)
			}
			return
		}
		for _, x := range []float64{got.Attractiveness, got.Strength} {
			if !finite(x) || x < 0 || x > 100 {
				t.Fatalf("axis %v in %+v", x, got)
			}
		}
		checkFinite(t, got.Attractiveness, got.Parts)
		if got.Quadrant != Unclassified && !slices.Contains(Quadrants, got.Quadrant) {
			t.Fatalf("quadrant %q", got.Quadrant)
		}
	})
}

// FuzzParseRules feeds the rule parser any text: it may refuse it, but must
// not panic, and what it accepts must evaluate and print.
func FuzzParseRules(f *testing.F) {
	f.Add([]byte(definition))
	f.Add([]byte(`{"any": [{"field": "relational_stage", "op": ">=", "value": "mid"}, {"field": "orders_12m", "op": "in", "value": [1, 2]}]}`))
	f.Add([]byte(`{"all": [{"all": [{"any": []}]}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		r, err := ParseRules(doc)
		if err != nil {
			return
		}
		_ = r.String()
		r.Evaluate(Facts{Numbers: map[string]float64{FigRevenue12M: 1e6, FigStage: 2}, Texts: map[string]string{FieldTier: "key"}})
		r.Evaluate(Facts{})
	})
}

// FuzzParseClassifyConfig feeds the configuration parser any text.
func FuzzParseClassifyConfig(f *testing.F) {
	f.Add([]byte(`{"threshold": 60, "labels": "4s"}`))
	f.Add([]byte(`{"criteria": [{"key": "health", "axis": "strength", "weight": 1, "scale": "linear", "min": 0, "max": 100}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		cfg, err := ParseClassifyConfig(doc)
		if err != nil {
			return
		}
		if _, err := Classify(map[string]float64{FigHealth: 50, FigRevenue12M: 10}, cfg); err != nil {
			t.Fatalf("parsed config refused: %v", err)
		}
	})
}
