package insight

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/kamhq/kam"
)

// salesIndex is one account's sales up to an as-of day as day numbers in
// date order with running totals. The volume flag reads some forty windows
// of an account's past; with running totals each window is two binary
// searches instead of a pass over every sale, so that flagging 200,000
// accounts in a batch costs microseconds per account however long their
// histories.
type salesIndex struct {
	day []int       // the day number of each sale, ascending
	cum []kam.Money // cum[i] is the net total of the first i sales
	// order holds the distinct days with an order (a positive sale),
	// ascending: credit notes are no orders.
	order []int
}

// dayNumber counts days since 1970-01-01, so that day arithmetic is integer
// arithmetic rather than calendar calls.
func dayNumber(d kam.Date) int {
	u := d.Time().Unix()
	if u < 0 {
		return int((u - 86399) / 86400)
	}
	return int(u / 86400)
}

// indexSales indexes the sales on or before asOf. Sales may come in any
// order; already sorted ones (as the store gives them) are indexed in one
// pass without a copy to sort.
func indexSales(sales []Sale, asOf kam.Date) *salesIndex {
	last := dayNumber(asOf)
	x := &salesIndex{day: make([]int, 0, len(sales)), cum: make([]kam.Money, 1, len(sales)+1), order: make([]int, 0, len(sales))}
	for i, s := range sales {
		d := dayNumber(s.Date)
		if d > last {
			continue
		}
		if n := len(x.day); n > 0 && d < x.day[n-1] {
			return indexUnsorted(sales[i:], x, last)
		}
		x.add(d, s.Amount)
	}
	return x
}

// indexUnsorted finishes indexSales for sales out of date order: it sorts
// what was indexed so far with the rest.
func indexUnsorted(rest []Sale, x *salesIndex, last int) *salesIndex {
	type entry struct {
		day    int
		amount kam.Money
	}
	entries := make([]entry, 0, len(x.day)+len(rest))
	for i, d := range x.day {
		entries = append(entries, entry{d, x.cum[i+1] - x.cum[i]})
	}
	for _, s := range rest {
		if d := dayNumber(s.Date); d <= last {
			entries = append(entries, entry{d, s.Amount})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.day, b.day) })
	x.day, x.cum, x.order = x.day[:0], x.cum[:1], x.order[:0]
	for _, e := range entries {
		x.add(e.day, e.amount)
	}
	return x
}

// add appends one sale no earlier than the last.
func (x *salesIndex) add(day int, amount kam.Money) {
	x.day = append(x.day, day)
	x.cum = append(x.cum, x.cum[len(x.cum)-1]+amount)
	if amount > 0 && (len(x.order) == 0 || x.order[len(x.order)-1] != day) {
		x.order = append(x.order, day)
	}
}

// revenue is the net total of the sales in (from, to].
func (x *salesIndex) revenue(from, to int) kam.Money {
	if to <= from {
		return 0
	}
	return x.cum[sort.SearchInts(x.day, to+1)] - x.cum[sort.SearchInts(x.day, from+1)]
}

// ordersTo returns the order days on or before a day.
func (x *salesIndex) ordersTo(day int) []int {
	return x.order[:sort.SearchInts(x.order, day+1)]
}

// gapStats returns the median of the gaps between consecutive order days
// (the usual interval) and their median absolute deviation from it (the
// spread): medians, so that one long holiday gap does not stretch an
// account's rhythm. It needs three order days (two gaps).
func gapStats(days []int) (interval, spread float64, ok bool) {
	if len(days) < 3 {
		return 0, 0, false
	}
	gaps := make([]float64, len(days)-1)
	for i := 1; i < len(days); i++ {
		gaps[i-1] = float64(days[i] - days[i-1])
	}
	interval = medianInPlace(gaps)
	for i, g := range gaps {
		gaps[i] = math.Abs(g - interval)
	}
	return interval, medianInPlace(gaps), true
}

// medianInPlace returns the median of xs, reordering them: a selection in
// linear time rather than a sort, as the flags take four medians of every
// account's gaps. 0 for none.
func medianInPlace(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return 0
	}
	k := n / 2
	selectNth(xs, k)
	if n%2 == 1 {
		return xs[k]
	}
	below := xs[0] // the largest of xs[:k], the lower middle
	for _, x := range xs[1:k] {
		below = max(below, x)
	}
	return (below + xs[k]) / 2
}

// selectNth reorders xs so that xs[k] is the value a sort would put there,
// with none larger before it and none smaller after it (Hoare's selection,
// median-of-three pivots).
func selectNth(xs []float64, k int) {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i, j = i+1, j-1
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

// quantile reads the p-quantile of sorted amounts, interpolating between
// neighbours; 0 for none.
func quantile(sorted []kam.Money, p float64) kam.Money {
	if len(sorted) == 0 {
		return 0
	}
	pos := p * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + kam.Money((pos-float64(i))*float64(sorted[i+1]-sorted[i]))
}

// medianRatio is the median of ratios, 1 for none.
func medianRatio(ratios []float64) float64 {
	if len(ratios) == 0 {
		return 1
	}
	return medianInPlace(slices.Clone(ratios))
}
