package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestCheckpointInBackground: commits no longer copy the write-ahead log
// back themselves; the background checkpointer does once the log passes
// 1,000 frames, and the next commit then starts the log over instead of
// growing it.
func TestCheckpointInBackground(t *testing.T) {
	ctx := context.Background()
	s := openMigrated(t, t.TempDir()+"/kam.db")
	var autocheckpoint int
	if err := s.write.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&autocheckpoint); err != nil || autocheckpoint != 10000 {
		t.Fatalf("the writer checkpoints itself every %d pages (%v), not only past 10,000", autocheckpoint, err)
	}
	write := func(i int) {
		t.Helper()
		err := s.inTx(ctx, func(c conn) error {
			_, err := c.exec(ctx, "INSERT INTO settings (key, body, updated_at) VALUES (?, '{}', ?)", fmt.Sprint("k", i), s.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	progress := func() (frames, backfilled uint32) {
		t.Helper()
		frames, backfilled, ok := s.version.walProgress(ctx)
		if !ok {
			t.Fatal("the wal-index header cannot be read")
		}
		return frames, backfilled
	}
	frames := func() uint32 { n, _ := progress(); return n }
	backfilled := func() uint32 { _, n := progress(); return n }
	// Writing stops before the checkpointer would start the log over, so
	// that the log's length can be watched.
	s.checkpoints.stop()
	s.checkpoints.done.Wait()
	s.checkpoints.db.Close()
	for i := 0; frames() < checkpointFrames; i++ {
		write(i)
	}
	if n := backfilled(); n != 0 {
		t.Fatalf("a commit checkpointed %d frames itself", n)
	}
	restarted, err := startCheckpointer("file:"+s.version.path+"?_pragma=busy_timeout(10000)", s.version.walProgress)
	if err != nil {
		t.Fatal(err)
	}
	s.checkpoints = restarted
	deadline := time.Now().Add(5 * time.Second)
	for backfilled() < frames() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s the background checkpoint copied %d of %d frames", backfilled(), frames())
		}
		time.Sleep(20 * time.Millisecond)
	}
	before := frames()
	write(-1)
	if after := frames(); after >= before {
		t.Fatalf("the log grew from %d to %d frames instead of starting over", before, after)
	}
}
