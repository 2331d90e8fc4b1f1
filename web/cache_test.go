package web

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestViewCache(t *testing.T) {
	c := &viewCache{ttl: 20 * time.Millisecond}
	var loads atomic.Int64
	load := func(context.Context) (any, error) { return loads.Add(1), nil }
	ctx := context.Background()
	if v, _ := c.get(ctx, "k", load); v != int64(1) {
		t.Fatalf("first get %v, want the first load", v)
	}
	if v, _ := c.get(ctx, "k", load); v != int64(1) || loads.Load() != 1 {
		t.Fatalf("second get %v after %d loads, want the kept value and no load", v, loads.Load())
	}
	time.Sleep(30 * time.Millisecond)
	if v, _ := c.get(ctx, "k", load); v != int64(1) {
		t.Fatalf("a stale get %v, want the kept value while it refreshes", v)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		if v, _ := c.get(ctx, "k", load); v == int64(2) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background refresh never landed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := c.get(ctx, "bad", func(context.Context) (any, error) { return nil, errors.New("down") }); err == nil {
		t.Error("a failed first load gave no error")
	}
	if _, ok := c.entries["bad"]; ok {
		t.Error("a failed load was kept")
	}
}
