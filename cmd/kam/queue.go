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
		day, err := parseAsOf(*asOf, time.Now())
		if err != nil {
			return fmt.Errorf("queue: %v", err)
		}
		p, err := c.principalAs(st, pos[0])
		if err != nil {
			return fmt.Errorf("queue: %s", cliMessage(err))
		}
		inputs, ids, err := c.queueInputs(st, p, day, *asOf == "")
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

// queueInputs reads the queue's input: today from the stored roll-ups and
// flags (stored), another day from the accounts' history as of that day.
func (c *cli) queueInputs(st *store.Store, p *kam.Principal, day kam.Date, stored bool) ([]insight.QueueInput, map[int64][]kam.ExternalID, error) {
	ids := map[int64][]kam.ExternalID{}
	err := st.EachAccount(c.ctx, p, kam.AccountFilter{}, func(a *kam.Account) error {
		ids[a.ID] = a.ExternalIDs
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if stored {
		inputs, err := st.QueueInputs(c.ctx, p)
		return inputs, ids, err
	}
	var inputs []insight.QueueInput
	err = st.EachHistory(c.ctx, p, day, func(a *kam.Account, h *insight.History) error {
		if a.Status == kam.StatusLost {
			return nil
		}
		inputs = append(inputs, insight.QueueInput{AccountID: a.ID, Name: a.Name, Tier: a.Tier, Currency: a.Currency,
			Sales: h.Sales, LastContact: h.LastContact()})
		return nil
	})
	return inputs, ids, err
}
