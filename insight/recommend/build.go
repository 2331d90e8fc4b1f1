package recommend

import (
	"maps"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/kamhq/kam"
)

// Options tunes the co-occurrence model. Zero fields take the defaults,
// which were chosen on a validation cut-off of the Online Retail data
// (2011-06-01), not on the holdout the tests report.
type Options struct {
	// MinSupport is the fewest accounts that must have bought two products
	// for the pair to count as evidence (default 3): a share of one or two
	// accounts is an anecdote, not a pattern.
	MinSupport int
	// Neighbours caps, per product, how many related products the model
	// keeps, the strongest (default 20): the weaker ones add more noise
	// than signal (20 recalled more on the validation cut-off than 10, 30,
	// 50, 100 or 200), and the cap bounds their memory at 12 bytes ×
	// products × Neighbours and a recommendation's time at the account's
	// products × Neighbours.
	Neighbours int
	// Bands is how many size bands of equal account counts the whitespace
	// peer comparison uses (default 5, quintiles of revenue).
	Bands int
}

func (o Options) withDefaults() Options {
	if o.MinSupport < 1 {
		o.MinSupport = 3
	}
	if o.Neighbours < 1 {
		o.Neighbours = 20
	}
	if o.Bands < 1 {
		o.Bands = 5
	}
	return o
}

// Builder collects accounts one at a time — the store streams them, and
// need not keep their lines — and builds the Model. It holds each
// account's products as 4-byte numbers, so its memory is some 8 bytes per
// account-product pair with slack, plus the product keys and account ids:
// 75 MB for 200,000 accounts of 46 products on average (BenchmarkBuildScale);
// Build briefly adds 4 bytes a pair. A Builder is not safe for concurrent
// use.
type Builder struct {
	opt      Options
	index    map[string]int32
	keys     []string
	rowOf    map[int64]int32
	rows     [][]int32
	revenue  []kam.Money
	sized    []bool
	families [][]string
}

// NewBuilder starts an empty model.
func NewBuilder(opt Options) *Builder {
	return &Builder{opt: opt.withDefaults(), index: map[string]int32{}, rowOf: map[int64]int32{}}
}

// Add records products an account has bought. Calling it again for the same
// account adds to that account's products; duplicates and empty keys are
// ignored.
func (b *Builder) Add(accountID int64, products []string) {
	r, ok := b.rowOf[accountID]
	if !ok {
		r = int32(len(b.rows))
		b.rowOf[accountID] = r
		b.rows = append(b.rows, nil)
		b.revenue = append(b.revenue, 0)
		b.sized = append(b.sized, false)
		b.families = append(b.families, nil)
	}
	row := b.rows[r]
	for _, p := range products {
		if p == "" {
			continue
		}
		i, ok := b.index[p]
		if !ok {
			i = int32(len(b.keys))
			b.index[p] = i
			b.keys = append(b.keys, p)
		}
		row = append(row, i)
	}
	b.rows[r] = sortedUnique(row)
}

// AddAccount records an account's summary: its products for co-occurrence,
// and its revenue and families for the whitespace peer comparison (an
// account added with Add only is in no size band). Calling it again for the
// same account adds to its products and revenue.
func (b *Builder) AddAccount(a Account) {
	b.Add(a.ID, a.Products)
	r := b.rowOf[a.ID]
	b.revenue[r] += a.Revenue
	b.sized[r] = true
	for _, f := range a.Families {
		if f.Family != "" && f.Revenue > 0 && !contains(b.families[r], f.Family) {
			b.families[r] = append(b.families[r], f.Family)
		}
	}
}

// Model is the built co-occurrence model: for each product, how many
// accounts buy it, which accounts they are (to count the accounts behind a
// reason exactly), and its strongest related products. Its memory is, per
// product, the smaller of 4 bytes per buyer and 1 bit per account, plus 12
// bytes per kept neighbour: 29 MB for 200,000 accounts of 46 products on
// average among 10,000 products (BenchmarkBuildScale), 1 MB for the Online
// Retail data. The Builder's memory can be released once it is built.
// A Model is safe for concurrent use.
type Model struct {
	opt      Options
	keys     []string
	index    map[string]int32
	buyers   []int32      // accounts buying each product
	accounts int          // accounts with at least one product
	sets     []accountSet // the accounts buying each product
	nbOff    []int        // neighbours of product i: nb[nbOff[i]:nbOff[i+1]]
	nb       []neighbour
	popular  []int32 // products by buyers, most first
	peers    peerBands
	scratch  sync.Pool
}

// neighbour is a related product: co accounts bought both, and w is the
// weight its co-occurrence adds to a candidate's score.
type neighbour struct {
	item int32
	co   int32
	w    float32
}

