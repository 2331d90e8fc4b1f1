package server_test

import (
	"net/url"
	"os"
	"strings"
	"testing"
)

// BenchmarkSearchTerms measures the search page and the account and contact
// lists filtered by text on a demo database (KAM_BENCH_DB), for rare and
// common terms (KAM_BENCH_SEARCH, comma-separated), as am1 and director:
//
//	KAM_BENCH_DB=sqlite:/tmp/big/big.db go test ./server -run '^$' -bench SearchTerms -benchtime 1x
func BenchmarkSearchTerms(b *testing.B) {
	terms := []string{"zzq", "sm", "ne s", "stone", "ine", "services", "2026"}
	if v := os.Getenv("KAM_BENCH_SEARCH"); v != "" {
		terms = strings.Split(v, ",")
	}
	st, h := benchDemo(b)
	for _, username := range []string{"am1", "director"} {
		_, token := benchSession(b, st, username)
		for _, term := range terms {
			for _, page := range []string{"search", "accounts", "contacts"} {
				path := "/" + page + "?q=" + url.QueryEscape(term)
				b.Run(username+"/"+page+"/"+term, func(b *testing.B) { reportPage(b, h, token, path) })
			}
		}
	}
}
