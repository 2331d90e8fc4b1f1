package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// queue prints whom a user should contact first, and why.

func (c *cli) queue(args []string) error {
	f := c.newFlags("queue")
	asOf := f.String("as-of", "", "the day to rank as of, YYYY-MM-DD (default today)")
	asJSON := f.Bool("json", false, "print the queue as a JSON array")
	limit := f.Int("limit", 20, "how many accounts to list")
	return f.run(args, 1, "the user whose accounts to rank: kam queue USER", func(st *store.Store, pos []string) error {
		day, err := parseAsOf(*asOf, time.Now())
		if err != nil {
			return fmt.Errorf("queue: %v", err)
		}
		p, err := c.principalAs(st, pos[0])
		if err != nil {
			return fmt.Errorf("queue: %s", cliMessage(err))
		}
		rows, err := portfolio.Queue(c.ctx, st, p, day, *asOf == "", *limit)
		if err != nil {
			return fmt.Errorf("queue: %s", cliMessage(err))
		}
		if *asJSON {
			return c.printJSON(rows)
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "SCORE\tACCOUNT\tWHY (as of %s)\n", day)
		for _, it := range rows {
			fmt.Fprintf(tw, "%.2f\t%d %s\t%s\n", it.Score, it.AccountID, it.Name, strings.Join(it.Reasons, "; "))
		}
		return tw.Flush()
	})
}
