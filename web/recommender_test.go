package web

import (
	"context"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestRecommenders checks that the day's model is built once and again when
// the day changes.
func TestRecommenders(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	ctx := context.Background()
	var c recommenders
	today := kam.DateOf(st.Now())
	first, err := c.get(ctx, st, today, time.Minute)
	if err != nil || first == nil || first.AsOf != today {
		t.Fatalf("first build: %v, %v", first, err)
	}
	again, err := c.get(ctx, st, today, 0)
	if err != nil || again != first {
		t.Errorf("the same day built again: %p, %p, %v", first, again, err)
	}
	tomorrow := today.AddDays(1)
	next, err := c.get(ctx, st, tomorrow, time.Minute)
	if err != nil || next == first || next.AsOf != tomorrow {
		t.Errorf("the next day: %v, %v", next, err)
	}
}

// TestRecommendersWaitFromTheBuildsStart: while a day's model takes long to
// build, pages wait for it only until the wait after the build's start;
// later pages hear at once that it is being prepared, and all get the
// model once it is there.
func TestRecommendersWaitFromTheBuildsStart(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	ctx := context.Background()
	release := make(chan struct{})
	model := &portfolio.Recommender{}
	c := recommenders{build: func(context.Context, *store.Store, kam.Date) (*portfolio.Recommender, error) {
		<-release
		return model, nil
	}}
	today := kam.DateOf(st.Now())
	start := time.Now()
	if _, err := c.get(ctx, st, today, 100*time.Millisecond); err != errPreparing {
		t.Fatalf("first page during the build: %v", err)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("the first page waited %v, not the 100 ms", waited)
	}
	later := time.Now()
	if _, err := c.get(ctx, st, today, 100*time.Millisecond); err != errPreparing {
		t.Fatalf("later page during the build: %v", err)
	}
	if waited := time.Since(later); waited > 50*time.Millisecond {
		t.Errorf("a page after the wait was over waited %v again", waited)
	}
	close(release)
	got, err := c.get(ctx, st, today, time.Minute)
	if err != nil || got != model {
		t.Fatalf("after the build: %v, %v", got, err)
	}
}
