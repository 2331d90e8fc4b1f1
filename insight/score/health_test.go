package score

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

func day(y int, m time.Month, d int) kam.Date { return kam.NewDate(y, m, d) }

func units(n int64) kam.Money { return kam.Money(n * kam.MoneyScale) }

// rollup is a roll-up with two years' revenue and an order daysAgo.
func rollup(now, before int64, daysAgo int) insight.Rollup {
	r := insight.Rollup{AsOf: day(2025, 12, 31), Revenue12M: units(now), RevenuePrev12M: units(before), DaysSinceLast: daysAgo, Orders12M: 6}
	if before > 0 {
		r.Growth, r.HasGrowth = float64(now-before)/float64(before), true
	}
	return r
}

func partByKey(t *testing.T, parts []Part, key string) Part {
	t.Helper()
	for _, p := range parts {
		if p.Key == key {
			return p
		}
	}
	t.Fatalf("no part %s in %+v", key, parts)
	return Part{}
}

func TestHealthByHand(t *testing.T) {
	in := HealthInput{
		// 90,000 against 100,000: −10%, 75 − 150 × 0.1 = 60.
		Rollup: rollup(90000, 100000, 20), Currency: "EUR",
		// 12 days late: 100 − 2 × 12 − 15 × 1 overdue = 61.
		PaidInvoices12M: 8, DaysLate12M: 12, PaidInvoicesPrev12M: 6, DaysLatePrev12M: 5, OverdueInvoices: 1,
		// 2 open, 1 overdue: 100 − 10 × 2 − 20 × 1 = 60.
		OpenCases: 2, OverdueCases: 1,
		// 45 days on a 30-day cadence: 100 × (1 − 15 / 60) = 75.
		DaysSinceContact: 45, CadenceDays: 30,
		// decision maker and user of the four default roles: 50.
		ActiveContacts: 4, RolesCovered: []kam.BuyingRole{kam.BuyingDecisionMaker, kam.BuyingUser, kam.BuyingGatekeeper, kam.BuyingUser},
	}
	got, err := Health(in, DefaultHealthWeights)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{PartPurchaseTrend: 60, PartPayment: 61, PartCases: 60, PartEngagement: 75, PartCoverage: 50}
	for key, score := range want {
		if p := partByKey(t, got.Parts, key); p.Score != score || !p.EnoughData {
			t.Errorf("%s: score %v (data %v), want %v", key, p.Score, p.EnoughData, score)
		}
	}
	// 0.30 × 60 + 0.20 × 61 + 0.15 × 60 + 0.20 × 75 + 0.15 × 50
	// = 18 + 12.2 + 9 + 15 + 7.5 = 61.7: watch.
	if got.Score != 61.7 || got.Band != BandWatch || got.Note != "" {
		t.Errorf("health %v %s note %q, want 61.7 watch", got.Score, got.Band, got.Note)
	}
	if p := partByKey(t, got.Parts, PartPayment); p.Share != 0.2 || p.Contribution != 12.2 || p.Raw != 12 {
		t.Errorf("payment share %v contribution %v raw %v", p.Share, p.Contribution, p.Raw)
	}
	for _, s := range []string{
		"Revenue of the last 12 months EUR 90,000 against EUR 100,000 the 12 months before: -10.0%.",
		"8 invoices paid 12 days late on average in the last 12 months, against 5 days late the 12 months before; 1 invoice overdue now.",
		"2 cases open, 1 of them overdue.",
		"Last contact 45 days ago, 15 past the 30-day cadence; the score falls to 0 at 90 days.",
		"2 of 4 expected roles covered (decision maker and user); missing influencer and champion.",
	} {
		if !strings.Contains(explanations(got.Parts), s) {
			t.Errorf("no explanation %q in\n%s", s, explanations(got.Parts))
		}
	}
}

func explanations(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Explanation + "\n")
	}
	return b.String()
}

