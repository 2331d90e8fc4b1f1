package browser_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
)

// TestMarkupStaysText follows am1 to the account whose every text field
// holds markup (env.markup): typed into the list's search box, listed, and
// on its own page, it must show as the characters it is, and nothing of it
// may run or load.
func TestMarkupStaysText(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am1")
	open(t, ctx, "/accounts")
	if status := typeAndEnter(t, ctx, `form.filters input[name=q]`, markup); status != 200 {
		t.Fatalf("search for the markup: status %d", status)
	}
	noMarkupRan(t, ctx)
	if got := eval[string](t, ctx, `document.querySelector("form.filters input[name=q]").value`); got != markup {
		t.Errorf("the search box holds %q after the search, want the markup as typed", got)
	}
	if got := texts(t, ctx, "table.grid tbody td.name a"); len(got) != 1 || got[0] != markup {
		t.Fatalf("the search found %q, want only the markup account, named as text", got)
	}

	follow(t, ctx, "table.grid tbody td.name a")
	if got, want := currentPath(t, ctx), fmt.Sprintf("/accounts/%d", env.markup.ID); got != want {
		t.Fatalf("the link led to %s, want %s", got, want)
	}
	noMarkupRan(t, ctx)
	if got := text(t, ctx, "main h1"); got != markup {
		t.Errorf("the account's heading is %q, want the markup as text", got)
	}
	if got := eval[string](t, ctx, `document.title`); !strings.HasPrefix(got, markup) {
		t.Errorf("the page title is %q, want it to start with the markup as text", got)
	}
	// The other fields: legal name, industry, the contact's name and title.
	if n := strings.Count(text(t, ctx, "main"), markup); n < 4 {
		t.Errorf("the markup shows as text %d times on the account page, want at least 4 (name, legal name, industry, contact)", n)
	}
}

// noMarkupRan fails the test if anything of the markup ran or became an
// element on the current page. Under kam's Content-Security-Policy inline
// script would not run even if it got in, so the page's elements are
// checked too (and the harness fails any page with a CSP violation).
func noMarkupRan(t *testing.T, ctx context.Context) {
	t.Helper()
	path := currentPath(t, ctx)
	if got := eval[string](t, ctx, `typeof window.__xss`); got != "undefined" {
		t.Errorf("%s: the markup's script ran (window.__xss is %s)", path, got)
	}
	if n := count(t, ctx, `img[src="x"], [onerror]`); n > 0 {
		t.Errorf("%s: the markup became %d element(s)", path, n)
	}
	if eval[bool](t, ctx, `Array.from(document.scripts).some(s => s.textContent.includes("__xss"))`) {
		t.Errorf("%s: the markup became a script element", path)
	}
}

// TestMarkupStaysTextInCases: a case whose subject and description hold
// markup shows as text on the cases list and on its own page.
func TestMarkupStaysTextInCases(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "am1")
	am1, err := env.st.FindUserByUsername(context.Background(), "am1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := env.st.PrincipalFor(context.Background(), am1.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := &kam.Case{AccountID: env.markup.ID, Kind: "complaint", Severity: "high", Subject: markup, Description: markup}
	if err := env.st.CreateCase(context.Background(), p, c); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/cases", fmt.Sprintf("/cases/%d", c.ID)} {
		open(t, ctx, path)
		noMarkupRan(t, ctx)
		if !strings.Contains(text(t, ctx, "main"), markup) {
			t.Errorf("%s does not show the markup as text", path)
		}
	}
}

// TestMarkupStaysTextOnAccountPages: markup in a token's name and in a
// user's display name shows as text on the user's own page and on the
// hand-over page's choices.
func TestMarkupStaysTextOnAccountPages(t *testing.T) {
	bg := context.Background()
	am1, err := env.st.FindUserByUsername(bg, "am1")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := env.st.CreateToken(bg, kam.System(), "am1", markup, true, nil); err != nil {
		t.Fatal(err)
	}
	odd := &kam.User{Username: "markup-am", DisplayName: markup, Role: kam.RoleAM, OrgUnitID: am1.OrgUnitID}
	if err := env.st.CreateUser(bg, kam.System(), odd, "correct horse battery staple"); err != nil {
		t.Fatal(err)
	}
	ctx := newPage(t)
	login(t, ctx, "am1")
	open(t, ctx, "/me")
	noMarkupRan(t, ctx)
	if !strings.Contains(text(t, ctx, "main"), markup) {
		t.Error("/me does not show the token's name as text")
	}

	ctx = newPage(t)
	login(t, ctx, "director")
	open(t, ctx, "/handover")
	noMarkupRan(t, ctx)
	if got := eval[string](t, ctx, `Array.from(document.querySelectorAll("#h-to option")).map(o => o.textContent).join("\n")`); !strings.Contains(got, markup) {
		t.Errorf("the hand-over's choices do not name the user as text:\n%s", got)
	}
}
