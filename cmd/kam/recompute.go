package main

import (
	"fmt"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
)

// recompute computes every account's change flags as of today and stores
// them: one open flag per cause, refreshed while the cause lasts and resolved
// when it passes.
func (c *cli) recompute(args []string) error {
	f := c.newFlags("recompute")
	return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		start := time.Now()
		today := kam.DateOf(start.UTC())
		accounts, raised, resolved := 0, 0, 0
		err := st.EachAccountSales(c.ctx, kam.System(), today, func(a *kam.Account, sales []insight.Sale) error {
			accounts++
			r, s, err := st.SyncFlags(c.ctx, a.ID, accountFlags(a, sales, today))
			raised, resolved = raised+r, resolved+s
			return err
		})
		if err != nil {
			return fmt.Errorf("recompute: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Recomputed %d accounts as of %s in %s: %d flags raised, %d resolved.\n",
			accounts, today, time.Since(start).Round(time.Millisecond), raised, resolved)
		return nil
	})
}
