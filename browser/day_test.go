package browser_test

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestMyDay reads an account manager's morning: whom to contact and why,
// what comes up, and the open flags; then dismisses one flag with a reason
// from there and is brought back to My day without it.
func TestMyDay(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am2")
	open(t, ctx, "/")
	if got := text(t, ctx, "h1"); !strings.HasPrefix(got, "Good ") {
		t.Errorf("My day's heading is %q, want a greeting", got)
	}
	queue := texts(t, ctx, ".queue-row .queue-name")
	if len(queue) == 0 {
		t.Fatal("My day lists nobody to contact for the demo's am2")
	}
	if n := count(t, ctx, ".queue-row:first-child .reasons li"); n == 0 {
		t.Error("the first account to contact gives no reason")
	}
	if n := count(t, ctx, ".upcoming-row"); n == 0 {
		t.Error("nothing comes up in the next 30 days for am2")
	}
	rows := `.day-flags tr[id^="flag-"]:has(details.dismiss)`
	if count(t, ctx, rows) == 0 {
		t.Fatal("My day shows no open flag am2 may dismiss")
	}
	id := eval[string](t, ctx, `document.querySelector(`+jsString(rows)+`).id`)
	click(t, ctx, "#"+id+" details.dismiss summary")
	click(t, ctx, "#"+id+" .dismiss-form input[name=reason]")
	press(t, ctx, "Customer moved the order to next year")
	if status := follow(t, ctx, "#"+id+" .dismiss-form button"); status != 200 {
		t.Fatalf("dismiss: status %d", status)
	}
	if got := currentPath(t, ctx); !strings.HasPrefix(got, "/?done=dismissed") {
		t.Errorf("after dismissing, the browser is at %s, want back on My day", got)
	}
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "dismissed") {
		t.Errorf("the notice says %q, want that the flag was dismissed", got)
	}
	if count(t, ctx, "#"+id) != 0 {
		t.Errorf("the dismissed flag %s is still on My day", id)
	}
}

// TestGlobalSearch opens the top bar's search with "/", types part of a
// contact's name and lands on the results, then opens the account.
func TestGlobalSearch(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am1")
	open(t, ctx, "/accounts")
	// The first plainly named account (the harness adds one named with markup).
	var account string
	for _, name := range texts(t, ctx, "table.grid tbody td.name a") {
		if name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			account = name
			break
		}
	}
	word := strings.Fields(account)[0]
	press(t, ctx, "/")
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "global-search" {
		t.Fatalf(`"/" focused %q, want the global search`, got)
	}
	press(t, ctx, word)
	if status := navigation(t, ctx, "search", chromedp.SendKeys(chromedp.CSS("#global-search"), "\r")); status != 200 {
		t.Fatalf("search: status %d", status)
	}
	if got := currentPath(t, ctx); got != "/search?q="+url.QueryEscape(word) {
		t.Errorf("the search went to %s", got)
	}
	if got := texts(t, ctx, "#hits-accounts ~ .table-wrap td.name a"); !slices.Contains(got, account) {
		t.Errorf("searching %q found accounts %q, want %q among them", word, got, account)
	}
	follow(t, ctx, "#hits-accounts ~ .table-wrap td.name a")
	if got := text(t, ctx, "h1"); got == "" || !strings.HasPrefix(currentPath(t, ctx), "/accounts/") {
		t.Errorf("the first hit opened %s titled %q", currentPath(t, ctx), got)
	}
}

// TestPortfolioSort sorts the account list by revenue with a click on its
// heading, largest first, and back with a second click.
func TestPortfolioSort(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "director")
	open(t, ctx, "/accounts")
	revenue := func() []float64 {
		var out []float64
		for _, cell := range texts(t, ctx, "table.portfolio-grid tbody td:nth-child(7)") {
			v, err := strconv.ParseFloat(strings.ReplaceAll(strings.Fields(cell)[0], ",", ""), 64)
			if err != nil {
				t.Fatalf("revenue cell %q: %v", cell, err)
			}
			out = append(out, v)
		}
		return out
	}
	follow(t, ctx, `th a.sort-link[href*="sort=revenue"]`)
	desc := revenue()
	if len(desc) < 10 || !slices.IsSortedFunc(desc, func(a, b float64) int { return cmp.Compare(b, a) }) {
		t.Errorf("after one click the revenues are %v, want largest first", desc)
	}
	if got := eval[string](t, ctx, `document.querySelector('th[aria-sort]').getAttribute('aria-sort')`); got != "descending" {
		t.Errorf("aria-sort is %q", got)
	}
	follow(t, ctx, `th a.sort-link[href*="sort=revenue"]`)
	if asc := revenue(); !slices.IsSorted(asc) {
		t.Errorf("after a second click the revenues are %v, want smallest first", asc)
	}
	if n := count(t, ctx, "svg.matrix .matrix-dot"); n == 0 {
		t.Error("the selection matrix plots no account")
	}
}
