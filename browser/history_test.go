package browser_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/kamhq/kam"
)

// TestFieldHistory: an account manager edits an account's industry to a
// value holding markup, follows the facts' History link and finds the
// change as old → new, made by them on the web, the markup shown as text
// and run nowhere; the history downloads as CSV.
func TestFieldHistory(t *testing.T) {
	p := principal(t, "am2")
	var acc *kam.Account
	errFound := errors.New("found")
	err := env.st.EachAccount(context.Background(), p, kam.AccountFilter{OwnerID: p.UserID}, func(a *kam.Account) error {
		if a.Status != kam.StatusLost {
			acc = a
			return errFound
		}
		return nil
	})
	if acc == nil {
		t.Fatalf("am2 owns no account to edit: %v", err)
	}
	ctx := newPage(t)
	login(t, ctx, "am2")
	accountPath := fmt.Sprintf("/accounts/%d", acc.ID)
	open(t, ctx, accountPath)
	was := eval[string](t, ctx, `document.getElementById("f-industry").value`)
	click(t, ctx, "details.facts-edit summary")
	eval[bool](t, ctx, `(document.getElementById("f-industry").value = `+jsString(markup)+`) !== null`)
	if status := follow(t, ctx, ".facts-form button[type=submit]"); status != 200 {
		t.Fatalf("saving the facts: status %d", status)
	}

	follow(t, ctx, `#facts h2 a.h2-link`)
	if got, want := currentPath(t, ctx), accountPath+"/history"; got != want {
		t.Fatalf("the History link led to %s, want %s", got, want)
	}
	noMarkupRan(t, ctx)
	if got := text(t, ctx, "main h1"); got != "History of "+acc.Name {
		t.Errorf("the heading is %q", got)
	}
	// The newest change of the industry: who, through what, old and new, as text.
	row := eval[[]string](t, ctx, `(() => {
		const row = Array.from(document.querySelectorAll(".history-table tbody tr"))
			.find(r => r.cells[4].textContent.trim() === "Industry");
		return row ? [row.cells[1].textContent.trim(), row.cells[2].textContent.trim(),
			row.querySelector(".history-old").textContent, row.querySelector(".history-new").textContent] : [];
	})()`)
	if len(row) != 4 {
		t.Fatalf("no change of the industry on the history page: %q", text(t, ctx, "main"))
	}
	am2, err := env.st.FindUserByUsername(context.Background(), "am2")
	if err != nil {
		t.Fatal(err)
	}
	if who, through := row[0], row[1]; who != am2.DisplayName || through != "Web" {
		t.Errorf("the change was made by %q through %q, want %s on the web", who, through, am2.DisplayName)
	}
	if wantOld := cmp.Or(was, "empty"); row[2] != wantOld || row[3] != markup {
		t.Errorf("the change shows %q → %q, want %q → the markup as text", row[2], row[3], wantOld)
	}

	name, content := download(t, ctx, `a[href$="/history?format=csv"]`)
	if !strings.HasSuffix(name, "-history.csv") || !strings.Contains(string(content), "industry") {
		t.Errorf("the download %s: %.200s", name, content)
	}
}

// TestFieldHistoryAtPhoneWidth: the history of the account named with
// markup fits a phone's screen, its name shown as text.
func TestFieldHistoryAtPhoneWidth(t *testing.T) {
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	login(t, ctx, "am1")
	open(t, ctx, fmt.Sprintf("/accounts/%d/history", env.markup.ID))
	checkPhoneLayout(t, ctx)
	noMarkupRan(t, ctx)
	if got := text(t, ctx, "main h1"); got != "History of "+markup {
		t.Errorf("the heading is %q, want the markup as text", got)
	}
	if count(t, ctx, ".history-table tbody tr") == 0 {
		t.Errorf("the account's creation is not in its history")
	}
}
