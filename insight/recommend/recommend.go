package recommend

import (
	"fmt"
	"math"
	"strings"

	"github.com/kamhq/kam"
)

// Catalog is what the caller knows of its products: display names for the
// sentences, families for the whitespace matrix. Missing entries are fine:
// a product without a name is called by its key.
type Catalog struct {
	Names    map[string]string
	Families map[string]string
}

func (c Catalog) name(key string) string {
	if n := c.Names[key]; n != "" {
		return n
	}
	return key
}

// Sources of a recommendation.
const (
	// FromCoOccurrence is a product bought by accounts that buy what this
	// account buys.
	FromCoOccurrence = "co-occurrence"
	// FromPopular is a best seller the account does not buy, offered when
	// its own products point to too few candidates (or for the baseline).
	FromPopular = "popular"
)

// Recommendation is a product an account does not buy yet, with why.
type Recommendation struct {
	Product string `json:"product"`
	Name    string `json:"name"`
	Family  string `json:"family,omitempty"`
	Source  string `json:"source"`
	// Score ranks the recommendations of one account: the sum, over the
	// account's products that have this one among their closest
	// (Options.Neighbours), of how much their buyers overlap, from 0 (no
	// buyer in common) to 1 (the same buyers). A popular fill-in scores 0.
	Score float64 `json:"score"`
	// Evidence are the one or two products the reason names (none for a
	// popular fill-in): Of accounts in the model buy all of them, and Also
	// of those buy this product too; Share is Also/Of.
	Evidence []string `json:"evidence,omitempty"`
	Also     int      `json:"also"`
	Of       int      `json:"of"`
	Share    float64  `json:"share"`
	// Drivers is how many of the account's products point to this one.
	Drivers int    `json:"drivers"`
	Reason  string `json:"reason"`
}

// scratch is the per-call dense working memory of Recommend, pooled so that
// a call allocates nothing proportional to the number of products.
type scratch struct {
	score   []float64
	best    [][2]int32 // the two strongest contributors of each candidate
	bestW   [][2]float32
	drivers []int32
	bought  []bool
	touched []int32
}

func newScratch(p int) *scratch {
	return &scratch{score: make([]float64, p), best: make([][2]int32, p), bestW: make([][2]float32, p),
		drivers: make([]int32, p), bought: make([]bool, p)}
}

// Recommend returns up to n products the account does not buy, best first,
// given the products it buys (unknown keys are ignored). Its own products
// score the candidates their buyers also buy; when they point to fewer than
// n, best sellers fill the rest, marked FromPopular. Time is proportional
// to the account's products times Options.Neighbours.
func (m *Model) Recommend(bought []string, n int, cat Catalog) []Recommendation {
	if n <= 0 || len(m.keys) == 0 {
		return nil
	}
	n = min(n, len(m.keys))
	s := m.scratch.Get().(*scratch)
	defer m.scratch.Put(s)
	own := m.indices(bought)
	for _, a := range own {
		s.bought[a] = true
	}
	for _, a := range own {
		for _, nb := range m.nb[m.nbOff[a]:m.nbOff[a+1]] {
			c := nb.item
			if s.bought[c] {
				continue
			}
			if s.drivers[c] == 0 {
				s.touched = append(s.touched, c)
				s.best[c] = [2]int32{-1, -1}
			}
			s.drivers[c]++
			s.score[c] += float64(nb.w)
			switch {
			case nb.w > s.bestW[c][0] || s.best[c][0] < 0:
				s.best[c][1], s.bestW[c][1] = s.best[c][0], s.bestW[c][0]
				s.best[c][0], s.bestW[c][0] = a, nb.w
			case nb.w > s.bestW[c][1] || s.best[c][1] < 0:
				s.best[c][1], s.bestW[c][1] = a, nb.w
			}
		}
	}
	top := topN(s.touched, n, func(a, b int32) bool {
		if s.score[a] != s.score[b] {
			return s.score[a] > s.score[b]
		}
		return m.less(a, b)
	})
	out := make([]Recommendation, 0, n)
	for _, c := range top {
		out = append(out, m.explain(c, s.best[c], s.score[c], int(s.drivers[c]), cat))
		s.bought[c] = true // no popular fill-in repeats it
	}
	out = m.fill(out, s.bought, n, cat)
	for _, c := range s.touched {
		s.score[c], s.drivers[c], s.best[c], s.bestW[c] = 0, 0, [2]int32{}, [2]float32{}
		s.bought[c] = false
	}
	for _, a := range own {
		s.bought[a] = false
	}
	s.touched = s.touched[:0]
	return out
}

