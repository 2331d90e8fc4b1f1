package browser_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/demo"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
)

// env is the one server and the one browser that every test of the package
// shares; TestMain sets it up.
var env struct {
	url     string          // the kam server, http://127.0.0.1:PORT
	st      *store.Store    // its store, for setting up and checking records
	browser context.Context // a chromedp context whose browser is running
	skip    string          // why there is no browser, when there is none
	markup  *kam.Account    // am1's account whose text fields hold markup
}

// markup goes into every text field of env.markup: if a page ever renders
// it as HTML, a script runs or an image loads.
const markup = `<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">`

// demoPassword is every demo user's password.
const demoPassword = demo.DefaultPassword

// pageTimeout bounds one test's use of its page.
const pageTimeout = 30 * time.Second

// requireBrowser reports whether a missing or broken Chromium fails the
// tests instead of skipping them (CI sets it).
func requireBrowser() bool { return os.Getenv("KAM_BROWSER_REQUIRED") == "1" }

func TestMain(m *testing.M) {
	stop, err := setUp()
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

// setUp loads a small demo into a fresh SQLite store, serves it on loopback
// and starts Chromium. It leaves env.skip set, and returns no error, when
// there is no Chromium to start.
func setUp() (stop func(), err error) {
	var stops []func()
	stop = func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	chromium := findChromium()
	if chromium == "" {
		env.skip = "Chromium is not installed (apt-get install chromium)"
		return stop, nil
	}
	dir, err := os.MkdirTemp("", "kam-browser-")
	if err != nil {
		return stop, err
	}
	stops = append(stops, func() { os.RemoveAll(dir) })

	ctx := context.Background()
	start := time.Now()
	st, err := openDemo(ctx, filepath.Join(dir, "kam.db"))
	if err != nil {
		return stop, err
	}
	stops = append(stops, func() { st.Close() })
	env.st = st
	// Internal errors are worth seeing beside a failing test; the rest of
	// the request log is not.
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	srv := httptest.NewServer(server.New(server.Config{}, st, log))
	stops = append(stops, srv.Close)
	env.url = srv.URL
	demoTime := time.Since(start)

	start = time.Now()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	stops = append(stops, cancelAlloc, cancelBrowser)
	// The first Do starts the browser and ties it to browserCtx, so it must
	// not carry a deadline of its own: wait for it beside.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browserCtx) }()
	select {
	case err = <-started:
	case <-time.After(60 * time.Second):
		err = errors.New("no answer within a minute")
	}
	if err != nil {
		env.skip = fmt.Sprintf("Chromium (%s) did not start: %v", chromium, err)
		return stop, nil
	}
	env.browser = browserCtx
	fmt.Fprintf(os.Stderr, "browser tests: demo ready in %s, Chromium in %s\n",
		demoTime.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	return stop, nil
}

// findChromium returns the path of the browser to drive, or "" if there is none.
func findChromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// openDemo creates a store at path with 40 demo accounts, adds env.markup,
// and computes roll-ups, health, flags and classifications as `kam demo` does.
func openDemo(ctx context.Context, path string) (*store.Store, error) {
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*store.Store, error) { st.Close(); return nil, err }
	if _, err := st.Migrate(ctx); err != nil {
		return fail(err)
	}
	cfg, err := portfolio.LoadConfig(ctx, st)
	if err != nil {
		return fail(err)
	}
	st.Insights = portfolio.Compute(portfolio.Options{Health: &cfg.Health})
	if _, err := demo.Generate(ctx, st, demo.Options{Seed: 7, Accounts: 40}); err != nil {
		return fail(fmt.Errorf("demo: %w", err))
	}
	if err := addMarkupAccount(ctx, st); err != nil {
		return fail(fmt.Errorf("markup account: %w", err))
	}
	today := kam.DateOf(time.Now().UTC())
	if _, err := st.Recompute(ctx, today, st.Insights); err != nil {
		return fail(fmt.Errorf("recompute: %w", err))
	}
	if _, err := portfolio.RecordSegments(ctx, st, today, cfg); err != nil {
		return fail(fmt.Errorf("classify: %w", err))
	}
	return st, nil
}

// addMarkupAccount gives am1 an account with markup in its name and every
// other text field, with a contact, a call and a deal named the same way.
func addMarkupAccount(ctx context.Context, st *store.Store) error {
	am1, err := st.FindUserByUsername(ctx, "am1")
	if err != nil {
		return err
	}
	sys := kam.System()
	a := &kam.Account{Name: markup, LegalName: markup, Industry: markup, Segment: markup, TaxID: markup,
		Tier: "core", Status: kam.StatusActive, OwnerID: am1.ID, Currency: "EUR"}
	if err := st.CreateAccount(ctx, sys, a); err != nil {
		return err
	}
	env.markup = a
	return st.Load(ctx, sys, func(l *store.Loader) error {
		c := &kam.Contact{AccountID: a.ID, FirstName: markup, LastName: markup, Title: markup, Email: "x@markup.example"}
		if err := l.Contact(c); err != nil {
			return err
		}
		if err := l.Activity(&kam.Activity{AccountID: a.ID, Kind: kam.ActivityCall, OccurredAt: time.Now().Add(-time.Hour),
			UserID: am1.ID, ContactIDs: []int64{c.ID}, Subject: markup, Notes: markup, Outcome: markup, NextStep: markup}); err != nil {
			return err
		}
		return l.Opportunity(&kam.Opportunity{AccountID: a.ID, Name: markup, Kind: kam.OpportunityKinds[0], Stage: "proposal",
			Amount: kam.MustMoney("1000"), Currency: "EUR", Probability: 50, CloseDate: kam.DateOf(time.Now()).AddDays(30),
			OwnerID: am1.ID, Competitor: markup})
	})
}

// shotsDir is where failing tests leave their screenshots.
func shotsDir() string {
	if d := os.Getenv("KAM_BROWSER_SHOTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "kam-browser-shots")
}

// fileName turns a test's name into a file name.
func fileName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
}
