package browser_test

import (
	"os"
	"strings"
	"testing"
)

// TestCaseToResolution opens a case on an account from its page, moves it
// on from the case's page, is refused a resolution without the client's
// satisfaction, resolves it with one, and sees it leave the list of
// unresolved cases.
func TestCaseToResolution(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am3")
	// My day's accounts with a form to log a call are the user's to change.
	open(t, ctx, "/")
	follow(t, ctx, ".queue-row:has(.queue-log) .queue-name")
	account, accountPath := text(t, ctx, "h1"), currentPath(t, ctx)
	subject := "Leaking valve at the bottling line"
	click(t, ctx, "details.new-case summary")
	eval[bool](t, ctx, `(document.getElementById("nc-severity").value = "high") !== ""`)
	if status := typeAndEnter(t, ctx, "#nc-subject", subject); status != 200 {
		t.Fatalf("opening the case: status %d", status)
	}
	if got := text(t, ctx, "h1"); got != subject || !strings.HasPrefix(currentPath(t, ctx), "/cases/") {
		t.Fatalf("after opening, the page is %q at %s", got, currentPath(t, ctx))
	}
	if got := text(t, ctx, ".case-of"); !strings.Contains(got, account) {
		t.Errorf("the case is for %q, want %s", got, account)
	}
	if got := text(t, ctx, "p.notice"); got != "Case opened." {
		t.Errorf("notice %q", got)
	}
	if os.Getenv("KAM_BROWSER_SHOTS") != "" {
		keepEvidence(t, ctx)
	}
	page, _, _ := strings.Cut(currentPath(t, ctx), "?")

	setStatus := func(status, satisfaction string) int64 {
		t.Helper()
		eval[bool](t, ctx, `(document.getElementById("c-status").value = `+jsString(status)+`,
			document.getElementById("c-satisfaction").value = `+jsString(satisfaction)+`) !== null`)
		return follow(t, ctx, `.case-form button[type=submit]`)
	}
	if status := setStatus("in_progress", ""); status != 200 || text(t, ctx, "#case-status") != "In progress" {
		t.Fatalf("in progress: status %d, shows %q", status, text(t, ctx, "#case-status"))
	}
	expectProblem(ctx, "status of 400")
	if status := setStatus("resolved", ""); status != 400 || !strings.Contains(text(t, ctx, "p.alert"), "satisfaction") {
		t.Fatalf("resolved without satisfaction: status %d, %q", status, text(t, ctx, "body"))
	}
	if status := setStatus("resolved", "4"); status != 200 {
		t.Fatalf("resolve: status %d: %.300s", status, text(t, ctx, "body"))
	}
	if got, sat := text(t, ctx, "#case-status"), text(t, ctx, "#case-satisfaction"); got != "Resolved" || sat != "4 of 5" {
		t.Errorf("resolved case shows %q, satisfaction %q", got, sat)
	}

	open(t, ctx, "/cases")
	if count(t, ctx, `.case-list a[href="`+page+`"]`) != 0 {
		t.Errorf("the resolved case is still on the list of unresolved cases")
	}
	// The account page lists it among its cases, as done.
	open(t, ctx, accountPath)
	if count(t, ctx, `#cases tr.gone a[href="`+page+`"]`) != 1 {
		t.Errorf("the account page does not show the case as resolved")
	}
}
