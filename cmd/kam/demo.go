package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/demo"
	"github.com/kamhq/kam/store"
)

func (c *cli) demo(args []string) error {
	f := c.newFlags("demo")
	accounts := f.Int("accounts", 300, "number of accounts (200000 gives about 10M order lines)")
	seed := f.Int("seed", 1, "random seed; the same seed gives the same demo")
	return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		if *accounts < 20 {
			return fmt.Errorf("demo: --accounts must be at least 20")
		}
		return c.generateDemo(st, *accounts, uint64(*seed))
	})
}

// generateDemo loads the demo and prints the users to sign in as.
func (c *cli) generateDemo(st *store.Store, accounts int, seed uint64) error {
	start := time.Now()
	res, err := demo.Generate(c.ctx, st, demo.Options{Seed: seed, Accounts: accounts, Password: demo.DefaultPassword, Progress: c.stderr})
	if err != nil {
		return fmt.Errorf("demo: %s", cliMessage(err))
	}
	fmt.Fprintf(c.stdout, "Loaded the demo in %s: %d accounts, %d contacts, %d orders with %d lines, %d opportunities.\n",
		time.Since(start).Round(time.Millisecond), res.Accounts, res.Contacts, res.Orders, res.OrderLines, res.Opportunities)
	if st.Insights != nil {
		start = time.Now()
		stats, err := st.Recompute(c.ctx, kam.DateOf(start.UTC()), st.Insights)
		if err != nil {
			return fmt.Errorf("demo: %s", cliMessage(err))
		}
		took := time.Since(start).Round(time.Millisecond)
		// Writing the demo's plans, approvals and onboardings refreshed
		// their accounts, so some flags were open before the recompute.
		open, err := st.FindFlags(c.ctx, kam.System(), "open")
		if err != nil {
			return fmt.Errorf("demo: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Computed every account's roll-up, health and flags in %s: %d flags raised, %d open.\n",
			took, stats.Raised, len(open))
		if err := c.classify(st, kam.DateOf(start.UTC())); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stdout, "Sign in with any of these users and the password %q:\n", res.Password)
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
	for _, u := range res.Users {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", u.Username, u.Role, u.Name)
	}
	return tw.Flush()
}
