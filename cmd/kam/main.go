// Command kam runs kam, the key account management system: the web app and
// API server, migrations, users and tokens, and demo data.
//
//	kam serve --db sqlite:kam.db --addr 127.0.0.1:8080 [--demo]
//	kam migrate
//	kam user add NAME --role ROLE   (password from standard input)
//	kam user passwd NAME            (password from standard input)
//	kam user list
//	kam org add NAME --kind KIND [--parent ID]
//	kam org list
//	kam token create|list|revoke ...
//	kam demo [--accounts N] [--seed N]
//	kam import KIND FILE... | kam import --profile NAME FILE...
//	kam export KIND [--format csv|xlsx] [--out FILE]
//	kam dedupe [--scan] | merge | dismiss | merges | undo
//	kam flags [--as-of DATE] [--json]
//	kam recompute
//	kam queue USER [--as-of DATE] [--json]
//	kam version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "kam:", err)
		}
		os.Exit(1)
	}
}

// errUsage marks an error whose message has already been printed with usage.
var errUsage = errors.New("usage")

const usage = `kam — key account management

Usage:
  kam serve   [--db DSN] [--addr HOST:PORT] [--demo]   run the web app and API
  kam migrate [--db DSN]                               apply pending schema migrations
  kam user add NAME --role ROLE [--name "Full Name"] [--email E] [--org-unit ID]
                                                       add a user; password from standard input
  kam user passwd NAME                                 set a password from standard input
  kam user list                                        list users
  kam org add NAME --kind KIND [--parent ID]           add an org unit (global, region, country, territory)
  kam org list                                         show the org tree with ids
  kam token create USER [--name N] [--read-only] [--expires 90d]
                                                       print a new API token (shown once)
  kam demo    [--accounts N] [--seed N]                load the demo portfolio into an empty database
  kam import  KIND FILE... [--map COLUMN=field]... [--source S] [--dry-run]
  kam import  --profile NAME FILE...                   import CSV, XLSX or Salesforce files (kinds: accounts,
                                                       contacts, products, orders, opportunities, users;
                                                       profiles: online-retail, maven-crm, salesforce)
  kam export  KIND [--format csv|xlsx] [--out FILE] [--as USER]
                                                       export accounts, contacts, opportunities or orders
  kam dedupe  [--scan]                                 list probable duplicate accounts
  kam dedupe  merge SURVIVOR_ID MERGED_ID | dismiss PAIR_ID | merges | undo MERGE_ID
  kam flags   [--as-of YYYY-MM-DD] [--json] [--as USER]
                                                       accounts whose buying dropped, spiked or is overdue, and why
  kam recompute [--as-of YYYY-MM-DD]                   compute and store every account's roll-up, health and flags
  kam queue   USER [--as-of YYYY-MM-DD] [--json] [--limit N]
                                                       whom USER should contact first, and why
  kam forecast [--as-of D] [--json] [--as USER] [--months 3]
                                                       next quarter's revenue per account, manager, org unit, total
  kam recommend [--as-of D] [--json] [--as USER] [--n 10]
                                                       what each account should buy next, and when it will order
  kam segments [--as-of D] [--json] [--as USER]        health, key-account matrix, RFM and key-account standing
  kam stage   ACCOUNT_ID STAGE [--as USER]             set an account's relational stage (pre_kam ... uncoupling_kam)
  kam config  get KEY | set KEY FILE                   read or change a setting (health_weights, classification,
                                                       key_account); FILE "-" reads standard input
  kam backtest --from D --to D [--step 30] [--json]    replay a period: accuracy of flags, forecasts, recommendations
  kam version                                          print the version

Every command takes --db (env KAM_DB, default sqlite:kam.db).
DSN is sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB.
Roles: admin, director, kam, am, viewer.
`

// run is kam's whole command line, callable from tests: args without the
// program name, env looks up environment variables.
func run(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	c := &cli{ctx: ctx, env: env, stdin: stdin, stdout: stdout, stderr: stderr}
	switch cmd {
	case "serve":
		return c.serve(rest)
	case "migrate":
		return c.migrate(rest)
	case "user":
		return c.user(rest)
	case "token":
		return c.token(rest)
	case "org":
		return c.org(rest)
	case "demo":
		return c.demo(rest)
	case "import":
		return c.importCmd(rest)
	case "export":
		return c.exportCmd(rest)
	case "dedupe":
		return c.dedupe(rest)
	case "flags":
		return c.flagsCmd(rest)
	case "recompute":
		return c.recompute(rest)
	case "queue":
		return c.queue(rest)
	case "forecast":
		return c.forecastCmd(rest)
	case "recommend":
		return c.recommendCmd(rest)
	case "segments":
		return c.segmentsCmd(rest)
	case "stage":
		return c.stageCmd(rest)
	case "config":
		return c.configCmd(rest)
	case "backtest":
		return c.backtestCmd(rest)
	case "openapi":
		return c.openapiCmd(rest)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "kam", version)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q; run 'kam help' for the list", cmd)
}

// cli carries the process's surroundings to each subcommand.
type cli struct {
	ctx    context.Context
	env    func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}