// Advice is what this package says about one account as of a day, the
// record `kam recommend --as-of DATE --json` prints per account. Note says
// when the account has bought nothing, so that its recommendations are
// best sellers only.
type Advice struct {
	AccountID       int64            `json:"account_id"`
	AsOf            kam.Date         `json:"as_of"`
	Note            string           `json:"note,omitempty"`
	Recommendations []Recommendation `json:"recommendations"`
	NextOrder       Prediction       `json:"next_order"`
}

// Advise gathers an account's n recommendations and its next order, from
// its summary and its orders as of the same day.
func (m *Model) Advise(a Account, orders []Order, asOf kam.Date, n int, cat Catalog) Advice {
	adv := Advice{AccountID: a.ID, AsOf: asOf, Recommendations: m.Recommend(a.Products, n, cat),
		NextOrder: NextOrder(orders, asOf, cat, NextOptions{})}
	if adv.Recommendations == nil {
		adv.Recommendations = []Recommendation{}
	}
	if len(a.Products) == 0 {
		adv.Note = fmt.Sprintf("not enough history: nothing bought to %s, so only best sellers", asOf)
	}
	return adv
}

// Popular is the baseline recommender: the n products bought by the most
// accounts that this account does not buy.
func (m *Model) Popular(bought []string, n int, cat Catalog) []Recommendation {
	if n <= 0 {
		return nil
	}
	n = min(n, len(m.keys))
	skip := make([]bool, len(m.keys))
	for _, a := range m.indices(bought) {
		skip[a] = true
	}
	return m.fill(nil, skip, n, cat)
}

// fill appends best sellers not in skip until out has n entries.
func (m *Model) fill(out []Recommendation, skip []bool, n int, cat Catalog) []Recommendation {
	for _, c := range m.popular {
		if len(out) >= n {
			break
		}
		if skip[c] {
			continue
		}
		r := m.base(c, cat, FromPopular)
		r.Also, r.Of = int(m.buyers[c]), m.accounts
		r.Share = ratio(r.Also, r.Of)
		r.Reason = fmt.Sprintf("bought by %s of all %d accounts", percent(r.Share), r.Of)
		out = append(out, r)
	}
	return out
}

// explain builds the recommendation of c and its reason. It names the two
// strongest drivers when at least MinSupport accounts buy both and their
// share is no weaker than the strongest driver's alone; otherwise the
// strongest driver. The counts are exact: accounts in the model that buy the
// evidence products, and of those, the ones that buy c.
func (m *Model) explain(c int32, best [2]int32, score float64, drivers int, cat Catalog) Recommendation {
	r := m.base(c, cat, FromCoOccurrence)
	r.Score, r.Drivers = score, drivers
	x := best[0]
	r.Evidence = []string{m.keys[x]}
	r.Of, r.Also = int(m.buyers[x]), m.co(x, c)
	if y := best[1]; y >= 0 {
		xy, also := overlap(m.sets[x], m.sets[y], m.sets[c])
		if xy >= m.opt.MinSupport && also*r.Of >= r.Also*xy {
			r.Evidence = append(r.Evidence, m.keys[y])
			r.Of, r.Also = xy, also
		}
	}
	r.Share = ratio(r.Also, r.Of)
	names := make([]string, len(r.Evidence))
	for i, e := range r.Evidence {
		names[i] = cat.name(e)
	}
	r.Reason = fmt.Sprintf("bought by %s of accounts that buy %s (%d of %d)",
		percent(r.Share), strings.Join(names, " and "), r.Also, r.Of)
	return r
}

func (m *Model) base(c int32, cat Catalog, source string) Recommendation {
	key := m.keys[c]
	return Recommendation{Product: key, Name: cat.name(key), Family: cat.Families[key], Source: source}
}

// indices maps product keys to the model's indices, dropping unknown keys
// and duplicates.
func (m *Model) indices(keys []string) []int32 {
	out := make([]int32, 0, len(keys))
	for _, k := range keys {
		if i, ok := m.index[k]; ok {
			out = append(out, i)
		}
	}
	return sortedUnique(out)
}

// co is how many accounts bought both a and its neighbour c.
func (m *Model) co(a, c int32) int {
	for _, nb := range m.nb[m.nbOff[a]:m.nbOff[a+1]] {
		if nb.item == c {
			return int(nb.co)
		}
	}
	return 0
}

// ratio is a/b, 0 when b is not positive.
func ratio(a, b int) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// percent writes a share as a whole percentage, "<1%" and ">99%" near the
// ends, so that a sentence never claims 0% of something that happened or
// 100% of something that did not always.
func percent(share float64) string {
	p := math.Round(share * 100)
	switch {
	case p == 0 && share > 0:
		return "<1%"
	case p == 100 && share < 1:
		return ">99%"
	}
	return fmt.Sprintf("%.0f%%", p)
}
