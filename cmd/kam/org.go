package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// org manages the org tree: global → region → country → territory.
func (c *cli) org(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("org: give a subcommand: add or list")
	}
	switch args[0] {
	case "add":
		return c.orgAdd(args[1:])
	case "list":
		return c.orgList(args[1:])
	}
	return fmt.Errorf("org: unknown subcommand %q; use add or list", args[0])
}

func (c *cli) orgAdd(args []string) error {
	f := c.newFlags("org add")
	kind := f.String("kind", "", "global, region, country or territory")
	parent := f.Int("parent", 0, "id of the unit above (see kam org list)")
	f.check = func() error {
		switch kam.OrgUnitKind(*kind) {
		case kam.OrgGlobal, kam.OrgRegion, kam.OrgCountry, kam.OrgTerritory:
			return nil
		}
		return fmt.Errorf("org add: --kind must be one of global, region, country, territory")
	}
	return f.run(args, 1, "exactly one name (quote it if it has spaces)", func(st *store.Store, pos []string) error {
		u := &kam.OrgUnit{Name: pos[0], Kind: kam.OrgUnitKind(*kind), ParentID: int64(*parent)}
		if err := st.CreateOrgUnit(kam.WithChannel(c.ctx, "cli"), kam.System(), u); err != nil {
			return fmt.Errorf("org add: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Added %s %q, id %d.\n", u.Kind, u.Name, u.ID)
		return nil
	})
}

func (c *cli) orgList(args []string) error {
	return c.newFlags("org list").run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		units, err := st.FindOrgUnits(c.ctx)
		if err != nil {
			return err
		}
		children := map[int64][]*kam.OrgUnit{}
		for _, u := range units {
			children[u.ParentID] = append(children[u.ParentID], u)
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tNAME")
		var walk func(parent int64, depth int)
		walk = func(parent int64, depth int) {
			for _, u := range children[parent] {
				fmt.Fprintf(tw, "%d\t%s\t%*s%s\n", u.ID, u.Kind, depth*2, "", u.Name)
				walk(u.ID, depth+1)
			}
		}
		walk(0, 0)
		return tw.Flush()
	})
}
