package recommend

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

// synthetic streams accounts × products of the size the issue asks kam to
// handle into a Builder: product popularity follows a Zipf law (a few best
// sellers, a long tail), account sizes an exponential law of the given
// mean, capped at 2,000 products. Fixed seeds: every run is the same data.
func synthetic(b *Builder, accounts, products, mean int) (pairs int) {
	r := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(r, 1.1, 20, uint64(products-1))
	keys := make([]string, products)
	for i := range keys {
		keys[i] = fmt.Sprintf("P%05d", i)
	}
	row := make([]string, 0, 2000)
	for id := range int64(accounts) {
		n := min(2000, 1+int(r.ExpFloat64()*float64(mean-1)))
		row = row[:0]
		for range n {
			row = append(row, keys[zipf.Uint64()])
		}
		b.Add(id, row)
	}
	for _, r := range b.rows {
		pairs += len(r)
	}
	return pairs
}

// heap returns the live heap after a collection.
func heap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// modelBytes counts the model's arrays: what its doc comment promises.
func modelBytes(m *Model) int {
	n := 12*len(m.nb) + 8*len(m.nbOff) + 4*len(m.buyers) + 4*len(m.popular)
	for _, s := range m.sets {
		n += 48 + 4*len(s.list) + 8*len(s.bits)
	}
	return n
}

// BenchmarkBuildScale builds a model of 200,000 accounts and 10,000
// products of 50 on average, and reports the build time, the memory of the
// builder and the model, and the time of one account's recommendation.
func BenchmarkBuildScale(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 200,000-account model")
	}
	const accounts, products, mean = 200_000, 10_000, 50
	for b.Loop() {
		before := heap()
		bl := NewBuilder(Options{})
		pairs := synthetic(bl, accounts, products, mean)
		builder := heap() - before
		start := time.Now()
		m := bl.Build()
		build := time.Since(start)
		withModel := heap() - before
		sample := make([][]string, 0, 1000)
		for i := 0; i < len(bl.rows) && len(sample) < cap(sample); i += len(bl.rows) / cap(sample) {
			var ps []string
			for _, p := range bl.rows[i] {
				ps = append(ps, bl.keys[p])
			}
			sample = append(sample, ps)
		}
		start = time.Now()
		for _, ps := range sample {
			m.Recommend(ps, 10, Catalog{})
		}
		per := time.Since(start) / time.Duration(len(sample))
		b.ReportMetric(float64(pairs), "account-products")
		b.ReportMetric(float64(build.Milliseconds()), "build-ms")
		b.ReportMetric(float64(builder)/1e6, "builder-MB")
		b.ReportMetric(float64(withModel-builder)/1e6, "model-MB")
		b.ReportMetric(float64(modelBytes(m))/1e6, "model-arrays-MB")
		b.ReportMetric(float64(per.Nanoseconds()), "ns/account")
		runtime.KeepAlive(bl)
	}
}

// TestNextOrderExtremeDates: orders thousands of years apart overflow no
// duration into nonsense or a panic.
func TestNextOrderExtremeDates(t *testing.T) {
	orders := []Order{{Date: kam.NewDate(2, 1, 1)}, {Date: kam.NewDate(5000, 1, 1)}, {Date: kam.NewDate(9999, 1, 1)}}
	p := NextOrder(orders, kam.NewDate(9999, 12, 31), Catalog{}, NextOptions{})
	if !p.Enough || p.Interval <= 0 || p.Date.Before(kam.NewDate(9999, 12, 31)) {
		t.Errorf("got %+v", p)
	}
	mustJSON(t, p)
}
