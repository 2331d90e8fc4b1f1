package web

import (
	"context"
	"testing"
	"time"

	"github.com/kamhq/kam"
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
