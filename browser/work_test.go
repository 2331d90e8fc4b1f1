package browser_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLogACall logs a call from My day's first account to contact, with
// Enter in the text field, and finds it on the account's timeline.
func TestLogACall(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am3")
	open(t, ctx, "/")
	row := ".queue-row:has(.queue-log)"
	if count(t, ctx, row) == 0 {
		t.Fatal("My day offers no account to log a call on")
	}
	account := text(t, ctx, row+" .queue-name")
	href := eval[string](t, ctx, `document.querySelector(`+jsString(row+" .queue-name")+`).getAttribute("href")`)
	click(t, ctx, row+" .queue-log summary")
	subject := "Called about the Q1 volumes " + strings.Repeat("x", 3)
	if status := typeAndEnter(t, ctx, row+` input[name=subject]`, subject); status != 200 {
		t.Fatalf("saving the call: status %d", status)
	}
	if got := currentPath(t, ctx); !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "/capture") {
		t.Errorf("after saving, the browser is at %s, want back on My day", got)
	}
	open(t, ctx, href)
	if got := text(t, ctx, "h1"); got != account {
		t.Fatalf("opened %q, want %q", got, account)
	}
	first := text(t, ctx, ".timeline .tl-item:first-child")
	if !strings.Contains(first, "Call") || !strings.Contains(first, subject) {
		t.Errorf("the newest timeline entry is %q, want the call %q", first, subject)
	}
}

// TestMoveADeal moves a prospecting deal one stage on with its button, and
// back with the keyboard (← on the focused card), on the pipeline board;
// a reload shows where it is stored.
func TestMoveADeal(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am4")
	open(t, ctx, "/pipeline")
	card := `.stage-col[data-stage="prospecting"] li.deal:has(button[data-step="next"])`
	if count(t, ctx, card) == 0 {
		t.Fatal("am4 has no prospecting deal to move")
	}
	id := eval[string](t, ctx, `document.querySelector(`+jsString(card)+`).id`)
	// The script sends the form itself and moves the card in place.
	click(t, ctx, "#"+id+` button[data-step="next"]`)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`.stage-col[data-stage="qualification"] #`+id))); err != nil {
		t.Fatalf("after ▶ the deal did not move to qualification: %v", err)
	}
	// With the script, [ (or ←) on the focused card moves it back and the page
	// follows.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID(id))); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, "[")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`.stage-col[data-stage="prospecting"] #`+id))); err != nil {
		t.Fatalf("after ← the deal did not come back to prospecting: %v", err)
	}
	open(t, ctx, "/pipeline")
	if got := eval[string](t, ctx, `document.getElementById(`+jsString(id)+`).closest(".stage-col").dataset.stage`); got != "prospecting" {
		t.Errorf("reloaded, the deal is in %q, want prospecting", got)
	}
}
