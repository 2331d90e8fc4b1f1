package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
)

// flagRow is one flag as `kam flags --json` prints it.
type flagRow struct {
	AccountID   int64            `json:"account_id"`
	AccountName string           `json:"account_name"`
	ExternalIDs []kam.ExternalID `json:"external_ids"`
	Kind        insight.FlagKind `json:"kind"`
	Severity    string           `json:"severity"`
	Evidence    string           `json:"evidence"`
	AsOf        string           `json:"as_of"`
}

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
		out := []flagRow{}
		err = st.EachHistory(c.ctx, p, day, func(a *kam.Account, h *insight.History) error {
			ids := a.ExternalIDs
			if ids == nil {
				ids = []kam.ExternalID{} // [] in JSON, not null
			}
			for _, fl := range insight.AccountFlags(h, day, insight.AccountOptions{}) {
				out = append(out, flagRow{a.ID, a.Name, ids, fl.Kind, fl.Severity, fl.Evidence, day.String()})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("flags: %s", cliMessage(err))
		}
		if *asJSON {
			enc := json.NewEncoder(c.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "ACCOUNT\tFLAG\tSEVERITY\tWHY (as of %s)\n", day)
		for _, r := range out {
			fmt.Fprintf(tw, "%d %s\t%s\t%s\t%s\n", r.AccountID, r.AccountName, r.Kind, r.Severity, r.Evidence)
		}
		return tw.Flush()
	})
}
