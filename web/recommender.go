package web

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// What to offer an account next comes from a model of which products sell
// together, learnt from every account's buying. Learning it reads the whole
// portfolio, so the pages keep one per process for the day: it is built in
// the background on first use and again when the day changes. A page waits
// for the build a moment (long enough for a portfolio of a few thousand
// accounts), then says that the recommendations are being prepared rather
// than keeping the user waiting.

// recommenderWait is how long account pages wait for a model being built,
// counted from the build's start: while a large portfolio's model takes
// minutes, only the pages of its first seconds wait, and later ones say at
// once that it is being prepared.
const recommenderWait = 3 * time.Second

// errPreparing is the answer while the day's model is being built.
var errPreparing = errors.New("the recommendations are being prepared; reload the page in a minute")

// recommenders holds the day's recommender of a process.
type recommenders struct {
	mu  sync.Mutex
	day string // the day of rec, YYYY-MM-DD
	rec *portfolio.Recommender
	// building is closed when the build of buildDay ends; nil while none
	// runs. err is the last build's failure.
	building chan struct{}
	buildDay string
	started  time.Time // when the build of buildDay started
	err      error
	// build makes a day's model: portfolio.NewRecommender, or a stand-in
	// in tests.
	build func(context.Context, *store.Store, kam.Date) (*portfolio.Recommender, error)
}

// get returns the recommender of day, building it if it is not there; it
// waits for a build until wait after the build started, then returns
// errPreparing.
func (c *recommenders) get(ctx context.Context, st *store.Store, day kam.Date, wait time.Duration) (*portfolio.Recommender, error) {
	key := day.String()
	c.mu.Lock()
	if c.rec != nil && c.day == key {
		defer c.mu.Unlock()
		return c.rec, nil
	}
	if c.building == nil || c.buildDay != key {
		c.start(st, day)
	}
	done := c.building
	wait = time.Until(c.started.Add(wait))
	c.mu.Unlock()

	if err := waitFor(ctx, done, wait); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rec != nil && c.day == key {
		return c.rec, nil
	}
	if c.err != nil {
		return nil, c.err
	}
	return nil, errPreparing
}

// waitFor waits until done is closed, for at most wait (not at all when
// wait is not positive), and then gives errPreparing.
func waitFor(ctx context.Context, done <-chan struct{}, wait time.Duration) error {
	select {
	case <-done:
		return nil
	default:
	}
	if wait <= 0 {
		return errPreparing
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-done:
		return nil
	case <-timer.C:
		return errPreparing
	case <-ctx.Done():
		return ctx.Err()
	}
}

// start builds the recommender of day in the background; c.mu is held.
func (c *recommenders) start(st *store.Store, day kam.Date) {
	done := make(chan struct{})
	c.building, c.buildDay, c.started = done, day.String(), time.Now()
	build := c.build
	if build == nil {
		build = portfolio.NewRecommender
	}
	go func() {
		rec, err := build(context.Background(), st, day)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err == nil && (c.rec == nil || c.day <= day.String()) {
			c.rec, c.day = rec, day.String()
		}
		c.err = err
		if c.building == done {
			c.building = nil
		}
		close(done)
	}()
}

// advise gives an account's top recommendations and its next order as of
// today. Without the day's model the section says why instead of failing
// the page.
func (a *App) advise(ctx context.Context, acc *kam.Account, h *insight.History, today kam.Date) advice {
	rec, err := a.recs.get(ctx, a.st, today, recommenderWait)
	switch {
	case errors.Is(err, errPreparing):
		return advice{Unavailable: "The recommendations are being prepared; reload the page in a minute."}
	case err != nil:
		a.log.ErrorContext(ctx, "build recommendations", "err", err)
		return advice{Unavailable: "The recommendations could not be computed; the error has been logged."}
	}
	adv := rec.Advise(acc, h, offerRows)
	return advice{Offers: adv.Recommendations, Next: adv.NextOrder, Note: adv.Note}
}
