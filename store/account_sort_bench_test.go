package store_test

import (
	"cmp"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// BenchmarkPortfolioSorts measures a page of the account list in every
// sort by a figure, and by name, both ways, on a demo database
// (KAM_BENCH_DB) for an account manager with a large book, the director and
// a key-account manager with a small one (KAM_BENCH_USERS, comma-separated,
// to change them). "page1" is the first page; "page3" follows two cursors;
// "tier", "flag" and "owner" are first pages by revenue, largest first, of
// key accounts, accounts with open flags and kam1's accounts
// (KAM_BENCH_OWNER to change). It reports the median and 95th percentile of 40 reads after 5 to warm up:
//
//	KAM_BENCH_DB=sqlite:/tmp/k20/copy.db go test ./store -run '^$' -bench PortfolioSorts -benchtime 1x
func BenchmarkPortfolioSorts(b *testing.B) {
	dsn := os.Getenv("KAM_BENCH_DB")
	if dsn == "" {
		b.Skip("set KAM_BENCH_DB to a demo database to run")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	users := strings.Split(cmp.Or(os.Getenv("KAM_BENCH_USERS"), "am1,director,kam1"), ",")
	sorts := []kam.AccountSort{kam.SortByRevenue, kam.SortByHealth, kam.SortByPriority, kam.SortByLastOrder,
		kam.SortByLastContact, kam.SortByName}
	owner := benchOwner(b, s)
	for _, username := range users {
		u, err := s.FindUserByUsername(ctx, username)
		if err != nil {
			b.Fatal(err)
		}
		p, err := s.PrincipalFor(ctx, u.ID)
		if err != nil {
			b.Fatal(err)
		}
		// Filters on a large book: the walk tests each account it meets.
		for _, fl := range []struct {
			name string
			f    kam.AccountFilter
		}{
			{"tier", kam.AccountFilter{Tier: "key"}}, {"flag", kam.AccountFilter{Flag: kam.FlagAny}},
			{"owner", kam.AccountFilter{OwnerID: owner}},
		} {
			fl.f.Sort, fl.f.Desc = kam.SortByRevenue, true
			b.Run(username+"/revenue/desc/"+fl.name, func(b *testing.B) { benchSortPage(b, s, p, fl.f, 1) })
		}
		for _, sort := range sorts {
			for _, desc := range []bool{false, true} {
				for pages := 1; pages <= 3; pages += 2 {
					name := username + "/" + string(sort) + map[bool]string{false: "/asc", true: "/desc"}[desc] +
						map[int]string{1: "/page1", 3: "/page3"}[pages]
					b.Run(name, func(b *testing.B) { benchSortPage(b, s, p, kam.AccountFilter{Sort: sort, Desc: desc}, pages) })
				}
			}
		}
	}
}

// benchSortPage reports the median and 95th percentile of sortPageTimes.
func benchSortPage(b *testing.B, s *store.Store, p *kam.Principal, f kam.AccountFilter, pages int) {
	for b.Loop() {
		median, p95 := sortPageTimes(b, s, p, f, pages)
		b.ReportMetric(float64(median.Microseconds())/1000, "ms-p50")
		b.ReportMetric(float64(p95.Microseconds())/1000, "ms-p95")
	}
}

// sortPageTimes reads page number pages of the list f 45 times and
// returns the median and 95th percentile of the read of that page alone,
// leaving out the first 5.
func sortPageTimes(b *testing.B, s *store.Store, p *kam.Principal, f kam.AccountFilter, pages int) (median, p95 time.Duration) {
	ctx := context.Background()
	var times []time.Duration
	for i := range 45 {
		g := f
		for range pages - 1 {
			page, err := s.FindPortfolio(ctx, p, g)
			if err != nil {
				b.Fatal(err)
			}
			g.After = page.Next
		}
		start := time.Now()
		if _, err := s.FindPortfolio(ctx, p, g); err != nil {
			b.Fatal(err)
		}
		if d := time.Since(start); i >= 5 {
			times = append(times, d)
		}
	}
	slices.Sort(times)
	return times[len(times)/2], times[len(times)*95/100]
}

// benchOwner is the id of the owner the owner filter lists (KAM_BENCH_OWNER,
// kam1 unless set): a small book among many.
func benchOwner(b *testing.B, s *store.Store) int64 {
	u, err := s.FindUserByUsername(context.Background(), cmp.Or(os.Getenv("KAM_BENCH_OWNER"), "kam1"))
	if err != nil {
		b.Fatal(err)
	}
	return u.ID
}
