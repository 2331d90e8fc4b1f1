package insight

import (
	"math"
	"slices"
	"testing"

	"github.com/kamhq/kam"
)

func TestQueueByHand(t *testing.T) {
	asOf := day(2025, 12, 31)
	steady := monthly(day(2024, 1, 5), 24, func(int) kam.Money { return units(3000) })
	dropped := monthly(day(2024, 1, 5), 24, func(i int) kam.Money {
		if i >= 21 {
			return units(1000)
		}
		return units(3000)
	})
	got := Queue([]QueueInput{
		// Steady and called last week: no reason to call.
		{AccountID: 1, Name: "Calm", Tier: "core", Currency: "EUR", Sales: steady, LastContact: day(2025, 12, 24)},
		// Steady, key, last called 44 days ago: 30 days past a 14-day cadence
		// is 30/14 = 2.14 points, plus the value of 36,000 in the year:
		// log10(1 + 36) = 1.57.
		{AccountID: 2, Name: "Quiet key", Tier: "key", Currency: "EUR", Sales: steady, LastContact: day(2025, 11, 17)},
		// Dropped by two thirds (a medium drop: 2), called last week; the year
		// holds 9 × 3,000 + 3 × 1,000 = 30,000: log10(31) = 1.49.
		{AccountID: 3, Name: "Dropping", Tier: "core", Currency: "EUR", Sales: dropped, LastContact: day(2025, 12, 24)},
		// Never contacted, no orders: 2 points.
		{AccountID: 4, Name: "New", Tier: "standard"},
	}, asOf)
	ids := make([]int64, len(got))
	for i, it := range got {
		ids[i] = it.AccountID
	}
	if !slices.Equal(ids, []int64{2, 3, 4}) {
		t.Fatalf("queue %v, want Quiet key, Dropping, New (Calm has no reason)", got)
	}
	want := []float64{math.Round((30.0/14+math.Log10(37))*100) / 100, math.Round((2+math.Log10(31))*100) / 100, 2}
	for i, it := range got {
		if it.Score != want[i] {
			t.Errorf("%s: score %v, want %v", it.Name, it.Score, want[i])
		}
	}
	if r := got[0].Reasons; len(r) != 2 || r[0] != "no contact for 44 days; key accounts are called every 14 days" || r[1] != "EUR 36,000 in the last 12 months" {
		t.Errorf("reasons %q", r)
	}
	if r := got[2].Reasons; !slices.Equal(r, []string{"no contact recorded"}) {
		t.Errorf("reasons of a new account %q", r)
	}
}
