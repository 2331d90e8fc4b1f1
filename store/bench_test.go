package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// benchAccounts is the portfolio size of the read benchmarks; set
// KAM_BENCH_ACCOUNTS to change it.
func benchAccounts() int {
	if n, err := strconv.Atoi(os.Getenv("KAM_BENCH_ACCOUNTS")); err == nil && n > 0 {
		return n
	}
	return 200_000
}

// benchWords make account names that sort in no particular order of creation.
var benchWords = []string{"Nordic", "Alpine", "Coastal", "Summit", "Harbor", "Delta", "Vertex", "Orion", "Pioneer", "Atlas",
	"Granite", "Meridian", "Beacon", "Cedar", "Falcon", "Horizon", "Keystone", "Lumen", "Quartz", "Sterling"}

// loadBenchPortfolio loads n accounts through kam's own bulk loader, 25 to each
// account manager (a realistic portfolio), and returns the managers and ids.
func loadBenchPortfolio(b *testing.B, s *store.Store, n int) ([]*kam.User, []int64) {
	ctx := context.Background()
	sys := kam.System()
	var ams []*kam.User
	ids := make([]int64, 0, n)
	err := s.Load(ctx, sys, func(l *store.Loader) error {
		for i := range max(1, n/25) {
			u := &kam.User{Username: fmt.Sprintf("am%d", i+1), Role: kam.RoleAM}
			if err := l.User(u, ""); err != nil {
				return err
			}
			ams = append(ams, u)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	const chunk = 20_000
	for start := 0; start < n; start += chunk {
		err := s.Load(ctx, sys, func(l *store.Loader) error {
			for i := start; i < min(n, start+chunk); i++ {
				a := &kam.Account{
					Name:     fmt.Sprintf("%s %s %d", benchWords[(i*7)%len(benchWords)], benchWords[(i*13/7)%len(benchWords)], i),
					Currency: "EUR", Country: "DE", Tier: kam.Tiers[i%4], OwnerID: ams[i%len(ams)].ID,
					ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C" + strconv.Itoa(i)}},
				}
				if err := l.Account(a); err != nil {
					return err
				}
				ids = append(ids, a.ID)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return ams, ids
}

// BenchmarkAccountReads compares kam's scoped store reads with the bare engine
// doing the same read on the same database in the same run.
func BenchmarkAccountReads(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			s := storetest.Open(b, engine)
			n := benchAccounts()
			start := time.Now()
			ams, ids := loadBenchPortfolio(b, s, n)
			b.Logf("%s: loaded %d accounts in %s", engine, n, time.Since(start).Round(time.Millisecond))
			if err := s.Optimize(ctx); err != nil {
				b.Fatal(err)
			}
			admin := kam.System()
			am, err := s.PrincipalFor(ctx, ams[0].ID)
			if err != nil {
				b.Fatal(err)
			}
			// The bare reads are prepared once, as any careful program would.
			bare := func(q string) *sql.Stmt {
				st, err := s.DB().PrepareContext(ctx, s.Rebind(q))
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { st.Close() })
				return st
			}
			getBare := bare("SELECT id, parent_id, name, legal_name, normalized_name, tax_id, industry, country, segment, tier, status, lost_reason, lost_competitor, owner_id, org_unit_id, currency, custom_fields, version, created_at, updated_at FROM accounts WHERE id = ?")
			listBare := bare("SELECT id, parent_id, name, legal_name, normalized_name, tax_id, industry, country, segment, tier, status, lost_reason, lost_competitor, owner_id, org_unit_id, currency, custom_fields, version, created_at, updated_at FROM accounts ORDER BY search_name, id LIMIT 51")
			listOwnBare := bare("SELECT id, parent_id, name, legal_name, normalized_name, tax_id, industry, country, segment, tier, status, lost_reason, lost_competitor, owner_id, org_unit_id, currency, custom_fields, version, created_at, updated_at FROM accounts WHERE owner_id = ? ORDER BY search_name, id LIMIT 51")

			b.Run("get/kam-admin", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					if _, err := s.FindAccountByID(ctx, admin, ids[(i*7919)%len(ids)]); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("get/kam-am", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					// ids[k] with k%len(ams) == 0 belong to the first AM.
					if _, err := s.FindAccountByID(ctx, am, ids[(i%25)*len(ams)]); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("get/bare", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					rows, err := getBare.QueryContext(ctx, ids[(i*7919)%len(ids)])
					if err != nil {
						b.Fatal(err)
					}
					scanBare(b, rows)
				}
			})
			b.Run("list-first-page/kam-admin", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.FindAccounts(ctx, admin, kam.AccountFilter{Limit: 50}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("list-first-page/bare", func(b *testing.B) {
				for b.Loop() {
					rows, err := listBare.QueryContext(ctx)
					if err != nil {
						b.Fatal(err)
					}
					scanBare(b, rows)
				}
			})
			b.Run("list-first-page/kam-am", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.FindAccounts(ctx, am, kam.AccountFilter{Limit: 50}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("list-first-page/bare-owner", func(b *testing.B) {
				for b.Loop() {
					rows, err := listOwnBare.QueryContext(ctx, ams[0].ID)
					if err != nil {
						b.Fatal(err)
					}
					scanBare(b, rows)
				}
			})
		})
	}
}

// scanBare reads every column of every row into generic values, as any
// database/sql program must.
func scanBare(b *testing.B, rows interface {
	Next() bool
	Columns() ([]string, error)
	Scan(...any) error
	Close() error
	Err() error
}) {
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	rows.Close()
	if n == 0 {
		b.Fatal("bare read found no rows")
	}
}
