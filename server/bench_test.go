package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/web"
)

// BenchmarkPages measures the server time of every page on a large demo
// (KAM_BENCH_DB, made with `kam demo --accounts 200000`) for an account
// manager and a director, and reports each page's median and 95th
// percentile over 60 requests after 5 to warm up:
//
//	KAM_BENCH_DB=sqlite:/tmp/big/big.db go test ./server -run '^$' -bench Pages -benchtime 1x
func BenchmarkPages(b *testing.B) {
	st, h := benchDemo(b)
	ctx := context.Background()
	for _, username := range []string{"am1", "director"} {
		u, token := benchSession(b, st, username)
		p, err := st.PrincipalFor(ctx, u.ID)
		if err != nil {
			b.Fatal(err)
		}
		top, err := st.FindPortfolio(ctx, p, kam.AccountFilter{Sort: kam.SortByRevenue, Desc: true, Limit: 1})
		if err != nil || len(top.Rows) == 0 {
			b.Fatalf("%s has no account: %v", username, err)
		}
		word := top.Rows[0].Name[:4]
		if os.Getenv("KAM_BENCH_COLD_RECOMMENDER") == "" { // set it when no account page is measured
			warmRecommender(b, h, token, fmt.Sprintf("/accounts/%d", top.Rows[0].ID))
		}
		for _, path := range []string{"/", "/accounts", "/accounts?sort=revenue&desc=1", "/accounts?flag=any",
			fmt.Sprintf("/accounts/%d", top.Rows[0].ID), "/contacts", "/search?q=" + word, "/pipeline", "/flags", "/forecasts",
			"/cases", "/plans", "/approvals", "/targets", "/calls", "/calls/compliance", "/attrition", "/campaigns", "/onboarding"} {
			b.Run(username+path, func(b *testing.B) { reportPage(b, h, token, path) })
		}
	}
}

// benchDemo opens the demo database named by KAM_BENCH_DB and kam's whole
// HTTP handler on it, or skips the benchmark when none is named.
func benchDemo(b *testing.B) (*store.Store, http.Handler) {
	dsn := os.Getenv("KAM_BENCH_DB")
	if dsn == "" {
		b.Skip("set KAM_BENCH_DB to a demo database (kam demo --accounts 200000) to run")
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, server.New(server.Config{}, st, nil)
}

// benchSession signs a demo user in and returns the user and the session
// cookie's value.
func benchSession(b *testing.B, st *store.Store, username string) (*kam.User, string) {
	ctx := context.Background()
	u, err := st.FindUserByUsername(ctx, username)
	if err != nil {
		b.Fatal(err)
	}
	token, err := st.CreateSession(ctx, u.ID, store.DefaultSessionPolicy)
	if err != nil {
		b.Fatal(err)
	}
	return u, token
}

// reportPage serves path as pageTimes does and reports its median and 95th
// percentile server times.
func reportPage(b *testing.B, h http.Handler, token, path string) {
	for b.Loop() {
		median, p95 := pageTimes(b, h, token, path)
		b.ReportMetric(float64(median.Microseconds())/1000, "ms-p50")
		b.ReportMetric(float64(p95.Microseconds())/1000, "ms-p95")
	}
}

// pageTimes serves path 65 times (KAM_BENCH_REQUESTS+5) and returns the
// median and 95th percentile of all but the first 5.
func pageTimes(b *testing.B, h http.Handler, token, path string) (median, p95 time.Duration) {
	n := 60
	if v, err := strconv.Atoi(os.Getenv("KAM_BENCH_REQUESTS")); err == nil && v > 0 {
		n = v
	}
	var times []time.Duration
	for i := range n + 5 {
		r := httptest.NewRequest("GET", path, nil)
		r.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: token})
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, r)
		if d := time.Since(start); i >= 5 {
			times = append(times, d)
		}
		if w.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, w.Code)
		}
	}
	slices.Sort(times)
	return times[len(times)/2], times[len(times)*95/100]
}

// warmRecommender opens an account page until the day's recommendation
// model, which the first account page starts building in the background,
// is ready: a running server builds it once a day, and its build would
// otherwise slow every page measured beside it.
func warmRecommender(b *testing.B, h http.Handler, token, path string) {
	deadline := time.Now().Add(15 * time.Minute)
	for time.Now().Before(deadline) {
		r := httptest.NewRequest("GET", path, nil)
		r.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: token})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if !strings.Contains(w.Body.String(), "being prepared") {
			return
		}
		time.Sleep(5 * time.Second)
	}
	b.Fatal("the recommendation model was not ready after 15 minutes")
}