func TestHealthLeavesOutPartsWithoutData(t *testing.T) {
	// A first-year account: no year to compare with, no payments yet, no
	// cases (100), called 10 days ago on a 14-day cadence (100), no
	// contacts (0). The 15 + 20 + 15 = 50 points of weight left scale to
	// shares 0.3, 0.4, 0.3: 0.3 × 100 + 0.4 × 100 + 0.3 × 0 = 70, good.
	in := HealthInput{Rollup: rollup(50000, 0, 10), DaysSinceContact: 10, CadenceDays: 14}
	got, err := Health(in, DefaultHealthWeights)
	if err != nil {
		t.Fatal(err)
	}
	if got.Score != 70 || got.Band != BandGood {
		t.Errorf("health %v %s, want 70 good", got.Score, got.Band)
	}
	if want := "Not enough data for purchase trend and payment behaviour: left out, and the other weights scaled up to make 100%."; got.Note != want {
		t.Errorf("note %q, want %q", got.Note, want)
	}
	trend := partByKey(t, got.Parts, PartPurchaseTrend)
	if trend.EnoughData || trend.Share != 0 || trend.Contribution != 0 ||
		trend.Explanation != "Not enough data: 50,000 in the last 12 months but no revenue in the 12 months before to compare with (0)." {
		t.Errorf("trend part %+v", trend)
	}
	if p := partByKey(t, got.Parts, PartEngagement); p.Share != 0.4 || p.Contribution != 40 {
		t.Errorf("engagement share %v contribution %v, want 0.4 and 40", p.Share, p.Contribution)
	}
	if p := partByKey(t, got.Parts, PartCoverage); p.Score != 0 || !strings.HasPrefix(p.Explanation, "No active contacts") {
		t.Errorf("coverage %+v", p)
	}
}

func TestHealthOnBadInput(t *testing.T) {
	onlyReturns := insight.Roll([]insight.Sale{{Date: day(2025, 6, 1), Amount: -units(500)}}, day(2025, 12, 31))
	oneOrder := insight.Roll([]insight.Sale{{Date: day(2025, 6, 1), Amount: units(500)}}, day(2025, 12, 31))
	cases := []struct {
		name      string
		in        HealthInput
		w         HealthWeights
		score     float64
		band      Band
		partKey   string
		partScore float64
		partData  bool
		says      string
	}{
		// No orders, no contact, nothing: cases 100 × 15 / 50 = 30.
		{"nothing at all", HealthInput{Rollup: insight.Roll(nil, day(2025, 12, 31)), DaysSinceContact: -1}, DefaultHealthWeights,
			30, BandPoor, PartPurchaseTrend, 0, false, "Not enough data: no orders yet."},
		{"zero value", HealthInput{}, DefaultHealthWeights,
			// cases 100, engagement 100 (contacted "today"), coverage 0:
			// (15 × 100 + 20 × 100 + 15 × 0) / 50 = 70.
			70, BandGood, PartPayment, 0, false, "Not enough data: no invoice paid in the last 12 months and none overdue."},
		{"only returns", HealthInput{Rollup: onlyReturns, DaysSinceContact: -1}, DefaultHealthWeights,
			30, BandPoor, PartPurchaseTrend, 0, false, "no orders, only credit notes (-500 in the last 12 months)"},
		{"one order", HealthInput{Rollup: oneOrder, DaysSinceContact: -1}, DefaultHealthWeights,
			30, BandPoor, PartPurchaseTrend, 0, false, "500 in the last 12 months but no revenue in the 12 months before"},
		{"lapsed", HealthInput{Rollup: rollup(0, 0, 800), DaysSinceContact: 1}, HealthWeights{PurchaseTrend: 1, Cases: 1},
			100, BandGood, PartPurchaseTrend, 0, false, "no revenue in the last 24 months (last order 800 days ago)"},
		// −5,000 against 10,000 is −150%: 75 − 225 → 0.
		{"negative total", HealthInput{Rollup: rollup(-5000, 10000, 200), DaysSinceContact: 1}, HealthWeights{PurchaseTrend: 1},
			0, BandPoor, PartPurchaseTrend, 0, true, "-150.0%"},
		// Paid 3 days early: no penalty, 100.
		{"paid early", HealthInput{PaidInvoices12M: 4, DaysLate12M: -3}, HealthWeights{Payment: 1},
			100, BandGood, PartPayment, 100, true, "4 invoices paid 3 days early on average"},
		// Nothing paid, 3 overdue: 100 − 45 = 55.
		{"only overdue invoices", HealthInput{OverdueInvoices: 3}, HealthWeights{Payment: 1},
			55, BandWatch, PartPayment, 55, true, "No invoice paid in the last 12 months; 3 invoices overdue now."},
		{"days late not a number", HealthInput{PaidInvoices12M: 2, DaysLate12M: math.NaN()}, HealthWeights{Payment: 1, Cases: 1},
			100, BandGood, PartPayment, 0, false, "is not a number"},
		// More overdue cases than open ones: read as 3 open and overdue,
		// 100 − 10 × 3 − 20 × 3 = 10.
		{"overdue above open", HealthInput{OpenCases: 1, OverdueCases: 3}, HealthWeights{Cases: 1},
			10, BandPoor, PartCases, 10, true, "3 cases open, 3 of them overdue."},
		// Contact 75 days ago, no cadence given (90): within it.
		{"default cadence", HealthInput{DaysSinceContact: 75}, HealthWeights{Engagement: 1},
			100, BandGood, PartEngagement, 100, true, "within the 90-day cadence"},
		// 75 days on 30: 100 × (1 − 45 / 60) = 25.
		{"late contact", HealthInput{DaysSinceContact: 75, CadenceDays: 30}, HealthWeights{Engagement: 1},
			25, BandPoor, PartEngagement, 25, true, "45 past the 30-day cadence"},
		{"never contacted", HealthInput{DaysSinceContact: -1, CadenceDays: 14}, HealthWeights{Engagement: 1},
			0, BandPoor, PartEngagement, 0, true, "No contact recorded"},
		{"contacts without roles", HealthInput{ActiveContacts: 3, RolesCovered: []kam.BuyingRole{"", kam.BuyingBlocker}}, HealthWeights{Coverage: 1},
			0, BandPoor, PartCoverage, 0, true, "3 contacts active, but none in an expected role"},
		{"no roles expected", HealthInput{RolesExpected: []kam.BuyingRole{}}, HealthWeights{Coverage: 1, Cases: 1},
			100, BandGood, PartCoverage, 0, false, "no buying roles are expected"},
		{"all covered", HealthInput{RolesCovered: DefaultExpectedRoles, ActiveContacts: 4}, HealthWeights{Coverage: 1},
			100, BandGood, PartCoverage, 100, true, "All 4 expected roles covered"},
		{"no part with data", HealthInput{}, HealthWeights{PurchaseTrend: 1, Payment: 1},
			0, BandUnknown, PartPayment, 0, false, "no invoice paid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Health(c.in, c.w)
			if err != nil {
				t.Fatal(err)
			}
			if got.Score != c.score || got.Band != c.band {
				t.Errorf("health %v %s, want %v %s", got.Score, got.Band, c.score, c.band)
			}
			p := partByKey(t, got.Parts, c.partKey)
			if p.Score != c.partScore || p.EnoughData != c.partData || !strings.Contains(p.Explanation, c.says) {
				t.Errorf("part %+v, want score %v data %v saying %q", p, c.partScore, c.partData, c.says)
			}
			checkFinite(t, got.Score, got.Parts)
		})
	}
}

