package browser_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The helpers below fail the test at once, naming what they were doing;
// queries read the page as it is instead of waiting for an element to
// appear, since kam's pages are whole when they load.

// visit loads path (such as "/accounts?q=x") of the kam server and returns
// the HTTP status of the page.
func visit(t *testing.T, ctx context.Context, path string) int64 {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(env.url+path))
	if err != nil {
		t.Fatalf("visit %s: %v", path, err)
	}
	return resp.Status
}

// open loads path of the kam server and fails the test unless the page
// answers 200 OK.
func open(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if status := visit(t, ctx, path); status != 200 {
		t.Fatalf("GET %s: status %d: %.300s", path, status, text(t, ctx, "body"))
	}
}

// follow clicks the first element matching the CSS selector sel (a link or
// a submit button) and waits for the page it leads to; it returns that
// page's HTTP status.
func follow(t *testing.T, ctx context.Context, sel string) int64 {
	t.Helper()
	mustFind(t, ctx, sel)
	return navigation(t, ctx, "click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// typeAndEnter types text into the field matching sel, presses Enter and
// waits for the page the form submits to; it returns its HTTP status.
func typeAndEnter(t *testing.T, ctx context.Context, sel, text string) int64 {
	t.Helper()
	mustFind(t, ctx, sel)
	if err := chromedp.Do(ctx, chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text)); err != nil {
		t.Fatalf("type into %s: %v", sel, err)
	}
	return navigation(t, ctx, "press Enter in "+sel, chromedp.SendKeys(chromedp.CSS(sel), "\r"))
}

func navigation(t *testing.T, ctx context.Context, what string, step chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, step)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return resp.Status
}

// click clicks the first element matching sel and does not wait for a
// page (use follow for links and forms).
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	mustFind(t, ctx, sel)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// press types keys into the focused element as a user's keyboard would:
// text, or "\t" (kb.Tab) and "\r" (Enter). Each key is one keyDown that
// carries its text, and a keyUp, as a real keyboard gives the page; a page
// that cancels the keydown (a shortcut) so keeps the character out of a
// field. (chromedp's KeyEvent sends the text in a separate char event,
// which a cancelled keydown does not stop.)
func press(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	for _, r := range keys {
		events := kb.Encode(r) // keyDown, char if printable, keyUp
		down, up := *events[0], *events[len(events)-1]
		if len(events) == 3 {
			down.Text, down.UnmodifiedText = events[1].Text, events[1].UnmodifiedText
		} else {
			down.Type = input.DispatchKeyEventTypeRawKeyDown
		}
		for _, ev := range []input.DispatchKeyEventParams{down, up} {
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, ev); err != nil {
				t.Fatalf("press %q: %v", keys, err)
			}
		}
	}
}

// eval evaluates a JavaScript expression in the page and returns its value
// as T (decoded from JSON).
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// count returns how many elements match the CSS selector sel.
func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return eval[int](t, ctx, `document.querySelectorAll(`+jsString(sel)+`).length`)
}

// mustFind fails the test, naming the page, when nothing matches sel.
func mustFind(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if count(t, ctx, sel) == 0 {
		t.Fatalf("%s has no %s", currentPath(t, ctx), sel)
	}
}

// text returns the text of the first element matching sel (its
// textContent: as written, whatever CSS does to its case or visibility),
// with runs of white space made one space.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	mustFind(t, ctx, sel)
	return strings.Join(strings.Fields(eval[string](t, ctx, `document.querySelector(`+jsString(sel)+`).textContent`)), " ")
}

// texts returns the text of every element matching sel, as text does.
func texts(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	all := eval[[]string](t, ctx, `Array.from(document.querySelectorAll(`+jsString(sel)+`), e => e.textContent)`)
	for i, s := range all {
		all[i] = strings.Join(strings.Fields(s), " ")
	}
	return all
}

// currentPath returns the path and query of the page, without the server.
func currentPath(t *testing.T, ctx context.Context) string {
	t.Helper()
	return strings.TrimPrefix(eval[string](t, ctx, `location.href`), env.url)
}

// login signs in as username (a demo user: am1…am8, kam1…kam3, director,
// viewer, admin) through the form, and checks the top bar then shows the
// user's name. On a sign-in page a redirect led to, it signs in there, so the
// browser goes on to the page first asked for; elsewhere it opens /login.
func login(t *testing.T, ctx context.Context, username string) {
	t.Helper()
	u, err := env.st.FindUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	// Stay on a sign-in page a redirect led to, for its "next".
	if !strings.HasPrefix(currentPath(t, ctx), "/login") {
		if status := visit(t, ctx, "/login"); status != 200 {
			t.Fatalf("GET /login: status %d", status)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword)); err != nil {
		t.Fatalf("fill in the sign-in form: %v", err)
	}
	if status := follow(t, ctx, `form[action="/login"] button[type=submit]`); status != 200 {
		t.Fatalf("sign in as %s: status %d at %s", username, status, currentPath(t, ctx))
	}
	if got := text(t, ctx, ".who-name"); got != u.DisplayName {
		t.Fatalf("signed in as %s, the top bar shows %q, want %q", username, got, u.DisplayName)
	}
}

// download clicks the link matching sel, waits for the browser to save the
// file it leads to, and returns the file's suggested name and its content.
func download(t *testing.T, ctx context.Context, sel string) (name string, content []byte) {
	t.Helper()
	dir := t.TempDir()
	_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior:         cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		DownloadPath:     dir,
		EventsEnabled:    new(true),
	})
	if err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	// Subscribe before the click, so that no event is missed.
	begun := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadProgress)
	click(t, ctx, sel)
	var guid string
	for ev, err := range begun {
		if err != nil {
			t.Fatalf("click %s: no download began: %v", sel, err)
		}
		guid, name = ev.GUID, ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download %s: %v", name, err)
		}
		if ev.GUID != guid {
			continue
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			t.Fatalf("download %s was cancelled", name)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			break
		}
	}
	content, err = os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		t.Fatalf("read the download: %v", err)
	}
	return name, content
}

// cookies returns the names of the cookies the tab of ctx holds for the server.
func cookies(t *testing.T, ctx context.Context) []string {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{env.url}})
	if err != nil {
		t.Fatalf("read cookies: %v", err)
	}
	var names []string
	for _, c := range res.Cookies {
		names = append(names, c.Name)
	}
	return names
}
