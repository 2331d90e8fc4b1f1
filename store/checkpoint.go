package store

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"
)

// checkpointer copies the write-ahead log back into the SQLite database
// file in the background, so that no commit waits for it.
//
// SQLite's default is for the commit that takes the log past 1,000 pages
// to run the checkpoint itself: every few hundred commits one of them
// writes back every changed page and flushes the file to disk, which, on
// the machine of docs/BENCHMARKS.md, made small commits take 2.4 times as
// long on average. kam's connections leave that to commits only past
// 10,000 pages (see openSQLite), and this goroutine runs a PASSIVE
// checkpoint (which waits for no reader and no writer) on its own
// connection whenever the log holds checkpointFrames or more not yet
// copied back, checking every checkpointEvery. A PASSIVE checkpoint lets
// the next commit start the log over only if it caught up; a writer that
// never pauses keeps it from that, and the commits' own checkpoint at
// 10,000 pages bounds the log then.
type checkpointer struct {
	db     *sql.DB
	frames func(context.Context) (frames, backfilled uint32, ok bool)
	stop   context.CancelFunc
	done   sync.WaitGroup
}

const (
	checkpointFrames = 1000
	checkpointEvery  = 100 * time.Millisecond
)

// startCheckpointer opens its connection on dsn and starts the goroutine.
// frames tells the log's length and how much of it is copied back; where
// it cannot (ok false), a checkpoint runs every second.
func startCheckpointer(dsn string, frames func(context.Context) (frames, backfilled uint32, ok bool)) (*checkpointer, error) {
	db, err := openOneConnection(dsn)
	if err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	c := &checkpointer{db: db, frames: frames, stop: stop}
	c.done.Go(func() { c.run(ctx) })
	return c, nil
}

func (c *checkpointer) run(ctx context.Context) {
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	var last time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			// Nothing to do while the log is short or already copied back
			// (it starts over at the next commit).
			n, done, ok := c.frames(ctx)
			if ok && (n < checkpointFrames || done >= n) || !ok && now.Sub(last) < time.Second {
				continue
			}
			last = now
			if err := c.checkpoint(ctx); err != nil && ctx.Err() == nil {
				slog.Warn("checkpoint of the SQLite write-ahead log", "err", err)
			}
		}
	}
}

// checkpoint copies what it can of the log into the database file now.
func (c *checkpointer) checkpoint(ctx context.Context) error {
	_, err := c.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
	return err
}

// close stops the goroutine and copies the whole log back.
func (c *checkpointer) close() error {
	c.stop()
	c.done.Wait()
	err := c.checkpoint(context.Background())
	if e := c.db.Close(); err == nil {
		err = e
	}
	return err
}