func TestHealthWeights(t *testing.T) {
	for _, c := range []struct {
		w    HealthWeights
		says string
	}{
		{HealthWeights{Payment: -1, Cases: 2}, "health weight payment is -1: weights cannot be negative"},
		{HealthWeights{}, "health weights are all zero"},
		{HealthWeights{Coverage: math.NaN()}, "health weight coverage is not a number"},
		{HealthWeights{Engagement: math.Inf(1)}, "health weight engagement is not a number"},
	} {
		err := c.w.Validate()
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%+v: error %v, want %q", c.w, err, c.says)
		}
		if _, err := Health(HealthInput{}, c.w); err == nil {
			t.Errorf("Health accepted weights %+v", c.w)
		}
	}
	// Only ratios matter: the defaults divided by 5 score the same.
	in := HealthInput{Rollup: rollup(90000, 100000, 20), DaysSinceContact: 45, CadenceDays: 30, OpenCases: 1}
	a, _ := Health(in, DefaultHealthWeights)
	b, _ := Health(in, HealthWeights{PurchaseTrend: 6, Payment: 4, Cases: 3, Engagement: 4, Coverage: 3})
	if a.Score != b.Score {
		t.Errorf("scaled weights score %v, defaults %v", b.Score, a.Score)
	}

	w, err := ParseHealthWeights([]byte(`{"payment": 0, "engagement": 30}`))
	if err != nil || w != (HealthWeights{PurchaseTrend: 30, Payment: 0, Cases: 15, Engagement: 30, Coverage: 15}) {
		t.Errorf("parsed %+v, %v", w, err)
	}
	for doc, says := range map[string]string{
		`{"paymnet": 1}`:    `health weights: unknown field "paymnet"`,
		`{"cases": -2}`:     "health weight cases is -2",
		`{"cases": "high"}`: "health weights: cannot unmarshal string",
		`{"purchase_trend": 0, "payment": 0, "cases": 0, "engagement": 0, "coverage": 0}`: "all zero",
	} {
		if _, err := ParseHealthWeights([]byte(doc)); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: error %v, want %q", doc, err, says)
		}
	}
}

func TestBandOf(t *testing.T) {
	for score, want := range map[float64]Band{100: BandGood, 70: BandGood, 69.9: BandWatch, 40: BandWatch, 39.9: BandPoor, 0: BandPoor, math.NaN(): BandUnknown} {
		if got := BandOf(score); got != want {
			t.Errorf("BandOf(%v) = %s, want %s", score, got, want)
		}
	}
}

