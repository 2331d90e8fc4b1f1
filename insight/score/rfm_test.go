package score

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// portfolio is five buyers and one account that never ordered.
func portfolio() []RFMInput {
	return []RFMInput{
		{AccountID: 1, RecencyDays: 5, Orders12M: 12, Revenue12M: units(50000)},
		{AccountID: 2, RecencyDays: 30, Orders12M: 6, Revenue12M: units(20000)},
		{AccountID: 3, RecencyDays: 60, Orders12M: 6, Revenue12M: units(30000)},
		{AccountID: 4, RecencyDays: 200, Orders12M: 2, Revenue12M: units(5000)},
		{AccountID: 5, RecencyDays: 400, Orders12M: 0, Revenue12M: 0},
		{AccountID: 6, RecencyDays: -1, Revenue12M: -units(300)},
	}
}

func TestRFMByHand(t *testing.T) {
	// Five buyers; the one at position p from the worst scores
	// 1 + ⌊5 (p + ½) / 5⌋ = p + 1.
	// R: 400, 200, 60, 30, 5 days → ids 5, 4, 3, 2, 1 score 1 to 5.
	// F: 0, 2, 6, 6, 12 orders. Ids 3 and 2 tie at positions 2 and 3 and
	//    share the middle, 2.5: 1 + ⌊5 × 3 / 5⌋ = 4. So F = 5, 4, 4, 2, 1
	//    for ids 1 to 5.
	// M: 0, 5,000, 20,000, 30,000, 50,000 → ids 5, 4, 2, 3, 1 score 1 to 5.
	// FM = ⌊(F + M + 1) / 2⌋: id 1 (5+5+1)/2 = 5, id 2 (4+3+1)/2 = 4,
	// id 3 (4+4+1)/2 = 4, id 4 (2+2+1)/2 = 2, id 5 (1+1+1)/2 = 1.
	want := []struct {
		r, f, m, fm int
		seg         Segment
	}{
		{5, 5, 5, 5, Champions},
		{4, 4, 3, 4, Loyal},
		{3, 4, 4, 4, Loyal},
		{2, 2, 2, 2, Hibernating},
		{1, 1, 1, 1, Lost},
		{0, 0, 0, 0, NoPurchases},
	}
	got := RFM(portfolio(), RFMOptions{})
	for i, w := range want {
		g := got[i]
		if g.AccountID != int64(i+1) || g.R != w.r || g.F != w.f || g.M != w.m || g.FM != w.fm || g.Segment != w.seg {
			t.Errorf("account %d: %+v, want %+v", i+1, g, w)
		}
	}
	if want := "Last order 30 days ago (R 4), 6 orders in 12 months (F 4), 20,000 net revenue in 12 months (M 3); FM 4: Loyal."; got[1].Explanation != want {
		t.Errorf("explanation %q, want %q", got[1].Explanation, want)
	}
	if want := "No order recorded (net revenue of the last 12 months -300): No purchases."; got[5].Explanation != want {
		t.Errorf("explanation %q, want %q", got[5].Explanation, want)
	}

	// Split ties: id 3 (higher id, ranked lower) takes position 2,
	// 1 + ⌊5 × 2.5 / 5⌋ = 3; id 2 position 3, 4. Id 3's FM is
	// ⌊(3 + 4 + 1) / 2⌋ = 4, still loyal.
	split := RFM(portfolio(), RFMOptions{SplitTies: true})
	if split[1].F != 4 || split[2].F != 3 || split[2].Segment != Loyal {
		t.Errorf("split ties: %+v, %+v", split[1], split[2])
	}

	// The result does not depend on the order of the input.
	shuffled := portfolio()
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, s := range RFM(shuffled, RFMOptions{SplitTies: true}) {
		if o := split[s.AccountID-1]; o != s {
			t.Errorf("shuffled %+v, in order %+v", s, o)
		}
	}
}

