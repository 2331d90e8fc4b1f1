package recommend

import (
	"math"
	"reflect"
	"testing"
)

// tiny is seven accounts' products, small enough to count by hand:
//
//	1: X Y Z    2: X Y Z    3: X Y Z    4: X Y    5: X W    6: Y W    7: X
//
// Buyers: X 6 (1,2,3,4,5,7), Y 5 (1,2,3,4,6), Z 3 (1,2,3), W 2 (5,6).
// Both: X&Y 4 (1-4), X&Z 3, Y&Z 3, X&W 1 (5), Y&W 1 (6), Z&W 0.
// With MinSupport 2 the pairs with W are dropped. Weights (overlap of
// buyers, co/√(n·n)): X–Y 4/√30 = 0.7303, X–Z 3/√18 = 0.7071,
// Y–Z 3/√15 = 0.7746.
func tiny(t *testing.T) *Model {
	t.Helper()
	b := NewBuilder(Options{MinSupport: 2})
	for id, ps := range [][]string{{"X", "Y", "Z"}, {"X", "Y", "Z"}, {"X", "Y", "Z"}, {"X", "Y"}, {"X", "W"}, {"Y", "W"}, {"X"}} {
		b.Add(int64(id+1), ps)
	}
	b.Add(8, nil)           // an account with nothing bought counts nowhere
	b.Add(7, []string{"X"}) // a second call adds nothing new
	return b.Build()
}

var tinyNames = Catalog{Names: map[string]string{"X": "Xmas lights", "Y": "Yarn"}, Families: map[string]string{"Z": "Zips"}}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

func TestRecommendPair(t *testing.T) {
	m := tiny(t)
	got := m.Recommend([]string{"X", "Y"}, 3, tinyNames)
	if len(got) != 2 {
		t.Fatalf("got %d recommendations, want Z and W: %+v", len(got), got)
	}
	// Z: X adds 0.7071 and Y 0.7746, 1.4817 from 2 drivers. The strongest
	// driver is Y: 3 of its 5 buyers buy Z (60%). X and Y together have 4
	// buyers (1-4), 3 of whom buy Z: 75% is no weaker, and 4 ≥ MinSupport,
	// so the reason names both.
	z := got[0]
	if z.Product != "Z" || z.Name != "Z" || z.Family != "Zips" || z.Source != FromCoOccurrence || !near(z.Score, 1.4817) ||
		z.Drivers != 2 || !reflect.DeepEqual(z.Evidence, []string{"Y", "X"}) || z.Also != 3 || z.Of != 4 || !near(z.Share, 0.75) {
		t.Errorf("Z: %+v", z)
	}
	if want := "bought by 75% of accounts that buy Yarn and Xmas lights (3 of 4)"; z.Reason != want {
		t.Errorf("Z reason %q, want %q", z.Reason, want)
	}
	// W has no supported pair with X or Y, so it is a popular fill-in:
	// 2 of the 7 accounts with products (29%).
	w := got[1]
	if w.Product != "W" || w.Source != FromPopular || w.Score != 0 || w.Also != 2 || w.Of != 7 || w.Evidence != nil {
		t.Errorf("W: %+v", w)
	}
	if want := "bought by 29% of all 7 accounts"; w.Reason != want {
		t.Errorf("W reason %q, want %q", w.Reason, want)
	}
}

