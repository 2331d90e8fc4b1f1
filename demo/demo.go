// Package demo fills an empty kam database with a realistic demo portfolio:
// an org tree and its users, a product catalog, and accounts with contacts,
// activities, three years of orders with invoices and payments,
// opportunities, contracts, cases, tasks and targets.
//
// The demo is deterministic: the same seed and the same day give the same
// database, apart from the wall-clock creation times of the rows that have no
// business date of their own. It is written through the store's bulk loader in
// transactions of a thousand accounts each, so that 200,000 accounts load with
// flat memory.
package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/password"
	"github.com/kamhq/kam/store"
)

// Options tune the demo. The zero value gives the default demo of today.
type Options struct {
	Seed     uint64    // default 1
	Accounts int       // default 300
	Today    time.Time // the demo's "now"; orders run up to it; default time.Now().UTC()
	Password string    // password of every demo user; default "kam-demo-2026"
	Progress io.Writer // optional: one short line per stage (may be nil)
}

// Login is a demo user to sign in as.
type Login struct {
	Username, Role, Name string
}

// Result says what the demo loaded and how to sign in.
type Result struct {
	Users    []Login
	Password string

	OrgUnits, Accounts, Contacts, Activities, Orders, OrderLines, Opportunities, Contracts, Cases int
}

// DefaultPassword is the password of every demo user unless Options say otherwise.
const DefaultPassword = "kam-demo-2026"

// currency is the currency of every demo amount.
const currency = "EUR"

// chunkAccounts is how many accounts, with all their records, one transaction
// loads: large enough that commits cost little, small enough that memory stays flat.
const chunkAccounts = 1000

// world is the state of one generation: the options, the loaded org and
// products, the portfolio layout and the running document numbers.
type world struct {
	opts                 Options
	seed                 uint64
	today, historyStart  kam.Date
	org                  *org
	products             []*product
	names                companyNamer
	profiles             []*profile
	orderSeq, invoiceSeq int
	paymentSeq, oppSeq   int
}

// Generate loads the demo into an empty, migrated store. A store that already
// holds users or accounts is refused, so that the demo never mixes with real
// data and its published password never opens a real database.
func Generate(ctx context.Context, st *store.Store, opts Options) (*Result, error) {
	opts, err := withDefaults(opts)
	if err != nil {
		return nil, err
	}
	page, err := st.FindAccounts(ctx, kam.System(), kam.AccountFilter{Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("check the database is empty: %w", err)
	}
	users, err := st.FindUsers(ctx, kam.System())
	if err != nil {
		return nil, fmt.Errorf("check the database is empty: %w", err)
	}
	if len(page.Accounts) > 0 || len(users) > 0 {
		// The demo's users share a published password: never add them to a
		// database someone already uses.
		return nil, kam.Errorf(kam.ECONFLICT, "The database already has users or accounts; the demo loads only into an empty database. Use a new database, e.g. --db sqlite:kam-demo.db.")
	}
	hash, err := password.Hash(opts.Password)
	if err != nil {
		return nil, fmt.Errorf("hash the demo password: %w", err)
	}
	today := kam.DateOf(opts.Today)
	w := &world{opts: opts, seed: opts.Seed, today: today, historyStart: kam.DateOf(today.Time().AddDate(-3, 0, 0)),
		names: companyNamer{used: map[string]bool{}}}
	res := &Result{Password: opts.Password}
	err = st.Load(ctx, kam.System(), func(l *store.Loader) error {
		if w.org, err = loadOrg(l, hash); err != nil {
			return err
		}
		w.products, err = loadCatalog(l, w)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load the demo organisation: %w", err)
	}
	for _, u := range w.org.users {
		res.Users = append(res.Users, Login{Username: u.Username, Role: string(u.Role), Name: u.DisplayName})
	}
	res.OrgUnits = len(w.org.all)
	w.progress("org tree of %d units, %d users, %d products", res.OrgUnits, len(res.Users), len(w.products))
	w.layout()
	if err := w.loadAccounts(ctx, st, res); err != nil {
		return nil, err
	}
	if err := w.makePlans(ctx, st); err != nil {
		return nil, err
	}
	if err := w.makeApprovals(ctx, st); err != nil {
		return nil, err
	}
	targets := w.targets()
	err = st.Load(ctx, kam.System(), func(l *store.Loader) error {
		for _, t := range targets {
			if err := l.Target(t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load the demo targets: %w", err)
	}
	w.progress("%d quarterly targets", len(targets))
	if err := w.makeTargets(ctx, st, targets); err != nil {
		return nil, err
	}
	if err := w.onboarding(ctx, st); err != nil {
		return nil, err
	}
	if err := w.cadence(ctx, st); err != nil {
		return nil, err
	}
	return res, nil
}

// withDefaults fills the options left at zero and checks the others.
func withDefaults(o Options) (Options, error) {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Accounts == 0 {
		o.Accounts = 300
	}
	if o.Accounts < 0 {
		return o, kam.FieldError("accounts", "The demo needs a positive number of accounts.")
	}
	if o.Today.IsZero() {
		o.Today = time.Now().UTC()
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if err := password.Check(o.Password); err != nil {
		return o, kam.FieldError("password", "Demo password: %v.", err)
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	return o, nil
}

// loadAccounts makes the accounts' records in one goroutine and loads them in
// this one, a chunk at a time, so that making the next chunk overlaps with
// writing the last. A failed chunk stops the demo; the chunks before it stay.
func (w *world) loadAccounts(ctx context.Context, st *store.Store, res *Result) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan []*bundle, 1)
	go func() {
		defer close(chunks)
		for start := 0; start < len(w.profiles); start += chunkAccounts {
			var chunk []*bundle
			for _, p := range w.profiles[start:min(len(w.profiles), start+chunkAccounts)] {
				chunk = append(chunk, w.makeBundle(p))
			}
			select {
			case chunks <- chunk:
			case <-ctx.Done():
				return
			}
		}
	}()
	loaded := 0
	for chunk := range chunks {
		err := st.Load(ctx, kam.System(), func(l *store.Loader) error {
			for _, b := range chunk {
				if err := writeBundle(l, b, res); err != nil {
					return fmt.Errorf("account %q: %w", b.account.Name, err)
				}
			}
			return nil
		})
		if err != nil {
			cancel()
			for range chunks {
			}
			return fmt.Errorf("load the demo accounts (%d of %d loaded; start again with an empty database): %w",
				loaded, len(w.profiles), err)
		}
		// Report every tenth of the way, so a large demo shows progress in a few lines.
		if done, all := loaded+len(chunk), len(w.profiles); done*10/all > loaded*10/all {
			w.progress("%d of %d accounts, %d orders with %d lines", res.Accounts, len(w.profiles), res.Orders, res.OrderLines)
		}
		loaded += len(chunk)
	}
	return nil
}

// progress writes one line about a finished stage.
func (w *world) progress(format string, args ...any) {
	fmt.Fprintf(w.opts.Progress, "demo: "+format+"\n", args...)
}
