package webhook

import (
	"testing"
	"time"
)

func TestDefaultBackoffGrowsWithJitterAndStopsGrowing(t *testing.T) {
	want := []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 24 * time.Hour, 24 * time.Hour}
	for i, base := range want {
		attempt := i + 1
		for range 50 {
			if got := defaultBackoff(attempt); got < base || got > base+base/10 {
				t.Fatalf("after attempt %d: %s, want %s plus at most 10%%", attempt, got, base)
			}
		}
	}
	d := &Dispatcher{}
	d.setDefaults()
	if d.Timeout != 10*time.Second || d.MaxAttempts != 8 || d.DisableAfter != 20 || d.Client.Timeout != d.Timeout {
		t.Errorf("defaults %+v", d)
	}
	if d.lease() <= time.Duration(d.Batch/d.Workers)*d.Timeout {
		t.Errorf("lease %s is shorter than a batch may wait for its workers", d.lease())
	}
}
