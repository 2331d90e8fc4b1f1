package recommend

import (
	"math"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/internal/retaildata"
)

// The real-data holdout. Training is every line before the cut-off (as of
// the day before); the truth, for each customer who bought in training, is
// the set of products they bought in the holdout window and never before.
// The truth is computed here from the file's lines, not from anything the
// recommender computes. Only merchandise counts: stock codes that start
// with five digits (POST, M, D, C2, DOT, CRUK, BANK CHARGES and PADS are
// postage, manual entries, discounts, carriage and fees). The retail data
// has no product families; the first three characters of the stock code
// stand in for one in the whitespace check.

var (
	retailOnce  sync.Once
	retailCache []retaildata.Line
)

func retailLines(tb testing.TB) []retaildata.Line {
	tb.Helper()
	lines := retaildata.Lines(tb) // skips when the file is absent
	retailOnce.Do(func() {
		for _, l := range lines {
			if merchandise(l.StockCode) {
				retailCache = append(retailCache, l)
			}
		}
	})
	return retailCache
}

func merchandise(code string) bool {
	if len(code) < 5 {
		return false
	}
	for _, c := range code[:5] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func family(code string) string { return code[:3] }

// holdout is one cut-off: training lines per customer and the truth.
type holdout struct {
	cut, end kam.Date // the holdout is cut ≤ day < end
	asOf     kam.Date // cut - 1
	train    map[int64][]Line
	truth    map[int64]map[string]bool // new products per evaluated customer
	next     map[int64]nextTruth       // first holdout order day and its products
}

type nextTruth struct {
	date     kam.Date
	products map[string]bool
}

func split(lines []retaildata.Line, cut, end kam.Date) holdout {
	h := holdout{cut: cut, end: end, asOf: cut.AddDays(-1), train: map[int64][]Line{},
		truth: map[int64]map[string]bool{}, next: map[int64]nextTruth{}}
	before := map[int64]map[string]bool{}
	for _, l := range lines {
		id, err := strconv.ParseInt(l.Customer, 10, 64)
		if err != nil || !l.Date.Before(cut) {
			continue
		}
		h.train[id] = append(h.train[id], Line{Order: l.Invoice, Product: l.StockCode, Family: family(l.StockCode),
			Date: l.Date, Quantity: l.Quantity, Amount: l.Amount()})
		if l.Quantity > 0 {
			if before[id] == nil {
				before[id] = map[string]bool{}
			}
			before[id][l.StockCode] = true
		}
	}
	for _, l := range lines {
		id, _ := strconv.ParseInt(l.Customer, 10, 64)
		if l.Date.Before(cut) || !l.Date.Before(end) || l.Quantity <= 0 || before[id] == nil {
			continue
		}
		if n, ok := h.next[id]; !ok || l.Date.Before(n.date) {
			h.next[id] = nextTruth{date: l.Date, products: map[string]bool{}}
		}
		if n := h.next[id]; !n.date.Before(l.Date) {
			n.products[l.StockCode] = true
		}
		if !before[id][l.StockCode] {
			if h.truth[id] == nil {
				h.truth[id] = map[string]bool{}
			}
			h.truth[id][l.StockCode] = true
		}
	}
	return h
}

// build summarises every training customer and builds the model.
func (h holdout) build(opt Options) (*Model, map[int64]Account, time.Duration) {
	start := time.Now()
	b := NewBuilder(opt)
	accounts := make(map[int64]Account, len(h.train))
	for id, lines := range h.train {
		a := Summarise(id, lines, h.asOf)
		accounts[id] = a
		b.AddAccount(a)
	}
	m := b.Build()
	return m, accounts, time.Since(start)
}

// score is recall, hit rate and precision at k over the evaluated customers.
type score struct {
	customers, truth, hits, hitCustomers, k int
}

func (s score) recall() float64    { return ratio(s.hits, s.truth) }
func (s score) hitRate() float64   { return ratio(s.hitCustomers, s.customers) }
func (s score) precision() float64 { return ratio(s.hits, s.k*s.customers) }

// evaluate scores a recommender on the holdout's customers, in id order.
func (h holdout) evaluate(accounts map[int64]Account, k int, rec func([]string) []Recommendation) (score, time.Duration) {
	ids := make([]int64, 0, len(h.truth))
	for id := range h.truth {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	s := score{k: k}
	var spent time.Duration
	for _, id := range ids {
		truth := h.truth[id]
		start := time.Now()
		recs := rec(accounts[id].Products)
		spent += time.Since(start)
		s.customers++
		s.truth += len(truth)
		hit := 0
		for _, r := range recs[:min(k, len(recs))] {
			if truth[r.Product] {
				hit++
			}
		}
		s.hits += hit
		if hit > 0 {
			s.hitCustomers++
		}
	}
	return s, spent / time.Duration(max(1, s.customers))
}

// nextAccuracy predicts each training customer's next order and compares
// it with their first holdout order: the median absolute error in days, the
// same for Expected (not moved past the as-of date when overdue), the
// share within the predicted range, and the share of predicted contents on
// that order.
func (h holdout) nextAccuracy() (medianErr, expectedErr, inRange, contents float64, n int) {
	var errs, rawErrs []float64
	within, predicted, right := 0, 0, 0
	for id, lines := range h.train {
		actual, ok := h.next[id]
		if !ok {
			continue
		}
		p := NextOrder(Orders(lines, h.asOf), h.asOf, Catalog{}, NextOptions{})
		if !p.Enough {
			continue
		}
		d := float64(p.Date.DaysUntil(actual.date))
		if d < 0 {
			d = -d
		}
		errs = append(errs, d)
		rawErrs = append(rawErrs, math.Abs(float64(p.Expected.DaysUntil(actual.date))))
		if !actual.date.Before(p.Earliest) && !p.Latest.Before(actual.date) {
			within++
		}
		for _, c := range p.Contents {
			predicted++
			if actual.products[c.Product] {
				right++
			}
		}
	}
	return insight.Median(errs), insight.Median(rawErrs), ratio(within, len(errs)), ratio(right, predicted), len(errs)
}
