package server_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
)

// BenchmarkSearchTerms measures the search page and the account and contact
// lists filtered by text on a demo database (KAM_BENCH_DB), for rare and
// common terms (KAM_BENCH_SEARCH, comma-separated), as am1 and director:
//
//	KAM_BENCH_DB=sqlite:/tmp/big/big.db go test ./server -run '^$' -bench SearchTerms -benchtime 1x
func BenchmarkSearchTerms(b *testing.B) {
	dsn := os.Getenv("KAM_BENCH_DB")
	if dsn == "" {
		b.Skip("set KAM_BENCH_DB to a demo database (kam demo --accounts 200000) to run")
	}
	terms := []string{"zzq", "sm", "ne s", "stone", "ine", "services", "2026"}
	if v := os.Getenv("KAM_BENCH_SEARCH"); v != "" {
		terms = strings.Split(v, ",")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	h := server.New(server.Config{}, st, nil)
	for _, username := range []string{"am1", "director"} {
		u, err := st.FindUserByUsername(ctx, username)
		if err != nil {
			b.Fatal(err)
		}
		token, err := st.CreateSession(ctx, u.ID, store.DefaultSessionPolicy)
		if err != nil {
			b.Fatal(err)
		}
		for _, term := range terms {
			for _, page := range []string{"search", "accounts", "contacts"} {
				path := "/" + page + "?q=" + url.QueryEscape(term)
				b.Run(username+"/"+page+"/"+term, func(b *testing.B) {
					for b.Loop() {
						median, p95 := pageTimes(b, h, token, path)
						b.ReportMetric(float64(median.Microseconds())/1000, "ms-p50")
						b.ReportMetric(float64(p95.Microseconds())/1000, "ms-p95")
					}
				})
			}
		}
	}
}