func TestRFMSmallAndEmptyPortfolios(t *testing.T) {
	if got := RFM(nil, RFMOptions{}); len(got) != 0 {
		t.Errorf("empty portfolio: %v", got)
	}
	// One buyer sits in the middle: 1 + ⌊5 × ½ / 1⌋ = 3 on each, FM 3,
	// need attention — there is nothing to compare it with.
	one := RFM([]RFMInput{{AccountID: 9, RecencyDays: 0, Orders12M: 1, Revenue12M: units(10)}}, RFMOptions{})
	if g := one[0]; g.R != 3 || g.F != 3 || g.M != 3 || g.Segment != NeedAttention {
		t.Errorf("one buyer %+v", g)
	}
	// Two: positions 0 and 1 score 1 + ⌊5 × ½ / 2⌋ = 2 and 1 + ⌊5 × 1½ / 2⌋ = 4.
	two := RFM([]RFMInput{{AccountID: 1, RecencyDays: 10, Orders12M: 1}, {AccountID: 2, RecencyDays: 1, Orders12M: 3}}, RFMOptions{})
	if two[0].R != 2 || two[1].R != 4 || two[0].F != 2 || two[1].F != 4 {
		t.Errorf("two buyers %+v", two)
	}
	// All equal: everyone shares the middle, 3.
	same := RFM([]RFMInput{{AccountID: 1, RecencyDays: 7}, {AccountID: 2, RecencyDays: 7}, {AccountID: 3, RecencyDays: 7}}, RFMOptions{})
	for _, g := range same {
		if g.R != 3 || g.F != 3 || g.M != 3 {
			t.Errorf("equal accounts %+v", g)
		}
	}
	// Nobody ever ordered.
	for _, g := range RFM([]RFMInput{{AccountID: 1, RecencyDays: -1}, {AccountID: 2, RecencyDays: -1, Revenue12M: -units(5)}}, RFMOptions{}) {
		if g.Segment != NoPurchases || g.R != 0 || g.Label != "No purchases" {
			t.Errorf("non-buyer %+v", g)
		}
	}
}

func TestSegmentGridMatchesThePublishedMap(t *testing.T) {
	// The published map, as regular expressions on "R then F" (here FM).
	published := []struct {
		r, fm []int
		seg   Segment
	}{
		{[]int{1, 2}, []int{1, 2}, Hibernating},
		{[]int{1, 2}, []int{3, 4}, AtRisk},
		{[]int{1, 2}, []int{5}, CannotLose},
		{[]int{3}, []int{1, 2}, AboutToSleep},
		{[]int{3}, []int{3}, NeedAttention},
		{[]int{3, 4}, []int{4, 5}, Loyal},
		{[]int{4}, []int{1}, Promising},
		{[]int{5}, []int{1}, New},
		{[]int{4, 5}, []int{2, 3}, PotentialLoyalist},
		{[]int{5}, []int{4, 5}, Champions},
	}
	cells := 0
	for _, p := range published {
		for _, r := range p.r {
			for _, fm := range p.fm {
				cells++
				want := p.seg
				if r == 1 && fm == 1 {
					want = Lost // kam's one change
				}
				if got := SegmentOf(r, fm); got != want {
					t.Errorf("SegmentOf(%d, %d) = %s, want %s", r, fm, got, want)
				}
			}
		}
	}
	if cells != 25 {
		t.Errorf("the published map covers %d cells, want 25", cells)
	}
	if SegmentOf(0, 9) != CannotLose || SegmentOf(7, -1) != New {
		t.Error("scores outside 1–5 are not taken as the nearest end")
	}
	for _, s := range Segments {
		if s.Label() == string(s) {
			t.Errorf("segment %s has no label", s)
		}
	}
	b, _ := json.Marshal(RFM(portfolio(), RFMOptions{})[0])
	for _, key := range []string{`"account_id":1`, `"recency_days":5`, `"orders_12m":12`, `"revenue_12m":50000.00`, `"r":5`, `"fm":5`, `"segment":"champions"`, `"label":"Champions"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON %s lacks %s", b, key)
		}
	}
	if !slices.Contains(Segments, NoPurchases) {
		t.Error("Segments lacks no_purchases")
	}
}
