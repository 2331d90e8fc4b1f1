package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// flags is a subcommand's flag set where every flag may also come from an
// environment variable (KAM_ plus the flag name in capitals, - as _). A flag
// given on the command line wins over the variable.
type flags struct {
	*flag.FlagSet
	c   *cli
	db  *string
	env map[string]string // flag name → variable name
	// check, if set, validates the flags before the database is opened.
	check func() error
}

func (c *cli) newFlags(name string) *flags {
	fs := flag.NewFlagSet("kam "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &flags{FlagSet: fs, c: c, env: map[string]string{}}
	f.db = f.String("db", "sqlite:kam.db", "database: sqlite:PATH or postgres://...")
	return f
}

// String defines a string flag with its environment variable.
func (f *flags) String(name, def, help string) *string {
	f.env[name] = envName(name)
	return f.FlagSet.String(name, def, help)
}

// Bool defines a boolean flag with its environment variable.
func (f *flags) Bool(name string, def bool, help string) *bool {
	f.env[name] = envName(name)
	return f.FlagSet.Bool(name, def, help)
}

// Int defines an integer flag with its environment variable.
func (f *flags) Int(name string, def int, help string) *int {
	f.env[name] = envName(name)
	return f.FlagSet.Int(name, def, help)
}

func envName(flagName string) string {
	return "KAM_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse reads flags and positional arguments in any order, then fills flags
// not given from the environment. Every error is one line naming the flag.
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.FlagSet.Parse(args); errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(f.c.stdout, "Usage of %s (every flag also reads KAM_<FLAG> from the environment):\n", f.Name())
			f.SetOutput(f.c.stdout)
			f.PrintDefaults()
			return nil, errHelp
		} else if err != nil {
			return nil, fmt.Errorf("%s: %v", f.Name(), err)
		}
		args = f.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	given := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for name, v := range f.env {
		if val := f.c.env(v); val != "" && !given[name] {
			if err := f.Set(name, val); err != nil {
				return nil, fmt.Errorf("%s: environment variable %s=%q: %v", f.Name(), v, val, err)
			}
		}
	}
	return pos, nil
}

// errHelp ends a command after its flags were printed for -h.
var errHelp = errors.New("help printed")

// run parses args, checks that there are exactly nargs positional arguments
// (any number when nargs < 0), opens the store and runs fn with it.
func (f *flags) run(args []string, nargs int, what string, fn func(st *store.Store, pos []string) error) error {
	pos, err := f.parse(args)
	if errors.Is(err, errHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if nargs >= 0 && len(pos) != nargs {
		return fmt.Errorf("%s: give %s", f.Name(), what)
	}
	if f.check != nil {
		if err := f.check(); err != nil {
			return err
		}
	}
	st, err := f.openStore(f.c.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st, pos)
}

// openStore opens and migrates the database named by --db.
func (f *flags) openStore(ctx context.Context) (*store.Store, error) {
	s, err := store.Open(ctx, *f.db)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	cfg, err := portfolio.LoadConfig(ctx, s)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.Insights = portfolio.Compute(portfolio.Options{Health: &cfg.Health})
	return s, nil
}

// readSecret reads one line from standard input: a password piped in by a
// script, or typed at the prompt.
func (c *cli) readSecret(prompt string) (string, error) {
	fmt.Fprint(c.stderr, prompt)
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password on standard input")
	}
	return line, nil
}

// cliMessage is what the terminal shows of an error: the user-facing message
// of a kam error, the whole chain of anything else (an operator needs it).
func cliMessage(err error) string {
	if kam.ErrorCode(err) == kam.EINTERNAL {
		return err.Error()
	}
	return kam.ErrorMessage(err)
}
