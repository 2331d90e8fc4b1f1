package browser_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// page is what the harness keeps of one test's tab.
type page struct {
	mu       sync.Mutex
	problems []string // console errors, uncaught exceptions, CSP violations, in order
	expected []string // substrings of problems the test has said to expect
}

type pageKey struct{}

// pageOf returns the harness's record of the tab of ctx.
func pageOf(ctx context.Context) *page {
	p, _ := ctx.Value(pageKey{}).(*page)
	return p
}

// newPage opens a tab in a browser context of its own (its own cookies,
// storage and cache, like a private window) and returns a context for it that
// ends after pageTimeout. Run chromedp actions on it or use the helpers.
//
// The test fails if the tab logs a console error, an uncaught exception or
// a Content-Security-Policy violation (see expectProblem). When the test has
// failed, a full-page screenshot and the page's HTML are left in shotsDir.
// Without Chromium the test is skipped, or fails under KAM_BROWSER_REQUIRED=1.
func newPage(t *testing.T) context.Context {
	t.Helper()
	if env.browser == nil {
		if requireBrowser() {
			t.Fatalf("KAM_BROWSER_REQUIRED=1: %s", env.skip)
		}
		t.Skip(env.skip)
	}
	p := &page{}
	tabCtx, closeTab := chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(p.listen))
	t.Cleanup(closeTab)
	// The first Do opens the tab and ties it to tabCtx, so the deadline goes
	// on a child context made after it.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.WithValue(tabCtx, pageKey{}, p), pageTimeout)
	t.Cleanup(func() {
		cancel()
		// The test's own context may have run out; these steps get their own.
		end, cancel := context.WithTimeout(context.WithValue(tabCtx, pageKey{}, p), 10*time.Second)
		defer cancel()
		for _, problem := range problems(end) {
			t.Errorf("the page logged: %s", problem)
		}
		if t.Failed() {
			keepEvidence(t, end)
		}
	})
	return ctx
}

// listen records the problems among the tab's events. It runs in the
// tab's event loop, in the order the events arrive, so it must be quick.
func (p *page) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		problem = fmt.Sprintf("uncaught exception: %s (%s:%d)", text, d.URL, d.LineNumber+1)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		args := make([]string, len(ev.Args))
		for i, a := range ev.Args {
			args[i] = a.Description
			if len(a.Value) > 0 {
				args[i] = string(a.Value)
			}
		}
		problem = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
	case *log.EventEntryAdded:
		// The browser's own log: CSP violations (source security), failed
		// loads (network), refused scripts and styles.
		if ev.Entry.Level != log.EntryLevelError {
			return
		}
		problem = fmt.Sprintf("%s error: %s", ev.Entry.Source, ev.Entry.Text)
		if ev.Entry.URL != "" {
			problem += " (" + ev.Entry.URL + ")"
		}
	default:
		return
	}
	p.mu.Lock()
	p.problems = append(p.problems, problem)
	p.mu.Unlock()
}

// expectProblem tells the harness that the tab of ctx is meant to log a
// problem containing substr (a 401 page's failed load, say), so that it does
// not fail the test.
func expectProblem(ctx context.Context, substr string) {
	p := pageOf(ctx)
	p.mu.Lock()
	p.expected = append(p.expected, substr)
	p.mu.Unlock()
}

// problems returns what the tab of ctx has logged so far that no
// expectProblem covers, and forgets it.
func problems(ctx context.Context) []string {
	p := pageOf(ctx)
	// An event sent before the reply to a command reaches the listener
	// before the command returns: after this round trip, every problem the
	// page had so far is recorded.
	_ = chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`0`))
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, problem := range p.problems {
		expected := false
		for _, e := range p.expected {
			expected = expected || strings.Contains(problem, e)
		}
		if !expected {
			out = append(out, problem)
		}
	}
	p.problems = nil
	return out
}

// keepEvidence writes a full-page screenshot and the HTML of the tab of ctx
// to shotsDir, named after the test, and logs where.
func keepEvidence(t *testing.T, ctx context.Context) {
	t.Helper()
	dir := shotsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	base := filepath.Join(dir, fileName(t.Name()))
	url, _ := chromedp.Run(ctx, chromedp.Location())
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(base+".png", png, 0o644)
	}
	if err != nil {
		t.Logf("screenshot of %s: %v", url, err)
	} else {
		t.Logf("screenshot of %s: %s.png", url, base)
	}
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err == nil && os.WriteFile(base+".html", []byte(html), 0o644) == nil {
		t.Logf("its HTML: %s.html", base)
	}
}
