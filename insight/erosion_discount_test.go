package insight

import (
	"strings"
	"testing"
)

// TestErosionAllowsForApprovedDiscounts works the numbers by hand: 20 units
// for 200 in the year before (10.00 a unit), 30 units for 240 in the last
// 90 days (8.00 a unit, −20%).
func TestErosionAllowsForApprovedDiscounts(t *testing.T) {
	asOf := on("2025-06-30")
	lines := []Line{
		{Date: on("2024-10-01"), Product: "P", Name: "Pump", Quantity: 10, Amount: gbp(100)},
		{Date: on("2025-01-15"), Product: "P", Name: "Pump", Quantity: 10, Amount: gbp(100)},
		{Date: on("2025-04-15"), Product: "P", Name: "Pump", Quantity: 10, Amount: gbp(80)},
		{Date: on("2025-06-01"), Product: "P", Name: "Pump", Quantity: 20, Amount: gbp(160)},
	}
	recent := Discount{From: on("2025-04-01"), To: on("2025-12-31")}
	for _, tc := range []struct {
		name      string
		discounts []Discount
		want      string // the evidence's end; "" for no flag
		severity  string
	}{
		// Without a discount: −20%, medium.
		{"none", nil, "-20%", SeverityMedium},
		// 20% on the pump over the recent lines: 8.00 / 0.8 = 10.00, no erosion.
		{"explained", []Discount{{Products: []string{"P"}, DepthBP: 2000, From: recent.From, To: recent.To}}, "", ""},
		// 12% on all products: 8.00 / 0.88 = 9.09, −9.1%, within the 10%.
		{"all products", []Discount{{DepthBP: 1200, From: recent.From, To: recent.To}}, "", ""},
		// 5% on all products: 8.00 / 0.95 = 8.42, −15.8%: low, and said.
		{"partly", []Discount{{DepthBP: 500, From: recent.From, To: recent.To}}, "-20% (-16% allowing for approved discounts)", SeverityLow},
		// The deepest of two overlapping discounts counts, not their sum:
		// 5% and 8% → 8.00 / 0.92 = 8.70, −13.0%.
		{"overlapping", []Discount{{DepthBP: 500, From: recent.From, To: recent.To},
			{Products: []string{"P"}, DepthBP: 800, From: recent.From, To: recent.To}}, "-20% (-13% allowing for approved discounts)", SeverityLow},
		// Another product's discount, or one that ended before, explains nothing.
		{"other product", []Discount{{Products: []string{"Q"}, DepthBP: 2000, From: recent.From, To: recent.To}}, "-20%", SeverityMedium},
		{"ended", []Discount{{Products: []string{"P"}, DepthBP: 2000, From: on("2024-11-01"), To: on("2024-12-31")}}, "-20%", SeverityMedium},
		// One that covered the January order only: that order would have
		// been 125 without it, so the year before was 11.25 a unit, and
		// the recent 8.00 is −28.9%.
		{"earlier only", []Discount{{Products: []string{"P"}, DepthBP: 2000, From: on("2025-01-01"), To: on("2025-03-31")}},
			"-20% (-29% allowing for approved discounts)", SeverityMedium},
		// A discount over both periods lowers both alike: still −20%.
		{"both periods", []Discount{{DepthBP: 2000, From: on("2024-01-01"), To: on("2025-12-31")}}, "-20%", SeverityMedium},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flags := ErosionAllowing(lines, tc.discounts, asOf, "GBP")
			if tc.want == "" {
				if len(flags) != 0 {
					t.Fatalf("flags = %+v, want none", flags)
				}
				return
			}
			if len(flags) != 1 {
				t.Fatalf("flags = %+v, want one", flags)
			}
			f := flags[0]
			if !strings.HasPrefix(f.Evidence, "Pump (P) sold at GBP 8.00 a unit in the last 90 days against GBP 10.00 in the year before, ") ||
				!strings.HasSuffix(f.Evidence, ", "+tc.want) || f.Severity != tc.severity {
				t.Errorf("flag = %s %q, want %s ending %q", f.Severity, f.Evidence, tc.severity, tc.want)
			}
		})
	}
	// AccountFlags reads the discounts of the history.
	h := &History{Lines: lines, Currency: "GBP", Discounts: []Discount{{Products: []string{"P"}, DepthBP: 2000, From: recent.From, To: recent.To}}}
	for _, f := range AccountFlags(h, asOf, AccountOptions{}) {
		if f.Kind == PriceErosion {
			t.Errorf("an approved discount's price raised %+v", f)
		}
	}
}
