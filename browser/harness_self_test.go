package browser_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestHarnessSeesPageProblems checks that the harness notices what it must
// fail pages for: a script the Content-Security-Policy refuses, an uncaught
// exception and a console error. A Chromium that reported them otherwise
// would make every other test blind to them.
func TestHarnessSeesPageProblems(t *testing.T) {
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/boom.js" {
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `console.error("oops"); throw new Error("boom");`)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>bad</title><script>window.inline = 1</script><script src="/boom.js"></script>`)
	}))
	// Closed after the page's own check (cleanups run last first): the
	// browser may still ask for the favicon once the test is done.
	t.Cleanup(bad.Close)
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(bad.URL)); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(problems(ctx), "\n")
	for _, want := range []string{"Content Security Policy", "boom", "oops"} {
		if !strings.Contains(got, want) {
			t.Errorf("the harness did not see %q; it saw:\n%s", want, got)
		}
	}
	if ran := eval[bool](t, ctx, `window.inline === 1`); ran {
		t.Error("the inline script ran despite the Content-Security-Policy")
	}
}
