package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/forecast"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// printJSON writes v indented, as every --json output is.
func (c *cli) printJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// forecastCmd prints next quarter's forecast per account, per account
// manager, per org unit and in total.
func (c *cli) forecastCmd(args []string) error {
	f := c.newFlags("forecast")
	asOf := f.String("as-of", "", "forecast from what was known on this day, YYYY-MM-DD (default today)")
	asJSON := f.Bool("json", false, "print the forecasts as JSON: accounts, by_owner, by_org_unit, total")
	as := f.String("as", "", "forecast the accounts this user may see (default: all)")
	months := f.Int("months", 3, "how many months ahead")
	return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		day, err := parseAsOf(*asOf, time.Now())
		if err != nil {
			return fmt.Errorf("forecast: %v", err)
		}
		p, err := c.principalAs(st, *as)
		if err != nil {
			return fmt.Errorf("forecast: %s", cliMessage(err))
		}
		rep, err := portfolio.Forecasts(c.ctx, st, p, day, forecast.Options{Horizon: *months})
		if err != nil {
			return fmt.Errorf("forecast: %s", cliMessage(err))
		}
		if *asJSON {
			return c.printJSON(rep)
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "GROUP\tACCOUNTS\tFORECAST\tOF WHICH PIPELINE\t80%% INTERVAL\t\n")
		row := func(g forecast.Aggregate) {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s – %s\t\n", g.Key, g.Accounts, g.Total.FormatGrouped(), g.Pipeline.FormatGrouped(),
				g.Interval80.Low.FormatGrouped(), g.Interval80.High.FormatGrouped())
		}
		for _, g := range rep.ByOwner {
			row(g)
		}
		row(rep.Total)
		fmt.Fprintf(c.stdout, "Forecast of the %d months after %s, by account manager:\n", *months, day)
		return tw.Flush()
	})
}

// recommendCmd prints each account's cross-sell recommendations and next
// order.
func (c *cli) recommendCmd(args []string) error {
	f := c.newFlags("recommend")
	asOf := f.String("as-of", "", "recommend from what was known on this day, YYYY-MM-DD (default today)")
	asJSON := f.Bool("json", false, "print one JSON object per account in an array")
	as := f.String("as", "", "recommend for the accounts this user may see (default: all)")
	n := f.Int("n", 10, "recommendations per account")
	whitespace := f.Bool("whitespace", false, "print the accounts × product families matrix instead")
	return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		day, err := parseAsOf(*asOf, time.Now())
		if err != nil {
			return fmt.Errorf("recommend: %v", err)
		}
		p, err := c.principalAs(st, *as)
		if err != nil {
			return fmt.Errorf("recommend: %s", cliMessage(err))
		}
		r, err := portfolio.NewRecommender(c.ctx, st, day)
		if err != nil {
			return fmt.Errorf("recommend: %s", cliMessage(err))
		}
		if *whitespace {
			return c.printWhitespace(st, r, p, *asJSON)
		}
		out := []portfolio.AccountAdvice{}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		if !*asJSON {
			fmt.Fprintf(tw, "ACCOUNT\tNEXT ORDER\tRECOMMENDED (as of %s)\n", day)
		}
		err = r.EachAdvice(c.ctx, st, p, *n, func(a portfolio.AccountAdvice) error {
			if *asJSON {
				out = append(out, a)
				return nil
			}
			next := a.NextOrder.Note
			if a.NextOrder.Enough {
				next = "around " + a.NextOrder.Date.String()
			}
			var names []string
			for _, rec := range a.Recommendations[:min(3, len(a.Recommendations))] {
				names = append(names, rec.Name+": "+rec.Reason)
			}
			fmt.Fprintf(tw, "%d %s\t%s\t%s\n", a.AccountID, a.Name, next, strings.Join(names, "; "))
			return nil
		})
		if err != nil {
			return fmt.Errorf("recommend: %s", cliMessage(err))
		}
		if *asJSON {
			return c.printJSON(out)
		}
		return tw.Flush()
	})
}

// segmentsCmd prints each account's health, classification, RFM segment
// and key-account standing.
func (c *cli) segmentsCmd(args []string) error {
	f := c.newFlags("segments")
	asOf := f.String("as-of", "", "classify from what was known on this day, YYYY-MM-DD (default today)")
	asJSON := f.Bool("json", false, "print one JSON object per account, with every score's parts")
	as := f.String("as", "", "classify the accounts this user may see (default: all)")
	return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		day, err := parseAsOf(*asOf, time.Now())
		if err != nil {
			return fmt.Errorf("segments: %v", err)
		}
		p, err := c.principalAs(st, *as)
		if err != nil {
			return fmt.Errorf("segments: %s", cliMessage(err))
		}
		cfg, err := portfolio.LoadConfig(c.ctx, st)
		if err != nil {
			return fmt.Errorf("segments: %s", cliMessage(err))
		}
		segs, err := portfolio.Segments(c.ctx, st, p, day, cfg)
		if err != nil {
			return fmt.Errorf("segments: %s", cliMessage(err))
		}
		if *asJSON {
			if segs == nil {
				segs = []portfolio.AccountSegment{}
			}
			return c.printJSON(segs)
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "ACCOUNT\tHEALTH\tQUADRANT\tRFM\tKEY ACCOUNT (as of %s)\n", day)
		for _, s := range segs {
			key := "no"
			if s.KeyAccount.Key {
				key = "yes"
			}
			fmt.Fprintf(tw, "%d %s\t%.0f %s\t%s\t%s\t%s\n", s.AccountID, s.Name, s.Health.Score, s.Health.Band,
				s.Classification.Label, s.RFM.Label, key)
		}
		return tw.Flush()
	})
}

// printWhitespace prints the accounts × families matrix: the revenue of each
// family an account buys, and "+" where most of its peers buy a family it
// does not (or its recommendations point there).
func (c *cli) printWhitespace(st *store.Store, r *portfolio.Recommender, p *kam.Principal, asJSON bool) error {
	m, err := r.Whitespace(c.ctx, st, p)
	if err != nil {
		return fmt.Errorf("recommend: %s", cliMessage(err))
	}
	if asJSON {
		return c.printJSON(m)
	}
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "ACCOUNT\t%s\t\n", strings.Join(m.Families, "\t"))
	for _, row := range m.Rows {
		cells := make([]string, len(row.Cells))
		for i, cell := range row.Cells {
			switch {
			case cell.Buys:
				cells[i] = cell.Revenue.FormatGrouped()
			case cell.Suggested:
				cells[i] = "+"
			default:
				cells[i] = "."
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t\n", row.AccountID, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "Revenue of each family an account buys; + a family most of its peers buy, or its recommendations point to; . neither.")
	return nil
}
