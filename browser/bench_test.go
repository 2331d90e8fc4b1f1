package browser_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
)

// BenchmarkPageLoad loads every page in headless Chromium from a server
// over a large demo (KAM_BENCH_DB, made with `kam demo --accounts 200000`)
// on loopback, as an account manager and a director, and reports each
// page's median and 95th percentile full load (navigation start to the load
// event, from the browser's Navigation Timing) over 20 loads after 2 to warm
// up:
//
//	KAM_BENCH_DB=sqlite:/tmp/big/big.db go test ./browser -run '^$' -bench PageLoad -benchtime 1x
func BenchmarkPageLoad(b *testing.B) {
	dsn := os.Getenv("KAM_BENCH_DB")
	if dsn == "" {
		b.Skip("set KAM_BENCH_DB to a demo database (kam demo --accounts 200000) to run")
	}
	if env.browser == nil {
		b.Skip(env.skip)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(server.New(server.Config{}, st, nil))
	b.Cleanup(srv.Close)
	for _, username := range []string{"am1", "director"} {
		tab, closeTab := chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext())
		b.Cleanup(closeTab)
		err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"/login"),
			chromedp.SendKeys(chromedp.ID("username"), username), chromedp.SendKeys(chromedp.ID("password"), demoPassword),
			chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".who-name")))
		if err != nil {
			b.Fatalf("sign in as %s: %v", username, err)
		}
		u, err := st.FindUserByUsername(ctx, username)
		if err != nil {
			b.Fatal(err)
		}
		p, err := st.PrincipalFor(ctx, u.ID)
		if err != nil {
			b.Fatal(err)
		}
		top, err := st.FindPortfolio(ctx, p, kam.AccountFilter{Sort: kam.SortByRevenue, Desc: true, Limit: 1})
		if err != nil || len(top.Rows) == 0 {
			b.Fatalf("%s has no account: %v", username, err)
		}
		for _, path := range []string{"/", "/accounts", fmt.Sprintf("/accounts/%d", top.Rows[0].ID), "/contacts",
			"/search?q=" + top.Rows[0].Name[:4], "/pipeline", "/flags", "/forecasts"} {
			b.Run(username+path, func(b *testing.B) {
				for b.Loop() {
					median, p95 := loadTimes(b, tab, srv.URL+path)
					b.ReportMetric(median, "ms-p50")
					b.ReportMetric(p95, "ms-p95")
				}
			})
		}
	}
}

// loadTimes loads url 22 times and returns the median and 95th percentile
// of the last 20 full loads, in milliseconds.
func loadTimes(b *testing.B, tab context.Context, url string) (median, p95 float64) {
	var times []float64
	for i := range 22 {
		ctx, cancel := context.WithTimeout(tab, 2*time.Minute)
		err := chromedp.Do(ctx, chromedp.Navigate(url))
		var ms float64
		if err == nil {
			ms, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType("navigation")[0].loadEventEnd`))
		}
		cancel()
		if err != nil {
			b.Fatalf("load %s: %v", url, err)
		}
		if i >= 2 {
			times = append(times, ms)
		}
	}
	slices.Sort(times)
	return times[len(times)/2], times[len(times)*95/100]
}
