package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/export"
	"github.com/kamhq/kam/store"
)

func (c *cli) exportCmd(args []string) error {
	f := c.newFlags("export")
	format := f.String("format", "csv", "csv or xlsx")
	out := f.String("out", "", "file to write (default: standard output)")
	as := f.String("as", "", "export what this user may see (default: everything)")
	return f.run(args, 1, "the list to export: accounts, contacts, opportunities or orders", func(st *store.Store, pos []string) error {
		o := export.Options{Kind: pos[0], Format: *format}
		if err := o.Check(); err != nil {
			return fmt.Errorf("export: %s", cliMessage(err))
		}
		p, err := c.principalAs(st, *as)
		if err != nil {
			return fmt.Errorf("export: %s", cliMessage(err))
		}
		var w io.Writer = c.stdout
		var file *os.File
		if *out != "" {
			if file, err = os.Create(*out); err != nil {
				return fmt.Errorf("export: %v", err)
			}
			defer file.Close()
			w = file
		}
		bw := bufio.NewWriterSize(w, 256<<10)
		n, err := export.Write(c.ctx, st, p, o, bw)
		if err == nil {
			err = bw.Flush()
		}
		if err == nil && file != nil {
			err = file.Close()
		}
		if err != nil {
			return fmt.Errorf("export: %s", cliMessage(err))
		}
		if *out != "" {
			fmt.Fprintf(c.stderr, "Wrote %d rows of %s to %s.\n", n, o.Kind, *out)
		}
		return nil
	})
}

// principalAs is the principal a command acts as: the named user's, or the
// system's (everything) when username is empty.
func (c *cli) principalAs(st *store.Store, username string) (*kam.Principal, error) {
	if username == "" {
		return kam.System(), nil
	}
	u, err := st.FindUserByUsername(c.ctx, username)
	if err != nil {
		return nil, err
	}
	return st.PrincipalFor(c.ctx, u.ID)
}
