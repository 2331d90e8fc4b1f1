package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/api"
	"github.com/kamhq/kam/demo"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/webhook"
)

func (c *cli) serve(args []string) error {
	f := c.newFlags("serve")
	addr := f.String("addr", "127.0.0.1:8080", "address to listen on, HOST:PORT")
	withDemo := f.Bool("demo", false, "load the demo portfolio into an empty database")
	secure := f.Bool("secure-cookies", false, "mark cookies Secure (set when kam is behind TLS)")
	apiRate := f.Float64("api-rate", api.DefaultRateLimit.Rate, "API requests a second each token may make on average; 0 for no limit")
	apiBurst := f.Int("api-burst", api.DefaultRateLimit.Burst, "API requests a token may make at once, above its rate")
	if _, err := f.parse(args); errors.Is(err, errHelp) {
		return nil
	} else if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(c.stderr, nil))
	st, err := f.openStore(c.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if *withDemo {
		if err := c.loadDemoIfEmpty(st); err != nil {
			return err
		}
	}
	limit := api.RateLimit{Rate: *apiRate, Burst: *apiBurst}
	switch {
	case *apiRate == 0:
		limit.Rate = -1
	case *apiRate < 0 || *apiBurst < 1:
		return fmt.Errorf("serve: --api-rate must be 0 or more and --api-burst 1 or more")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: --addr %s: %v", *addr, err)
	}
	srv := &http.Server{
		Handler:           server.New(server.Config{SecureCookies: *secure, SessionPolicy: store.DefaultSessionPolicy, RateLimit: limit}, st, log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	// Webhook deliveries go out while kam serves; on shutdown the requests
	// in flight finish (within the dispatcher's timeout), and so does the
	// settling of roll-ups below, before the store closes.
	dispatchCtx, stopDispatch := context.WithCancel(c.ctx)
	dispatched := make(chan struct{})
	go func() {
		defer close(dispatched)
		webhook.New(st, log).Run(dispatchCtx)
	}()
	// Roll-ups queued by changes that committed just before a crash or a
	// stop are brought up to date while kam starts serving.
	settled := make(chan struct{})
	go func() {
		defer close(settled)
		if err := st.SettleRollups(dispatchCtx); err != nil && dispatchCtx.Err() == nil {
			log.Error("settle queued roll-ups", "err", err)
		}
	}()
	defer func() {
		stopDispatch()
		<-dispatched
		<-settled
	}()
	fmt.Fprintf(c.stdout, "kam %s listening on http://%s (database %s)\n", version, ln.Addr(), st.Dialect())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-c.ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadDemoIfEmpty loads the demo into a database with no users and no
// accounts; any other database is left alone, with a word on why.
func (c *cli) loadDemoIfEmpty(st *store.Store) error {
	page, err := st.FindAccounts(c.ctx, kam.System(), kam.AccountFilter{Limit: 1})
	if err != nil {
		return err
	}
	users, err := st.FindUsers(c.ctx, kam.System())
	if err != nil {
		return err
	}
	if len(page.Accounts) > 0 || len(users) > 0 {
		fmt.Fprintf(c.stdout, "The database already has users or accounts; the demo was not loaded. If it holds the demo, sign in as director or am1 with the password %q.\n",
			demo.DefaultPassword)
		return nil
	}
	return c.generateDemo(st, 0, 0)
}
