package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
)

// queueRow is one account of `kam queue --json`.
type queueRow struct {
	insight.QueueItem
	ExternalIDs []kam.ExternalID `json:"external_ids"`
	AsOf        string           `json:"as_of"`
}

func (c *cli) queue(args []string) error {
	f := c.newFlags("queue")
	asOf := f.String("as-of", "", "the day to rank as of, YYYY-MM-DD (default today)")
	asJSON := f.Bool("json", false, "print the queue as a JSON array")
	limit := f.Int("limit", 20, "how many accounts to list")
	return f.run(args, 1, "the user whose accounts to rank: kam queue USER", func(st *store.Store, pos []string) error {
		day := kam.DateOf(time.Now().UTC())
		if *asOf != "" {
			var err error
			if day, err = kam.ParseDate(*asOf); err != nil {
				return fmt.Errorf("queue: --as-of: %v", err)
			}
		}
		p, err := c.principalAs(st, pos[0])
		if err != nil {
			return fmt.Errorf("queue: %s", cliMessage(err))
		}
		last, err := st.LastContacts(c.ctx, p, day)
		if err != nil {
			return fmt.Errorf("queue: %s", cliMessage(err))
		}
		var inputs []insight.QueueInput
		ids := map[int64][]kam.ExternalID{}
		err = st.EachAccountSales(c.ctx, p, day, func(a *kam.Account, sales []insight.Sale) error {
			if a.Status == kam.StatusLost {
				return nil
			}
			ids[a.ID] = a.ExternalIDs
			inputs = append(inputs, insight.QueueInput{AccountID: a.ID, Name: a.Name, Tier: a.Tier, Currency: a.Currency,
				Sales: sales, LastContact: last[a.ID]})
			return nil
		})
		if err != nil {
			return fmt.Errorf("queue: %s", cliMessage(err))
		}
		items := insight.Queue(inputs, day)
		if len(items) > *limit {
			items = items[:max(0, *limit)]
		}
		if *asJSON {
			out := make([]queueRow, len(items))
			for i, it := range items {
				out[i] = queueRow{QueueItem: it, ExternalIDs: append([]kam.ExternalID{}, ids[it.AccountID]...), AsOf: day.String()}
			}
			enc := json.NewEncoder(c.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "SCORE\tACCOUNT\tWHY (as of %s)\n", day)
		for _, it := range items {
			fmt.Fprintf(tw, "%.2f\t%d %s\t%s\n", it.Score, it.AccountID, it.Name, strings.Join(it.Reasons, "; "))
		}
		return tw.Flush()
	})
}
