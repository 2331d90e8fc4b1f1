package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

const dedupeUsage = `kam dedupe [--scan] [--status open|merged|dismissed]   list probable duplicate accounts
kam dedupe merge SURVIVOR_ID MERGED_ID                 merge an account into another
kam dedupe dismiss PAIR_ID                             mark a pair as two companies
kam dedupe merges                                      list recent merges
kam dedupe undo MERGE_ID                               undo a merge`

func (c *cli) dedupe(args []string) error {
	sub := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "":
		return c.dedupeList(args)
	case "merge":
		f := c.newFlags("dedupe merge")
		return f.run(args, 2, "the surviving account's id and the id of the account to merge into it", func(st *store.Store, pos []string) error {
			ids, err := parseIDs(pos)
			if err != nil {
				return err
			}
			m, err := st.MergeAccounts(kam.WithChannel(c.ctx, "cli"), kam.System(), ids[0], ids[1])
			if err != nil {
				return fmt.Errorf("dedupe merge: %s", cliMessage(err))
			}
			fmt.Fprintf(c.stdout, "Merged account %d (%s) into %d as merge %d, moving %s. Undo with: kam dedupe undo %d\n",
				m.MergedID, m.MergedName, m.SurvivorID, m.ID, movedText(m.Moved), m.ID)
			return nil
		})
	case "dismiss":
		f := c.newFlags("dedupe dismiss")
		return f.run(args, 1, "the pair's id", func(st *store.Store, pos []string) error {
			ids, err := parseIDs(pos)
			if err != nil {
				return err
			}
			if err := st.DismissDuplicate(c.ctx, kam.System(), ids[0]); err != nil {
				return fmt.Errorf("dedupe dismiss: %s", cliMessage(err))
			}
			fmt.Fprintf(c.stdout, "Pair %d dismissed: the accounts stay apart.\n", ids[0])
			return nil
		})
	case "undo":
		f := c.newFlags("dedupe undo")
		return f.run(args, 1, "the merge's id", func(st *store.Store, pos []string) error {
			ids, err := parseIDs(pos)
			if err != nil {
				return err
			}
			m, err := st.UndoMerge(kam.WithChannel(c.ctx, "cli"), kam.System(), ids[0])
			if err != nil {
				return fmt.Errorf("dedupe undo: %s", cliMessage(err))
			}
			fmt.Fprintf(c.stdout, "Undid merge %d: account %d (%s) is back with what it had.\n", m.ID, m.MergedID, m.MergedName)
			return nil
		})
	case "merges":
		f := c.newFlags("dedupe merges")
		return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
			ms, err := st.FindMerges(c.ctx, kam.System(), 50)
			if err != nil {
				return fmt.Errorf("dedupe merges: %s", cliMessage(err))
			}
			tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "MERGE\tWHEN\tSURVIVOR\tMERGED\tMOVED\tUNDONE")
			for _, m := range ms {
				undone := ""
				if !m.UndoneAt.IsZero() {
					undone = m.UndoneAt.Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%d\t%s\t%d\t%d %s\t%s\t%s\n", m.ID, m.MergedAt.Format("2006-01-02 15:04"), m.SurvivorID, m.MergedID, m.MergedName, movedText(m.Moved), undone)
			}
			return tw.Flush()
		})
	}
	return fmt.Errorf("dedupe: unknown subcommand %q; usage:\n%s", sub, dedupeUsage)
}

func (c *cli) dedupeList(args []string) error {
	f := c.newFlags("dedupe")
	scan := f.Bool("scan", false, "first compare every account with its neighbours by name and queue new pairs")
	status := f.String("status", "open", "open, merged or dismissed")
	return f.run(args, 0, "no arguments (see kam help)", func(st *store.Store, _ []string) error {
		if *scan {
			n, err := st.ScanDuplicates(c.ctx, kam.System())
			if err != nil {
				return fmt.Errorf("dedupe: %s", cliMessage(err))
			}
			fmt.Fprintf(c.stdout, "Scanned every account: %s queued.\n", plural(n, "new pair", "new pairs"))
		}
		pairs, err := st.FindDuplicates(c.ctx, kam.System(), *status, 500)
		if err != nil {
			return fmt.Errorf("dedupe: %s", cliMessage(err))
		}
		if len(pairs) == 0 {
			fmt.Fprintf(c.stdout, "No %s duplicate pairs.\n", *status)
			return nil
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PAIR\tSCORE\tACCOUNT\tLOOKS LIKE\tWHY")
		for _, d := range pairs {
			fmt.Fprintf(tw, "%d\t%d\t%d %s\t%d %s\t%s\n", d.ID, d.Score, d.Account.ID, d.Account.Name, d.Candidate.ID, d.Candidate.Name, d.Reasons)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, "Merge with: kam dedupe merge SURVIVOR_ID MERGED_ID; keep apart with: kam dedupe dismiss PAIR")
		return nil
	})
}

func parseIDs(args []string) ([]int64, error) {
	out := make([]int64, len(args))
	for i, a := range args {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not an id", a)
		}
		out[i] = n
	}
	return out, nil
}

// movedText lists what a merge moved: "12 contacts, 40 orders".
func movedText(moved map[string]int) string {
	var parts []string
	for k, n := range moved {
		parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(k, "_", " ")))
	}
	slices.Sort(parts)
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// plural writes a count with its noun: "1 new pair", "3 new pairs".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
