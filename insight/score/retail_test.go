package score

import (
	"math"
	"sort"
	"strconv"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/internal/retaildata"
)

// retailRollups rolls up every Online Retail customer as of the day after
// the last invoice: one sale per invoice, net of its lines.
func retailRollups(t *testing.T) (ids []int64, rollups map[int64]insight.Rollup) {
	t.Helper()
	lines := retaildata.Lines(t)
	type key struct {
		customer int64
		invoice  string
	}
	sales := map[key]*insight.Sale{}
	var last kam.Date
	for _, l := range lines {
		id, err := strconv.ParseInt(l.Customer, 10, 64)
		if err != nil {
			t.Fatalf("customer %q: %v", l.Customer, err)
		}
		k := key{id, l.Invoice}
		s := sales[k]
		if s == nil {
			s = &insight.Sale{Date: l.Date}
			sales[k] = s
		}
		s.Amount += l.Amount()
		s.Products = append(s.Products, l.StockCode)
		if last.Before(l.Date) {
			last = l.Date
		}
	}
	byCustomer := map[int64][]insight.Sale{}
	for k, s := range sales {
		byCustomer[k.customer] = append(byCustomer[k.customer], *s)
	}
	asOf := last.AddDays(1)
	rollups = map[int64]insight.Rollup{}
	for id, ss := range byCustomer {
		ids = append(ids, id)
		rollups[id] = insight.Roll(ss, asOf)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, rollups
}

// TestRetailPortfolio scores the Online Retail customers (some 4,400, with
// credit-note-only customers among them): every RFM segment is used, split
// quintiles hold a fifth each within 1%, shared-tie quintiles never split
// equal figures, and no health score or classification is NaN. With shared
// ties F is lopsided — a third of the customers ordered once — which is the
// price of giving equal figures equal scores.
func TestRetailPortfolio(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real data set")
	}
	ids, rollups := retailRollups(t)
	in := make([]RFMInput, len(ids))
	for i, id := range ids {
		in[i] = RFMInputOf(id, rollups[id])
	}

	split := RFM(in, RFMOptions{SplitTies: true})
	count := map[Segment]int{}
	buyers := 0
	var perScore [3][6]int
	for _, s := range split {
		count[s.Segment]++
		if s.Segment != NoPurchases {
			buyers++
			perScore[0][s.R]++
			perScore[1][s.F]++
			perScore[2][s.M]++
		}
	}
	t.Logf("%d customers, %d buyers; segments %v", len(ids), buyers, count)
	for _, seg := range Segments {
		if count[seg] == 0 {
			t.Errorf("segment %s is empty", seg)
		}
	}
	for axis, scores := range perScore {
		for q := 1; q <= 5; q++ {
			if share := float64(scores[q]) / float64(buyers); math.Abs(share-0.2) > 0.01 {
				t.Errorf("split ties: %c score %d holds %.1f%% of buyers", "RFM"[axis], q, share*100)
			}
		}
	}

	shared := RFM(in, RFMOptions{})
	byOrders := map[int]int{}
	var sharedScores [6]int
	for _, s := range shared {
		if s.Segment == NoPurchases {
			continue
		}
		sharedScores[s.F]++
		if f, ok := byOrders[s.Orders12M]; ok && f != s.F {
			t.Fatalf("%d orders scored both F %d and F %d", s.Orders12M, f, s.F)
		}
		byOrders[s.Orders12M] = s.F
	}
	t.Logf("shared ties: F score sizes %v", sharedScores[1:])

	var portfolio []map[string]float64
	for _, id := range ids {
		r := rollups[id]
		h, err := Health(HealthInput{Rollup: r, DaysSinceContact: -1}, DefaultHealthWeights)
		if err != nil {
			t.Fatal(err)
		}
		checkFinite(t, h.Score, h.Parts)
		v := Figures(r)
		v[FigHealth] = h.Score
		portfolio = append(portfolio, v)
	}
	classes, err := ClassifyAll(portfolio, DefaultClassifyConfig())
	if err != nil {
		t.Fatal(err)
	}
	quadrants := map[Quadrant]int{}
	for _, c := range classes {
		checkFinite(t, c.Attractiveness, c.Parts)
		checkFinite(t, c.Strength, nil)
		quadrants[c.Quadrant]++
	}
	// The data set has no contacts, payments or stages, so strength rests
	// on health without engagement or coverage, and on tenure of at most a
	// year: every customer is weak. Attractiveness must still split them.
	t.Logf("quadrants %v", quadrants)
	if quadrants[InvestSelectively] == 0 || quadrants[ManageForCash] == 0 {
		t.Errorf("attractiveness does not split the portfolio: %v", quadrants)
	}
}