// checkFinite fails on any NaN or infinite number in a score or its parts,
// or a score outside 0–100.
func checkFinite(t testing.TB, score float64, parts []Part) {
	t.Helper()
	if !finite(score) || score < 0 || score > 100 {
		t.Fatalf("score %v", score)
	}
	for _, p := range parts {
		for _, x := range []float64{p.Weight, p.Share, p.Score, p.Raw, p.Contribution} {
			if !finite(x) {
				t.Fatalf("part %+v has a non-finite number", p)
			}
		}
		if p.Score < 0 || p.Score > 100 || p.Share < 0 || p.Share > 1 {
			t.Fatalf("part %+v out of range", p)
		}
	}
}

func TestTrendByHand(t *testing.T) {
	history := []Point{
		{day(2025, 3, 15), 66},
		{day(2025, 1, 1), 60},
		{day(2025, 4, 10), 70},
		{day(2025, 2, 1), 62},
	}
	// Latest 2025-04-10 (70); 90 days before is 2025-01-10, and the latest
	// point on or before it is 2025-01-01 (60): +10 over 99 days.
	got := Trend(history)
	if got.From.Score != 60 || got.To.Score != 70 || got.Days != 99 || got.Change != 10 || got.Direction != Improving {
		t.Fatalf("trend %+v", got)
	}
	if want := "From 60 on 2025-01-01 to 70 on 2025-04-10: +10.0 points over 99 days; improving (a move of 5 points or more either way counts)."; got.Explanation != want {
		t.Errorf("explanation %q, want %q", got.Explanation, want)
	}
	if got.WindowDays != 90 || got.Threshold != 5 {
		t.Errorf("settings %d %v", got.WindowDays, got.Threshold)
	}
}

func TestTrendDirections(t *testing.T) {
	for _, c := range []struct {
		name    string
		history []Point
		change  float64
		days    int
		dir     Direction
		says    string
	}{
		// Only 26 days of history: compared with the first point.
		{"short history", []Point{{day(2025, 3, 15), 66}, {day(2025, 4, 10), 68}}, 2, 26, Stable, "all the history there is (the window is 90 days)"},
		// Exactly the threshold counts.
		{"down five", []Point{{day(2025, 1, 1), 70}, {day(2025, 4, 1), 65}}, -5, 90, Declining, "declining"},
		{"down 4.9", []Point{{day(2025, 1, 1), 70}, {day(2025, 4, 1), 65.1}}, -4.9, 90, Stable, "stable"},
		// Of two points on one day the later counts; a NaN and an undated
		// point are ignored.
		{"duplicates and junk", []Point{{day(2025, 1, 1), 50}, {day(2025, 1, 1), 40}, {day(2025, 2, 1), math.NaN()}, {Score: 99}, {day(2025, 4, 1), 52}}, 12, 90, Improving, "From 40 on 2025-01-01"},
		{"none", nil, 0, 0, NotEnoughData, "no score recorded yet"},
		{"one", []Point{{day(2025, 1, 1), 50}}, 0, 0, NotEnoughData, "one score so far (50 on 2025-01-01)"},
		{"one day twice", []Point{{day(2025, 1, 1), 50}, {day(2025, 1, 1), 55}}, 0, 0, NotEnoughData, "one score so far (55"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Trend(c.history)
			if got.Change != c.change || got.Days != c.days || got.Direction != c.dir || !strings.Contains(got.Explanation, c.says) {
				t.Errorf("trend %+v, want change %v over %d days, %s, saying %q", got, c.change, c.days, c.dir, c.says)
			}
		})
	}
}

func TestTrendOver(t *testing.T) {
	history := []Point{{day(2025, 1, 1), 50}, {day(2025, 3, 1), 58}, {day(2025, 3, 20), 61}, {day(2025, 4, 1), 60}}
	// 30 days before 2025-04-01 is 2025-03-02: the point of 2025-03-01
	// (58), +2 over 31 days, which a threshold of 2 counts.
	got := TrendOver(history, 30, 2)
	if got.From.Score != 58 || got.Change != 2 || got.Days != 31 || got.Direction != Improving {
		t.Errorf("trend %+v", got)
	}
	// Silly settings fall back to the defaults.
	got = TrendOver(history, -1, math.NaN())
	if got.WindowDays != TrendWindowDays || got.Threshold != TrendThreshold || got.From.Score != 50 || got.Direction != Improving {
		t.Errorf("trend with defaults %+v", got)
	}
	// A threshold of 0 counts any move, but no move is stable.
	flat := []Point{{day(2025, 1, 1), 50}, {day(2025, 4, 1), 50}}
	if got := TrendOver(flat, 90, 0); got.Direction != Stable {
		t.Errorf("flat with threshold 0: %s", got.Direction)
	}
}
