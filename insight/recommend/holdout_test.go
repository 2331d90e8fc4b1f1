package recommend

import (
	"slices"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

// cutoffs are the holdouts. The defaults (Neighbours, MinSupport, the
// weight) were chosen on the June one, scoring only June to August; the
// September one is the test the issue asks for, run once the defaults were
// fixed; the March one, never looked at while choosing, is a second check.
var cutoffs = []struct {
	name     string
	cut, end kam.Date
}{
	{"test 2011-09-01..12-09", kam.NewDate(2011, 9, 1), kam.NewDate(2011, 12, 10)},
	{"validation 2011-06-01..08-31", kam.NewDate(2011, 6, 1), kam.NewDate(2011, 9, 1)},
	{"check 2011-03-01..05-31", kam.NewDate(2011, 3, 1), kam.NewDate(2011, 6, 1)},
}

// result is one cut-off's figures.
type result struct {
	kam, popular score
	build        time.Duration
	perAccount   time.Duration
	nextErr      float64
	expectedErr  float64
	modelBytes   int
	nextInRange  float64
	nextContents float64
	nextN        int
}

func run(tb testing.TB, cut, end kam.Date) result {
	h := split(retailLines(tb), cut, end)
	m, accounts, build := h.build(Options{})
	var r result
	r.build, r.modelBytes = build, modelBytes(m)
	r.kam, r.perAccount = h.evaluate(accounts, 10, func(p []string) []Recommendation { return m.Recommend(p, 10, Catalog{}) })
	r.popular, _ = h.evaluate(accounts, 10, func(p []string) []Recommendation { return m.Popular(p, 10, Catalog{}) })
	r.nextErr, r.expectedErr, r.nextInRange, r.nextContents, r.nextN = h.nextAccuracy()
	return r
}

func logScore(tb testing.TB, name string, s score) {
	tb.Logf("  %-8s recall@10 %.4f  hit rate@10 %.3f  precision@10 %.4f  (%d of %d new products, %d customers)",
		name, s.recall(), s.hitRate(), s.precision(), s.hits, s.truth, s.customers)
}

// TestRecommendBeatsPopularOnRetail is the acceptance test: on a
// time holdout of the real data, kam's co-occurrence recommender recalls
// more of the products customers went on to buy for the first time than
// the most popular products they had not bought.
func TestRecommendBeatsPopularOnRetail(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real data set")
	}
	for _, c := range cutoffs {
		r := run(t, c.cut, c.end)
		t.Logf("%s: model (%.1f MB) built in %v, %v per account", c.name, float64(r.modelBytes)/1e6,
			r.build.Round(time.Millisecond), r.perAccount.Round(time.Microsecond))
		logScore(t, "kam", r.kam)
		logScore(t, "popular", r.popular)
		t.Logf("  next order: median error %.0f days (%.0f unmoved when overdue), %.0f%% within the range, %.0f%% of likely contents on it (%d customers)",
			r.nextErr, r.expectedErr, 100*r.nextInRange, 100*r.nextContents, r.nextN)
		if r.kam.customers < 500 {
			t.Errorf("%s: only %d customers evaluated", c.name, r.kam.customers)
		}
		if r.kam.recall() <= r.popular.recall() {
			t.Errorf("%s: recall@10 %.4f does not beat the most-popular baseline's %.4f", c.name, r.kam.recall(), r.popular.recall())
		}
	}
}

// BenchmarkRecommendAccuracy reports the September holdout's figures:
// recall, hit rate and precision at 10 for kam and the baseline, the time
// to summarise the training lines and build the model, the time of one
// account's recommendation, and the next-order date error.
func BenchmarkRecommendAccuracy(b *testing.B) {
	c := cutoffs[0]
	var r result
	for b.Loop() {
		r = run(b, c.cut, c.end)
	}
	b.ReportMetric(r.kam.recall(), "recall@10-kam")
	b.ReportMetric(r.popular.recall(), "recall@10-popular")
	b.ReportMetric(r.kam.hitRate(), "hit@10-kam")
	b.ReportMetric(r.popular.hitRate(), "hit@10-popular")
	b.ReportMetric(r.kam.precision(), "prec@10-kam")
	b.ReportMetric(r.popular.precision(), "prec@10-popular")
	b.ReportMetric(float64(r.kam.customers), "customers")
	b.ReportMetric(float64(r.build.Milliseconds()), "build-ms")
	b.ReportMetric(float64(r.perAccount.Nanoseconds()), "ns/account")
	b.ReportMetric(r.nextErr, "next-order-median-err-days")
	b.ReportMetric(float64(r.modelBytes)/1e6, "model-MB")
}

// BenchmarkRecommend times one account's ten recommendations with reasons,
// cycling through the September training customers.
func BenchmarkRecommend(b *testing.B) {
	h := split(retailLines(b), cutoffs[0].cut, cutoffs[0].end)
	m, accounts, _ := h.build(Options{})
	ids := make([]int64, 0, len(accounts))
	for id := range accounts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var bought [][]string
	for _, id := range ids {
		bought = append(bought, accounts[id].Products)
	}
	i := 0
	for b.Loop() {
		m.Recommend(bought[i%len(bought)], 10, Catalog{})
		i++
	}
}

// BenchmarkBuild times summarising and building on the September training
// lines.
func BenchmarkBuild(b *testing.B) {
	h := split(retailLines(b), cutoffs[0].cut, cutoffs[0].end)
	for b.Loop() {
		h.build(Options{})
	}
}

// TestWhitespaceOnRetail renders the matrix for real customers, with the
// first three characters of the stock code standing in for a family, and
// checks its shape and that every suggestion has a reason.
func TestWhitespaceOnRetail(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real data set")
	}
	h := split(retailLines(t), cutoffs[0].cut, cutoffs[0].end)
	m, accounts, _ := h.build(Options{})
	cat := Catalog{Families: map[string]string{}}
	var some []Account
	for _, a := range accounts {
		for _, p := range a.Products {
			cat.Families[p] = family(p)
		}
	}
	for _, id := range []int64{12347, 12748, 14911, 17850, 13047} {
		if a, ok := accounts[id]; ok {
			some = append(some, a)
		}
	}
	mx := m.Whitespace(some, cat, WhitespaceOptions{})
	suggested := 0
	for _, r := range mx.Rows {
		if len(r.Cells) != len(mx.Families) {
			t.Fatalf("account %d: %d cells for %d families", r.AccountID, len(r.Cells), len(mx.Families))
		}
		for _, c := range r.Cells {
			if c.Suggested {
				suggested++
				if len(c.Reasons) == 0 || c.Buys {
					t.Errorf("account %d family %s: suggested with reasons %q, buys %v", r.AccountID, c.Family, c.Reasons, c.Buys)
				}
			}
		}
	}
	t.Logf("%d accounts × %d families, %d suggestions; e.g. %+v", len(mx.Rows), len(mx.Families), suggested, firstSuggestion(mx))
}

func firstSuggestion(mx Matrix) Cell {
	for _, r := range mx.Rows {
		for _, c := range r.Cells {
			if c.Suggested {
				return c
			}
		}
	}
	return Cell{}
}
