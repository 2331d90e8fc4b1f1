package main

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

func (c *cli) migrate(args []string) error {
	return c.newFlags("migrate").run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		cur, _, err := st.SchemaVersion(c.ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "The %s database is at schema version %d.\n", st.Dialect(), cur)
		return nil
	})
}

func (c *cli) user(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("user: give a subcommand: add, passwd or list")
	}
	switch args[0] {
	case "add":
		return c.userAdd(args[1:])
	case "passwd":
		return c.userPasswd(args[1:])
	case "list":
		return c.userList(args[1:])
	}
	return fmt.Errorf("user: unknown subcommand %q; use add, passwd or list", args[0])
}

func (c *cli) userAdd(args []string) error {
	f := c.newFlags("user add")
	role := f.String("role", "", "admin, director, kam, am or viewer")
	name := f.String("name", "", "display name")
	email := f.String("email", "", "email address")
	unit := f.Int("org-unit", 0, "org unit id")
	f.check = func() error {
		if !kam.Role(*role).Valid() {
			return fmt.Errorf("user add: --role must be one of admin, director, kam, am, viewer")
		}
		return nil
	}
	return f.run(args, 1, "exactly one username", func(st *store.Store, pos []string) error {
		pw, err := c.readSecret("Password: ")
		if err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		u := &kam.User{Username: pos[0], DisplayName: *name, Email: *email, Role: kam.Role(*role), OrgUnitID: int64(*unit)}
		if err := st.CreateUser(kam.WithChannel(c.ctx, "cli"), kam.System(), u, pw); err != nil {
			return fmt.Errorf("user add: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Added user %s (%s), id %d.\n", u.Username, u.Role, u.ID)
		return nil
	})
}

func (c *cli) userPasswd(args []string) error {
	return c.newFlags("user passwd").run(args, 1, "exactly one username", func(st *store.Store, pos []string) error {
		pw, err := c.readSecret("New password: ")
		if err != nil {
			return fmt.Errorf("user passwd: %w", err)
		}
		if err := st.SetPassword(kam.WithChannel(c.ctx, "cli"), kam.System(), pos[0], pw); err != nil {
			return fmt.Errorf("user passwd: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Password of %s changed; their sessions have ended.\n", pos[0])
		return nil
	})
}

func (c *cli) userList(args []string) error {
	return c.newFlags("user list").run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		users, err := st.FindUsers(c.ctx, kam.System())
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tROLE\tNAME\tACTIVE")
		for _, u := range users {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%v\n", u.ID, u.Username, u.Role, u.DisplayName, u.Active)
		}
		return tw.Flush()
	})
}

func (c *cli) token(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("token: give a subcommand: create, list or revoke")
	}
	switch args[0] {
	case "create":
		return c.tokenCreate(args[1:])
	case "list":
		return c.tokenList(args[1:])
	case "revoke":
		return c.tokenRevoke(args[1:])
	}
	return fmt.Errorf("token: unknown subcommand %q; use create, list or revoke", args[0])
}

func (c *cli) tokenList(args []string) error {
	return c.newFlags("token list").run(args, 1, "exactly one username", func(st *store.Store, pos []string) error {
		tokens, err := st.FindTokens(c.ctx, kam.System(), pos[0])
		if err != nil {
			return fmt.Errorf("token list: %s", cliMessage(err))
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tACCESS\tCREATED\tEXPIRES\tLAST USED\tREVOKED")
		for _, t := range tokens {
			access := "read-write"
			if t.ReadOnly {
				access = "read-only"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, access, day(&t.CreatedAt), day(t.ExpiresAt), day(t.LastUsedAt), day(t.RevokedAt))
		}
		return tw.Flush()
	})
}

func (c *cli) tokenRevoke(args []string) error {
	return c.newFlags("token revoke").run(args, 1, "exactly one token id (see kam token list USER)", func(st *store.Store, pos []string) error {
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil {
			return fmt.Errorf("token revoke: %q is not a token id", pos[0])
		}
		if err := st.RevokeToken(kam.WithChannel(c.ctx, "cli"), kam.System(), id); err != nil {
			return fmt.Errorf("token revoke: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Token %d revoked.\n", id)
		return nil
	})
}

// day formats an optional time as its date, "-" when unset.
func day(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateOnly)
}

func (c *cli) tokenCreate(args []string) error {
	f := c.newFlags("token create")
	name := f.String("name", "", "what the token is for")
	readOnly := f.Bool("read-only", false, "the token may only read")
	expires := f.String("expires", "", "lifetime such as 90d or 12h (default: no expiry)")
	return f.run(args, 1, "exactly one username", func(st *store.Store, pos []string) error {
		var until *time.Time
		if *expires != "" {
			d, err := parseLifetime(*expires)
			if err != nil {
				return fmt.Errorf("token create: --expires %q: %v", *expires, err)
			}
			t := time.Now().UTC().Add(d)
			until = &t
		}
		_, secret, err := st.CreateToken(kam.WithChannel(c.ctx, "cli"), kam.System(), pos[0], *name, *readOnly, until)
		if err != nil {
			return fmt.Errorf("token create: %s", cliMessage(err))
		}
		fmt.Fprintln(c.stdout, secret)
		fmt.Fprintln(c.stderr, "This token is shown once; store it now. Use it as: Authorization: Bearer <token>")
		return nil
	})
}

// parseLifetime reads a duration that may be given in days ("90d").
func parseLifetime(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("use a whole number of days such as 90d")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("use a lifetime such as 90d or 12h")
	}
	return d, nil
}
