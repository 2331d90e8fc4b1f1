package browser_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAdminAddsUser: the administrator opens Admin from the top bar, adds a
// viewer through the form, sees them listed, and the new user signs in with
// the password the administrator chose.
func TestAdminAddsUser(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "admin")
	if status := follow(t, ctx, `nav.topnav a[href="/admin/users"]`); status != 200 {
		t.Fatalf("Admin: status %d", status)
	}
	if got := text(t, ctx, `nav.topnav a[aria-current="page"]`); got != "Admin" {
		t.Errorf("the top bar marks %q as current, want Admin", got)
	}
	before := count(t, ctx, "table.users tbody tr")
	if before == 0 {
		t.Fatal("the users page lists nobody")
	}

	// A username of its own, so that the test may run again on the same server.
	username := fmt.Sprintf("bea%d", time.Now().UnixNano()%1_000_000)
	for _, f := range []struct{ sel, text string }{
		{"#u-username", username}, {"#u-name", "Bea Browser"}, {"#u-email", username + "@example.com"}, {"#u-password", demoPassword},
	} {
		click(t, ctx, f.sel)
		press(t, ctx, f.text)
	}
	// Choose the viewer role and the Germany North territory as a user would.
	if !eval[bool](t, ctx, `(() => {
		const role = document.querySelector("#u-role"), unit = document.querySelector("#u-unit");
		role.value = "viewer";
		const o = Array.from(unit.options).find(o => o.textContent.trim() === "Germany North");
		if (!o) return false;
		unit.value = o.value;
		return true;
	})()`) {
		t.Fatal("the org unit select has no Germany North")
	}
	if status := follow(t, ctx, "#add-user button[type=submit]"); status != 200 {
		t.Fatalf("add user: status %d: %.300s", status, text(t, ctx, "main"))
	}
	if got := currentPath(t, ctx); !strings.HasPrefix(got, "/admin/users?done=created&user=") {
		t.Errorf("after adding, the browser is at %s", got)
	}
	if got, want := text(t, ctx, ".notice"), "Added Bea Browser ("+username+")."; !strings.Contains(got, want) {
		t.Errorf("the notice says %q, want %q", got, want)
	}
	if got := count(t, ctx, "table.users tbody tr"); got != before+1 {
		t.Errorf("%d users listed after adding one to %d", got, before)
	}
	if !slices.Contains(texts(t, ctx, "table.users td.username"), username) {
		t.Errorf("the list lacks %s", username)
	}
	cells := eval[[]string](t, ctx, `Array.from(Array.from(document.querySelectorAll("table.users tbody tr")).find(
		r => r.querySelector("td.username").textContent.trim() === `+jsString(username)+`).cells, c => c.textContent.trim())`)
	if want := []string{"Bea Browser", username, username + "@example.com", "Viewer", "Germany North", "Active"}; len(cells) < len(want) || !slices.Equal(cells[:len(want)], want) {
		t.Errorf("the new user's row: %q, want %q…", cells, want)
	}

	// The new user signs in, in a browser of their own.
	other := newPage(t)
	login(t, other, username)
	expectProblem(other, "status of 404")
	if status := visit(t, other, "/admin/users"); status != 404 {
		t.Errorf("the new viewer opens the users page: status %d", status)
	}
}