func TestRecommendSingle(t *testing.T) {
	m := tiny(t)
	// An account buying only X: Y scores 0.7303, Z 0.7071. One driver each,
	// so the reasons name X alone: Y is bought by 4 of X's 6 buyers (67%),
	// Z by 3 of 6 (50%).
	got := m.Recommend([]string{"X", "unknown"}, 2, tinyNames)
	want := []struct {
		product     string
		score       float64
		also, of    int
		reason      string
		drivers     int
		evidenceLen int
	}{
		{"Y", 0.7303, 4, 6, "bought by 67% of accounts that buy Xmas lights (4 of 6)", 1, 1},
		{"Z", 0.7071, 3, 6, "bought by 50% of accounts that buy Xmas lights (3 of 6)", 1, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		g := got[i]
		if g.Product != w.product || !near(g.Score, w.score) || g.Also != w.also || g.Of != w.of || g.Reason != w.reason ||
			g.Drivers != w.drivers || len(g.Evidence) != w.evidenceLen {
			t.Errorf("%d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestRecommendPairWeakerThanSingle(t *testing.T) {
	// Buyers A 4 (1-4), B 4 (1,2,3,5), C 3 (1,2,4); A&B 3, A&C 3, B&C 2.
	// For an account buying A and B, C's strongest driver is A (3/√12 =
	// 0.866 against B's 2/√12 = 0.577): 3 of A's 4 buyers buy C (75%).
	// A and B together: accounts 1-3, 2 of whom buy C (67%), weaker, so the
	// reason names A alone.
	b := NewBuilder(Options{MinSupport: 2})
	for id, ps := range [][]string{{"A", "B", "C"}, {"A", "B", "C"}, {"A", "B"}, {"A", "C"}, {"B", "D"}, {"D"}} {
		b.Add(int64(id), ps)
	}
	got := b.Build().Recommend([]string{"A", "B"}, 1, Catalog{})
	if len(got) != 1 || got[0].Product != "C" || !near(got[0].Score, 3/math.Sqrt(12)+2/math.Sqrt(12)) ||
		got[0].Reason != "bought by 75% of accounts that buy A (3 of 4)" {
		t.Errorf("got %+v", got)
	}
}

func TestPopular(t *testing.T) {
	m := tiny(t)
	// By buyers: X 6, Y 5, Z 3, W 2; an account buying X is offered Y, Z, W.
	got := m.Popular([]string{"X"}, 5, tinyNames)
	var keys []string
	for _, r := range got {
		keys = append(keys, r.Product)
	}
	if !reflect.DeepEqual(keys, []string{"Y", "Z", "W"}) {
		t.Errorf("popular %v", keys)
	}
	if got[0].Reason != "bought by 71% of all 7 accounts" || got[0].Also != 5 {
		t.Errorf("Y: %+v", got[0])
	}
}

func TestRecommendBadInput(t *testing.T) {
	m := tiny(t)
	// No products: nothing points anywhere, so best sellers fill in.
	if got := m.Recommend(nil, 2, Catalog{}); len(got) != 2 || got[0].Product != "X" || got[0].Source != FromPopular {
		t.Errorf("no products: %+v", got)
	}
	// Everything bought: nothing to recommend.
	if got := m.Recommend([]string{"W", "X", "Y", "Z"}, 5, Catalog{}); len(got) != 0 {
		t.Errorf("all bought: %+v", got)
	}
	if got := m.Recommend([]string{"X"}, 0, Catalog{}); got != nil {
		t.Errorf("n=0: %+v", got)
	}
	if got := m.Recommend([]string{"X"}, 1<<40, Catalog{}); len(got) != 3 {
		t.Errorf("n huge: %+v", got)
	}
	if got := m.Popular([]string{"X"}, -1, Catalog{}); got != nil {
		t.Errorf("n=-1: %+v", got)
	}
	// An empty model: no accounts, no products.
	empty := NewBuilder(Options{}).Build()
	if got := empty.Recommend([]string{"X"}, 3, Catalog{}); len(got) != 0 {
		t.Errorf("empty model: %+v", got)
	}
	if got := empty.Popular(nil, 3, Catalog{}); len(got) != 0 {
		t.Errorf("empty model popular: %+v", got)
	}
	// A model of one account buying one product.
	b := NewBuilder(Options{})
	b.Add(1, []string{"A"})
	one := b.Build()
	if got := one.Recommend(nil, 3, Catalog{}); len(got) != 1 || got[0].Reason != "bought by 100% of all 1 accounts" {
		t.Errorf("one account: %+v", got)
	}
}

func TestRecommendRepeatable(t *testing.T) {
	// The pooled scratch must be clean between calls: the same question
	// gets the same answer, before and after a different one.
	m := tiny(t)
	first := m.Recommend([]string{"X"}, 3, Catalog{})
	m.Recommend([]string{"Y", "W"}, 3, Catalog{})
	m.Recommend([]string{"X", "Y", "Z"}, 3, Catalog{})
	if again := m.Recommend([]string{"X"}, 3, Catalog{}); !reflect.DeepEqual(first, again) {
		t.Errorf("first %+v\nagain %+v", first, again)
	}
}

func TestNeighbourCap(t *testing.T) {
	// With Neighbours 1, X keeps only Y (0.7303 > 0.7071), so an account
	// buying X alone hears of Z only as a best seller.
	b := NewBuilder(Options{MinSupport: 2, Neighbours: 1})
	for id, ps := range [][]string{{"X", "Y", "Z"}, {"X", "Y", "Z"}, {"X", "Y", "Z"}, {"X", "Y"}, {"X", "W"}, {"Y", "W"}, {"X"}} {
		b.Add(int64(id), ps)
	}
	got := b.Build().Recommend([]string{"X"}, 2, Catalog{})
	if len(got) != 2 || got[0].Product != "Y" || got[1].Product != "Z" || got[1].Source != FromPopular {
		t.Errorf("got %+v", got)
	}
}

func TestPercent(t *testing.T) {
	for share, want := range map[float64]string{0: "0%", 0.001: "<1%", 0.5: "50%", 0.999: ">99%", 1: "100%", 0.6449: "64%"} {
		if got := percent(share); got != want {
			t.Errorf("percent(%v) = %q, want %q", share, got, want)
		}
	}
}

func TestTopN(t *testing.T) {
	xs := []int{5, 1, 9, 3, 7, 9, 2}
	if got := topN(xs, 3, func(a, b int) bool { return a > b }); !reflect.DeepEqual(got, []int{9, 9, 7}) {
		t.Errorf("topN = %v", got)
	}
	if !reflect.DeepEqual(xs, []int{5, 1, 9, 3, 7, 9, 2}) {
		t.Errorf("topN changed its input: %v", xs)
	}
	if got := topN(xs, 0, func(a, b int) bool { return a > b }); got != nil {
		t.Errorf("topN 0 = %v", got)
	}
}

func TestOverlap(t *testing.T) {
	// Three sets over 100 accounts, each as a list and as a bitmap:
	// multiples of 2, of 3 and of 5. Multiples of 6 below 100: 17 (0..96);
	// of 30: 4 (0, 30, 60, 90).
	const n = 100
	set := func(k int32, dense bool) accountSet {
		var list []int32
		for a := int32(0); a < n; a += k {
			list = append(list, a)
		}
		if !dense {
			return accountSet{list: list}
		}
		return accountSets(list, []int{0, len(list)}, n)[0]
	}
	if set(5, true).bits == nil {
		t.Fatal("20 of 100 accounts should be a bitmap")
	}
	for _, dx := range []bool{false, true} {
		for _, dy := range []bool{false, true} {
			for _, dc := range []bool{false, true} {
				x, y, c := set(2, dx), set(3, dy), set(5, dc)
				if xy, xyc := overlap(x, y, c); xy != 17 || xyc != 4 {
					t.Errorf("dense %v %v %v: %d, %d", dx, dy, dc, xy, xyc)
				}
				if yx, yxc := overlap(y, x, c); yx != 17 || yxc != 4 {
					t.Errorf("swapped, dense %v %v %v: %d, %d", dy, dx, dc, yx, yxc)
				}
			}
		}
	}
	// A product bought by 3 of 1,000 accounts stays a list.
	if s := accountSets([]int32{1, 500, 999}, []int{0, 3}, 1000)[0]; s.bits != nil || len(s.list) != 3 {
		t.Errorf("sparse set %+v", s)
	}
}

func TestSeek(t *testing.T) {
	xs := []int32{1, 3, 5, 7, 9, 11, 13}
	for v, want := range map[int32]struct {
		rest  int
		found bool
	}{0: {7, false}, 1: {7, true}, 4: {5, false}, 13: {1, true}, 14: {0, false}, 9: {3, true}} {
		rest, found := seek(xs, v)
		if len(rest) != want.rest || found != want.found {
			t.Errorf("seek %d: %v %v", v, rest, found)
		}
	}
}
