package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/api"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store/storetest"
)

// BenchmarkAPIAccounts measures the JSON API over real HTTP on loopback,
// on a fresh store (SQLite; PostgreSQL too with KAM_TEST_POSTGRES_URL), with
// the loads of issue #7: 1,000 accounts created one request at a time; the
// list read as 10 pages of 100 by name; the first page with a total; and 8
// clients at once on the first page, with the 99th percentile latency.
//
//	go test ./server -run '^$' -bench APIAccounts -benchtime 1x
func BenchmarkAPIAccounts(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			st := storetest.Open(b, engine)
			ctx := context.Background()
			must(b, st.CreateUser(ctx, kam.System(), &kam.User{Username: "erp", DisplayName: "ERP sync", Role: kam.RoleAdmin}, testPassword))
			_, token, err := st.CreateToken(ctx, kam.System(), "erp", "bench", false, nil)
			must(b, err)
			srv := httptest.NewServer(server.New(server.Config{RateLimit: api.RateLimit{Rate: -1}}, st, nil))
			b.Cleanup(srv.Close)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
			send := func(method, path, body string) []byte {
				req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				if body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				defer resp.Body.Close()
				out, _ := io.ReadAll(resp.Body)
				if resp.StatusCode >= 300 {
					b.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, out)
				}
				return out
			}

			created := 0 // names stay unique across the benchmark's runs
			b.Run("create-1000", func(b *testing.B) {
				for range b.N {
					start := time.Now()
					for range 1000 {
						created++
						send("POST", "/api/v1/accounts", fmt.Sprintf(`{"name": "Bench %06d Ltd", "country": "GB", "currency": "GBP", "tier": "core"}`, created))
					}
					b.ReportMetric(1000/time.Since(start).Seconds(), "creates/s")
				}
			})
			// A commit before each walk makes it read the database, not
			// answers kept from the walk before (see api/pagecache.go).
			commit := func() {
				created++
				send("POST", "/api/v1/accounts", fmt.Sprintf(`{"name": "Bench %06d Ltd", "country": "GB", "currency": "GBP"}`, created))
			}
			for _, walk := range []struct {
				name string
				cold bool
			}{{"list-10-pages-cold", true}, {"list-10-pages-again", false}} {
				b.Run(walk.name, func(b *testing.B) {
					for range b.N {
						if walk.cold {
							commit()
						}
						start := time.Now()
						pages := walkPages(b, send)
						b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
					}
				})
			}
			b.Run("first-page-total-cold", func(b *testing.B) {
				for range b.N {
					commit()
					start := time.Now()
					var page struct{ Total int }
					must(b, json.Unmarshal(send("GET", "/api/v1/accounts?sort=name&limit=100&total=true", ""), &page))
					if page.Total < 1000 {
						b.Fatalf("total %d", page.Total)
					}
					b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "ms")
				}
			})
			for _, load := range []struct{ name, path string }{
				{"8-clients-first-page", "/api/v1/accounts?sort=name&limit=100"},
				{"8-clients-floor", "/api/v1/tasks?limit=1"},
			} {
				eightClients(b, load.name, func() { send("GET", load.path, "") })
				wrkClients(b, load.name+"-wrk", srv.URL+load.path, token)
			}
		})
	}
}

// eightClients runs 8 clients at once, each making 250 calls, and reports
// the requests per second and the latencies' median and 99th percentile.
func eightClients(b *testing.B, name string, call func()) {
	b.Run(name, func(b *testing.B) {
		const clients, each = 8, 250
		for range b.N {
			lat := make([][]time.Duration, clients)
			var wg sync.WaitGroup
			start := time.Now()
			for c := range clients {
				wg.Go(func() {
					for range each {
						t0 := time.Now()
						call()
						lat[c] = append(lat[c], time.Since(t0))
					}
				})
			}
			wg.Wait()
			all := slices.Sorted(slices.Values(slices.Concat(lat...)))
			b.ReportMetric(float64(len(all))/time.Since(start).Seconds(), "req/s")
			b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
		}
	})
}

// walkPages reads the account list as 10 pages of 100 by name, following
// the cursors, and returns how many pages it read.
func walkPages(b *testing.B, send func(method, path, body string) []byte) int {
	after, pages := "", 0
	for pages < 10 {
		var page struct {
			Data       []json.RawMessage `json:"data"`
			NextCursor string            `json:"next_cursor"`
		}
		must(b, json.Unmarshal(send("GET", "/api/v1/accounts?sort=name&limit=100&after="+after, ""), &page))
		pages++
		if after = page.NextCursor; after == "" || len(page.Data) != 100 {
			break
		}
	}
	return pages
}
