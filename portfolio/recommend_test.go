package portfolio_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/demo"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store/storetest"
)

// TestRecommenderServesPagesAtOnce asks one day's recommender for advice
// from many goroutines at once, as a server's pages do: run with -race, it
// fails if advising writes to the shared model or catalogue.
func TestRecommenderServesPagesAtOnce(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "sqlite")
	if _, err := demo.Generate(ctx, st, demo.Options{Seed: 3, Accounts: 12}); err != nil {
		t.Fatal(err)
	}
	today := kam.DateOf(time.Now().UTC())
	rec, err := portfolio.NewRecommender(ctx, st, today)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.FindAccounts(ctx, kam.System(), kam.AccountFilter{Limit: 12})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var advised atomic.Int64
	for _, a := range page.Accounts {
		_, h, err := st.AccountHistory(ctx, kam.System(), a.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		for range 4 {
			wg.Go(func() {
				adv := rec.Advise(a, h, 5)
				if len(adv.Recommendations) > 0 || adv.Note != "" {
					advised.Add(1)
				}
			})
		}
	}
	wg.Wait()
	if advised.Load() == 0 {
		t.Error("no account got a recommendation or a note")
	}
}
