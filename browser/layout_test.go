package browser_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPhoneWidth looks at pages on a phone (390×844 CSS pixels): nothing
// may be wider than the screen, so that the page never scrolls sideways,
// and every link of the top bar must be on screen or scroll into it,
// uncovered.
func TestPhoneWidth(t *testing.T) {
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	login(t, ctx, "am1")
	open(t, ctx, "/accounts")
	checkPhoneLayout(t, ctx)
	// An account page with orders, contacts and charts: am1's first listed
	// account from the demo (the markup account, with no history, sorts first).
	path := eval[string](t, ctx, fmt.Sprintf(`Array.from(document.querySelectorAll("table.grid tbody td.name a"))
		.map(a => a.getAttribute("href")).find(h => h !== "/accounts/%d")`, env.markup.ID))
	open(t, ctx, path)
	checkPhoneLayout(t, ctx)
}

func checkPhoneLayout(t *testing.T, ctx context.Context) {
	t.Helper()
	path := currentPath(t, ctx)
	type overflow struct {
		ScrollWidth, ClientWidth int
		Widest                   []string // the elements reaching past the right edge
	}
	o := eval[overflow](t, ctx, `(() => {
		const root = document.documentElement, w = root.clientWidth;
		const widest = [];
		for (const e of document.querySelectorAll("body *")) {
			const r = e.getBoundingClientRect();
			if (r.right > w + 1 && widest.length < 8) {
				widest.push(e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") +
					" (right edge " + Math.round(r.right) + ")");
			}
		}
		return {ScrollWidth: root.scrollWidth, ClientWidth: w, Widest: widest};
	})()`)
	if o.ScrollWidth > o.ClientWidth+1 {
		t.Errorf("%s on a phone is %d px wide in a %d px screen; past the edge: %q", path, o.ScrollWidth, o.ClientWidth, o.Widest)
	}
	unreachable := eval[[]string](t, ctx, `(() => {
		const out = [];
		for (const e of document.querySelectorAll("nav.topnav a, #global-search, .signout button")) {
			e.scrollIntoView({block: "nearest", inline: "nearest"});
			const r = e.getBoundingClientRect();
			const x = r.left + r.width / 2, y = r.top + r.height / 2;
			const hit = document.elementFromPoint(x, y);
			const ok = r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= innerWidth + 1 &&
				r.top >= -1 && r.bottom <= innerHeight + 1 && hit && (hit === e || e.contains(hit));
			if (!ok) out.push((e.textContent.trim() || e.id || e.tagName) + " at " + [r.left, r.top, r.width, r.height].map(Math.round).join(","));
		}
		window.scrollTo(0, 0);
		return out;
	})()`)
	if len(unreachable) > 0 {
		t.Errorf("%s on a phone: these top-bar controls cannot be reached: %q", path, unreachable)
	}
}

// TestKeyboardSkipLink checks the first Tab stops of a page: the skip link
// first, visible when focused, then the brand and the main navigation; and
// that following the skip link puts the next Tab inside the page's content.
func TestKeyboardSkipLink(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am1")
	open(t, ctx, "/accounts")
	press(t, ctx, "\t")
	if got := focused(t, ctx); got.Text != "Skip to content" || got.Href != "#main" {
		t.Fatalf("the first Tab stop is %+v, want the skip link", got)
	}
	if got := focused(t, ctx); !got.OnScreen {
		t.Errorf("the focused skip link is not visible: %+v", got)
	}
	var stops []string
	for range 3 {
		press(t, ctx, "\t")
		f := focused(t, ctx)
		stops = append(stops, f.Text)
		if f.InNav {
			break
		}
	}
	if f := focused(t, ctx); !f.InNav || f.Text != "My day" {
		t.Errorf("after the skip link, Tab stops at %q; want the main navigation, starting with My day, within three stops", stops)
	}

	open(t, ctx, "/accounts")
	press(t, ctx, "\t")
	press(t, ctx, "\r")
	if got := eval[string](t, ctx, `location.hash`); got != "#main" {
		t.Errorf("Enter on the skip link went to %q, want #main", got)
	}
	press(t, ctx, "\t")
	if f := focused(t, ctx); !f.InMain {
		t.Errorf("after following the skip link, Tab goes to %+v, outside the main content", f)
	}
}

// focusInfo describes the element that has the keyboard focus.
type focusInfo struct {
	Tag, Text, Href         string
	InNav, InMain, OnScreen bool
}

func focused(t *testing.T, ctx context.Context) focusInfo {
	t.Helper()
	return eval[focusInfo](t, ctx, `(() => {
		const e = document.activeElement, r = e.getBoundingClientRect();
		return {Tag: e.tagName.toLowerCase(), Text: e.textContent.trim(), Href: e.getAttribute("href") || "",
			InNav: !!e.closest("nav.topnav"), InMain: !!e.closest("main"),
			OnScreen: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth};
	})()`)
}
