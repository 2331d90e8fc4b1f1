package recommend

import (
	"math/bits"
	"slices"
)

// accountSet is the accounts that buy one product, kept for the exact
// counts behind a reason ("bought by 64% of accounts that buy X and Y"):
// a sorted list of account numbers for a product few accounts buy, a
// bitmap over all accounts for one bought by at least 1 in 32 — the form
// that is smaller, so that a best seller's set of 100,000 accounts is
// 25 KB and intersecting two of them is a few thousand word operations.
type accountSet struct {
	list []int32
	bits []uint64
}

// accountSets turns the posting lists (accounts of product i at
// post[off[i]:off[i+1]]) into sets, over n accounts in all.
func accountSets(post []int32, off []int, n int) []accountSet {
	words := (n + 63) / 64
	sets := make([]accountSet, len(off)-1)
	var dense, sparse int
	for i := range sets {
		if k := off[i+1] - off[i]; isDense(k, n) {
			dense++
		} else {
			sparse += k
		}
	}
	bitmap := make([]uint64, dense*words)
	lists := make([]int32, 0, sparse)
	for i := range sets {
		accounts := post[off[i]:off[i+1]]
		if !isDense(len(accounts), n) {
			start := len(lists)
			lists = append(lists, accounts...)
			sets[i].list = lists[start:len(lists):len(lists)]
			continue
		}
		b := bitmap[:words:words]
		bitmap = bitmap[words:]
		for _, a := range accounts {
			b[a/64] |= 1 << (a % 64)
		}
		sets[i].bits = b
	}
	return sets
}

// isDense tells whether k of n accounts take less memory as a bitmap (n/8
// bytes) than as a list (4k bytes).
func isDense(k, n int) bool { return k > 0 && 32*k >= n }

func (s accountSet) has(a int32) bool { return s.bits[a/64]&(1<<(a%64)) != 0 }

// overlap counts the accounts in both x and y, and in x, y and c. Two
// bitmaps are intersected word by word; otherwise the shorter list drives
// and the others are searched, so the cost is bounded by the smaller set.
func overlap(x, y, c accountSet) (xy, xyc int) {
	if x.bits != nil && y.bits != nil {
		if c.bits != nil {
			for w, xw := range x.bits {
				both := xw & y.bits[w]
				xy += bits.OnesCount64(both)
				xyc += bits.OnesCount64(both & c.bits[w])
			}
			return xy, xyc
		}
		for w, xw := range x.bits {
			xy += bits.OnesCount64(xw & y.bits[w])
		}
		for _, a := range c.list {
			if x.has(a) && y.has(a) {
				xyc++
			}
		}
		return xy, xyc
	}
	if x.bits != nil || (y.bits == nil && len(y.list) < len(x.list)) {
		x, y = y, x // x is now the shorter list
	}
	rest, restC := y.list, c.list
	for _, a := range x.list {
		var in bool
		if y.bits != nil {
			in = y.has(a)
		} else {
			rest, in = seek(rest, a)
		}
		if !in {
			continue
		}
		xy++
		if c.bits != nil {
			in = c.has(a)
		} else {
			restC, in = seek(restC, a)
		}
		if in {
			xyc++
		}
	}
	return xy, xyc
}

// seek returns xs from its first element at least v, and whether that
// element is v, searching by doubling steps and then halving: few steps
// when v is near, log steps when it is far.
func seek(xs []int32, v int32) ([]int32, bool) {
	lo, step := 0, 1
	for lo+step < len(xs) && xs[lo+step] < v {
		lo += step
		step *= 2
	}
	i, found := slices.BinarySearch(xs[lo:min(lo+step+1, len(xs))], v)
	return xs[lo+i:], found
}
