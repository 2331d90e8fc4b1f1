package main

import (
	"fmt"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// recompute rebuilds every account's roll-up, products, health and change
// flags as of a day (default today) and stores them: one open flag per
// cause, refreshed while the cause lasts and resolved when it passes.
func (c *cli) recompute(args []string) error {
	f := c.newFlags("recompute")
	asOf := f.String("as-of", "", "the day to compute as of, YYYY-MM-DD (default today)")
	return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		start := time.Now()
		day, err := parseAsOf(*asOf, start)
		if err != nil {
			return fmt.Errorf("recompute: %v", err)
		}
		stats, err := st.Recompute(c.ctx, day, st.Insights)
		if err != nil {
			return fmt.Errorf("recompute: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Recomputed %d accounts (%d with subsidiaries) as of %s in %s: %d flags raised, %d resolved.\n",
			stats.Accounts, stats.Hierarchies, day, time.Since(start).Round(time.Millisecond), stats.Raised, stats.Resolved)
		return c.classify(st, day)
	})
}

// parseAsOf reads an --as-of day; empty means the day of now, in UTC.
func parseAsOf(s string, now time.Time) (kam.Date, error) {
	if s == "" {
		return kam.DateOf(now.UTC()), nil
	}
	d, err := kam.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("--as-of: %v", err)
	}
	return d, nil
}

// classify records the key-account classification of every account as of a
// day, where it changed.
func (c *cli) classify(st *store.Store, day kam.Date) error {
	start := time.Now()
	cfg, err := portfolio.LoadConfig(c.ctx, st)
	if err != nil {
		return fmt.Errorf("classify: %s", cliMessage(err))
	}
	n, err := portfolio.RecordSegments(c.ctx, st, day, cfg)
	if err != nil {
		return fmt.Errorf("classify: %s", cliMessage(err))
	}
	fmt.Fprintf(c.stdout, "Classified the portfolio in %s: %d accounts changed quadrant or key-account standing.\n",
		time.Since(start).Round(time.Millisecond), n)
	return nil
}