// Build computes the model. Its time is proportional to the sum over
// accounts of their product count squared, spread over the CPUs.
// Products are renumbered in key order first, so that the model, and every
// tie in its rankings, is the same whatever order the accounts came in.
// The Builder stays usable: more accounts can be added and built again.
func (b *Builder) Build() *Model {
	p := len(b.keys)
	old := slices.Clone(b.keys)
	slices.Sort(b.keys)
	renumber := make([]int32, p)
	for i, k := range b.keys {
		renumber[b.index[k]] = int32(i)
	}
	for i := range old {
		b.index[old[i]] = renumber[i]
	}
	total := 0
	for _, row := range b.rows {
		total += len(row)
	}
	// The rows move into one array, in account order, so that counting
	// reads memory in long runs rather than from scattered allocations.
	flat := make([]int32, 0, total)
	for r, row := range b.rows {
		start := len(flat)
		for _, i := range row {
			flat = append(flat, renumber[i])
		}
		b.rows[r] = flat[start:len(flat):len(flat)]
		slices.Sort(b.rows[r])
	}
	rows := b.rows
	m := &Model{opt: b.opt, keys: slices.Clip(slices.Clone(b.keys)), index: maps.Clone(b.index)}
	m.buyers = make([]int32, p)
	for _, row := range rows {
		if len(row) > 0 {
			m.accounts++
		}
		for _, i := range row {
			m.buyers[i]++
		}
	}
	// The accounts of product i are post[off[i]:off[i+1]], in order.
	off := make([]int, p+1)
	for i, n := range m.buyers {
		off[i+1] = off[i] + int(n)
	}
	post := make([]int32, off[p])
	fill := slices.Clone(off[:p])
	for r, row := range rows {
		for _, i := range row {
			post[fill[i]] = int32(r)
			fill[i]++
		}
	}
	lists := m.neighbourLists(rows, post, off)
	m.sets = accountSets(post, off, len(rows))
	m.nbOff = make([]int, p+1)
	for i, l := range lists {
		m.nbOff[i+1] = m.nbOff[i] + len(l)
	}
	m.nb = make([]neighbour, 0, m.nbOff[p])
	for _, l := range lists {
		m.nb = append(m.nb, l...)
	}
	m.popular = make([]int32, p)
	for i := range m.popular {
		m.popular[i] = int32(i)
	}
	sort.Slice(m.popular, func(x, y int) bool { return m.less(m.popular[x], m.popular[y]) })
	m.peers = bandPeers(b.revenue, b.sized, b.families, b.opt.Bands)
	m.scratch.New = func() any { return newScratch(p) }
	return m
}

// less orders products by more buyers, then by key, the tie-break every
// ranking here uses so that results do not depend on map order.
func (m *Model) less(a, b int32) bool {
	if m.buyers[a] != m.buyers[b] {
		return m.buyers[a] > m.buyers[b]
	}
	return m.keys[a] < m.keys[b]
}

// neighbourLists counts, for each product A, the accounts that bought A and
// each other product, keeps the pairs with enough support, weighs them, and
// keeps the strongest Neighbours.
func (m *Model) neighbourLists(rows [][]int32, post []int32, off []int) [][]neighbour {
	p := len(m.keys)
	lists := make([][]neighbour, p)
	workers := min(runtime.GOMAXPROCS(0), max(1, p))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]int32, p)
			var touched []int32
			var l []neighbour
			for a := w; a < p; a += workers {
				touched = touched[:0]
				buyers, work := post[off[a]:off[a+1]], 0
				for _, r := range buyers {
					work += len(rows[r])
				}
				if work > p/4 {
					// Many counts: finding the touched ones by scanning
					// them all is cheaper than a test on every count.
					for _, r := range buyers {
						for _, c := range rows[r] {
							counts[c]++
						}
					}
					for c, n := range counts {
						if n > 0 {
							touched = append(touched, int32(c))
						}
					}
				} else {
					for _, r := range buyers {
						for _, c := range rows[r] {
							if counts[c] == 0 {
								touched = append(touched, c)
							}
							counts[c]++
						}
					}
				}
				l = l[:0]
				for _, c := range touched {
					if co := counts[c]; c != int32(a) && int(co) >= m.opt.MinSupport {
						l = append(l, neighbour{item: c, co: co, w: float32(m.weight(co, int32(a), c))})
					}
					counts[c] = 0
				}
				lists[a] = topN(l, m.opt.Neighbours, func(x, y neighbour) bool {
					if x.w != y.w {
						return x.w > y.w
					}
					return x.item < y.item
				})
			}
		}()
	}
	wg.Wait()
	return lists
}

// weight is what one of an account's products, a, adds to the score of a
// candidate c that co accounts bought together with it: the overlap of
// their buyers, co / √(buyers of a × buyers of c) — the geometric mean of
// the share of a's buyers who buy c and the share of c's buyers who buy a,
// 0 with no buyer in common and 1 when they have the same buyers. The
// share of a's buyers alone would offer every account the best sellers;
// dividing by the share of c's buyers too (lift) would offer curiosities
// bought by three accounts. The square root is between the two, and on the
// validation cut-off it recalled the most new products.
func (m *Model) weight(co, a, c int32) float64 {
	return float64(co) / math.Sqrt(float64(m.buyers[a])*float64(m.buyers[c]))
}

// sortedUnique sorts xs and drops repeats, in place.
func sortedUnique(xs []int32) []int32 {
	slices.Sort(xs)
	return slices.Compact(xs)
}

// topN returns the n best of xs, best first, by better, a strict order: a
// bounded heap, so that ranking thousands of candidates for ten places
// costs little more than reading them. xs is left as it was.
func topN[T any](xs []T, n int, better func(a, b T) bool) []T {
	if n <= 0 {
		return nil
	}
	h := xs[:0:0]
	// h is a heap whose root is the worst kept.
	down := func(i int) {
		for {
			w, l, r := i, 2*i+1, 2*i+2
			if l < len(h) && better(h[w], h[l]) {
				w = l
			}
			if r < len(h) && better(h[w], h[r]) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for _, x := range xs {
		switch {
		case len(h) < n:
			h = append(h, x)
			for i := len(h) - 1; i > 0 && better(h[(i-1)/2], h[i]); i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
		case better(x, h[0]):
			h[0] = x
			down(0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return better(h[i], h[j]) })
	return h
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
