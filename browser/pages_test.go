package browser_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/export"
)

func TestSignIn(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am1")
	if got := currentPath(t, ctx); got != "/" {
		t.Errorf("after signing in the browser is at %s, want /", got)
	}
	if got := texts(t, ctx, "nav.topnav a"); !slices.Contains(got, "Accounts") {
		t.Errorf("the top bar's links are %q, want one named Accounts", got)
	}
	if got := text(t, ctx, ".who-name"); got != "Jonas Weber" {
		t.Errorf("the top bar shows %q, want am1's name Jonas Weber", got)
	}

	// Signing out ends the session; a page asked for then is shown after
	// signing in again.
	follow(t, ctx, ".signout button")
	if got := currentPath(t, ctx); !strings.HasPrefix(got, "/login") {
		t.Errorf("signing out led to %s, want the sign-in page", got)
	}
	visit(t, ctx, "/accounts")
	if got := currentPath(t, ctx); !strings.HasPrefix(got, "/login") {
		t.Fatalf("signed out, /accounts led to %s, want the sign-in page", got)
	}
	login(t, ctx, "am1")
	if got := currentPath(t, ctx); got != "/accounts" {
		t.Errorf("after signing in from /accounts the browser is at %s, want /accounts", got)
	}
}

func TestSignInWrongPassword(t *testing.T) {
	ctx := newPage(t)
	// The refused sign-in answers 401, which the browser logs as a failed load.
	expectProblem(ctx, "status of 401")
	open(t, ctx, "/login")
	click(t, ctx, "#username")
	press(t, ctx, "am1")
	click(t, ctx, "#password")
	press(t, ctx, "not-the-password")
	if status := follow(t, ctx, "form button[type=submit]"); status != 401 {
		t.Errorf("a wrong password answered %d, want 401", status)
	}
	if got := text(t, ctx, ".alert[role=alert]"); got == "" {
		t.Error("a wrong password shows no error")
	}
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "password" {
		t.Errorf("after a wrong password the focus is on %q, want the password field", got)
	}
	if got := cookies(t, ctx); slices.Contains(got, "kam_session") {
		t.Errorf("a wrong password left a session cookie: %q", got)
	}
	if count(t, ctx, ".who-name") != 0 {
		t.Error("a wrong password shows a signed-in top bar")
	}
}

func TestAccountListSearchAndAccount(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "director")
	open(t, ctx, "/accounts")
	all := texts(t, ctx, "table.grid tbody td.name a")
	if len(all) < 10 {
		t.Fatalf("the director sees %d accounts, want the demo's", len(all))
	}
	// Search for the first word of an account's name.
	target := all[len(all)/2]
	word := strings.Fields(target)[0]
	if status := typeAndEnter(t, ctx, `form.filters input[name=q]`, word); status != 200 {
		t.Fatalf("search %q: status %d", word, status)
	}
	if got := currentPath(t, ctx); !strings.Contains(got, "q="+word) {
		t.Errorf("the search went to %s", got)
	}
	found := texts(t, ctx, "table.grid tbody td.name a")
	if !slices.Contains(found, target) || len(found) >= len(all) {
		t.Fatalf("search %q found %q, want %q among fewer than all %d", word, found, target, len(all))
	}
	for _, name := range found {
		if !strings.Contains(kam.SearchKey(name), kam.SearchKey(word)) {
			t.Errorf("search %q found %q", word, name)
		}
	}
	if got := eval[string](t, ctx, `document.querySelector("form.filters input[name=q]").value`); got != word {
		t.Errorf("the search box holds %q after the search, want %q", got, word)
	}
	follow(t, ctx, `table.grid tbody td.name a[href^="/accounts/"]`)
	if got := text(t, ctx, "main h1"); got != found[0] {
		t.Errorf("the account page's heading is %q, want %q", got, found[0])
	}
	if got := text(t, ctx, "section.health h2"); got != "Health" {
		t.Errorf("the health section's heading is %q", got)
	}
	if count(t, ctx, "section.health .health-score") == 0 {
		t.Errorf("the account page shows no health score: %q", text(t, ctx, "section.health"))
	}
}

