package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// flagsCmd prints every flag of the accounts a user may see as of a day,
// the most severe first.
func (c *cli) flagsCmd(args []string) error {
	f := c.newFlags("flags")
	asOf := f.String("as-of", "", "the day to judge as of, YYYY-MM-DD (default today): only what was known then counts")
	asJSON := f.Bool("json", false, "print the flags as a JSON array")
	as := f.String("as", "", "flag what this user may see (default: everything)")
	return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		day, err := parseAsOf(*asOf, time.Now())
		if err != nil {
			return fmt.Errorf("flags: %v", err)
		}
		p, err := c.principalAs(st, *as)
		if err != nil {
			return fmt.Errorf("flags: %s", cliMessage(err))
		}
		out, err := portfolio.FlagsAsOf(c.ctx, st, p, day)
		if err != nil {
			return fmt.Errorf("flags: %s", cliMessage(err))
		}
		if *asJSON {
			return c.printJSON(out)
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "ACCOUNT\tFLAG\tSEVERITY\tWHY (as of %s)\n", day)
		for _, r := range out {
			fmt.Fprintf(tw, "%d %s\t%s\t%s\t%s\n", r.AccountID, r.AccountName, r.Kind, r.Severity, r.Evidence)
		}
		return tw.Flush()
	})
}
