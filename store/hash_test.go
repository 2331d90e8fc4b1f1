package store_test

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/kamhq/kam/store/storetest"
)

// A flood of sign-ins queues for the password hash instead of running every
// 19 MiB hash at once: peak heap stays near the per-CPU bound.
func TestSignInFloodIsBounded(t *testing.T) {
	s := storetest.Open(t, "sqlite")
	var wg sync.WaitGroup
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			default:
			}
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			runtime.Gosched()
		}
	}()
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Authenticate(context.Background(), "nobody", "wrong password!")
		}()
	}
	wg.Wait()
	close(stop)
	// 40 parallel hashes would need 760 MiB; the bound is one per CPU plus slack.
	limit := uint64(runtime.NumCPU()*19+150) << 20
	if peak > limit {
		t.Fatalf("peak heap %d MiB during 40 sign-ins, want under %d MiB", peak>>20, limit>>20)
	}
}