func TestSlashFocusesGlobalSearch(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am1")
	open(t, ctx, "/accounts")
	if got := eval[string](t, ctx, `document.activeElement.id`); got == "global-search" {
		t.Fatal("the global search box has the focus before any key")
	}
	press(t, ctx, "/")
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "global-search" {
		t.Fatalf(`after "/" the focus is on %q, want the global search box`, got)
	}
	if got := eval[string](t, ctx, `document.activeElement.value`); got != "" {
		t.Errorf(`"/" was typed into the search box: %q`, got)
	}
	// In a field, "/" is only a character.
	click(t, ctx, `form.filters input[name=q]`)
	press(t, ctx, "a/b")
	if got := eval[string](t, ctx, `document.activeElement.name + "=" + document.activeElement.value`); got != "q=a/b" {
		t.Errorf(`typing "a/b" in the list's search box gave %q`, got)
	}
}

func TestAcknowledgeFlag(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "director")
	open(t, ctx, "/flags")
	unacknowledged := `tr[id^="flag-"]:has(input[name=state][value=acknowledged])`
	if count(t, ctx, unacknowledged) == 0 {
		t.Fatalf("no flag to acknowledge on /flags: %q", text(t, ctx, "main"))
	}
	id := eval[string](t, ctx, `document.querySelector(`+jsString(unacknowledged)+`).id`)
	row := "#" + id
	if status := follow(t, ctx, row+` form:has(input[value=acknowledged]) button`); status != 200 {
		t.Fatalf("acknowledge: status %d", status)
	}
	if got := currentPath(t, ctx); !strings.HasPrefix(got, "/flags") {
		t.Errorf("after acknowledging, the browser is at %s, want back on /flags", got)
	}
	if count(t, ctx, row) == 0 {
		t.Fatalf("the acknowledged flag %s is gone from the list", id)
	}
	if got := text(t, ctx, row+" .sub"); got != "Acknowledged" {
		t.Errorf("the acknowledged flag says %q, want Acknowledged", got)
	}
	if count(t, ctx, row+` input[value=acknowledged]`) != 0 {
		t.Error("the acknowledged flag still offers Acknowledge")
	}
	if count(t, ctx, row+` input[value=resolved]`) == 0 {
		t.Error("the acknowledged flag no longer offers Resolve")
	}
}

func TestExportAccountsCSV(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am1")
	open(t, ctx, "/accounts")
	if count(t, ctx, `a[rel=next]`) != 0 {
		t.Fatal("am1's accounts fill more than one page; the row count below needs them on one")
	}
	rows := count(t, ctx, "table.grid tbody tr")
	name, content := download(t, ctx, `.page-actions a[href*="format=csv"]`)
	if want := export.FileName("accounts", "csv", kam.DateOf(time.Now())); name != want {
		t.Errorf("the download is named %q, want %q", name, want)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(content, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("the download is no CSV: %v\n%s", err, content)
	}
	// The expected file: the same export, written directly for am1.
	p := principal(t, "am1")
	var want bytes.Buffer
	if _, err := export.Write(context.Background(), env.st, p, export.Options{Kind: "accounts", Format: "csv"}, &want); err != nil {
		t.Fatal(err)
	}
	wantRecords, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(want.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) == 0 || !slices.Equal(records[0], wantRecords[0]) {
		t.Fatalf("the header row is %q, want %q", records[0], wantRecords[0])
	}
	if got := len(records) - 1; got != rows || got != len(wantRecords)-1 {
		t.Errorf("the download has %d accounts; the page lists %d, the export gives %d", got, rows, len(wantRecords)-1)
	}
	if records[0][0] != "kam_id" || !slices.Contains(records[0], "name") {
		t.Errorf("the header row is %q, want kam_id first and a name column", records[0])
	}
}

// principal returns the principal of a demo user.
func principal(t *testing.T, username string) *kam.Principal {
	t.Helper()
	u, err := env.st.FindUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	p, err := env.st.PrincipalFor(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
