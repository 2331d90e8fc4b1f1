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

// recommenderWait is how long an account page waits for a model being built.
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
	err      error
}

// get returns the recommender of day, building it if it is not there; it
// waits at most wait for a build, then returns errPreparing.
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
	c.mu.Unlock()

	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		return nil, errPreparing
	case <-ctx.Done():
		return nil, ctx.Err()
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

// start builds the recommender of day in the background; c.mu is held.
func (c *recommenders) start(st *store.Store, day kam.Date) {
	done := make(chan struct{})
	c.building, c.buildDay = done, day.String()
	go func() {
		rec, err := portfolio.NewRecommender(context.Background(), st, day)
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
