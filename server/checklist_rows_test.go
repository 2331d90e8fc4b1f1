package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestChecklistFormRows: the checklist form offers 5 empty rows for new
// steps; a save that uses them all gives 5 more after the steps saved.
func TestChecklistFormRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		f.writeTokens(t)
		root := f.login(t, "root")
		rows := func(body string) int { return strings.Count(body, `name="step_title"`) }
		if n := rows(wantPage(t, f.do(t, "GET", "/checklists/new", cookie(root)), 200, "saving gives 5 more")); n != 5 {
			t.Errorf("a new checklist has %d rows; want 5", n)
		}
		var steps [][5]string
		for i := range 5 {
			steps = append(steps, [5]string{fmt.Sprintf("Step %d", i+1), "owner", "", fmt.Sprint(i), ""})
		}
		w := f.do(t, "POST", "/checklists", cookie(root), form(checklistForm("Five steps", "0", steps...)))
		if w.Code != 303 {
			t.Fatalf("save five steps: %d %s", w.Code, w.Body)
		}
		body := wantPage(t, f.do(t, "GET", w.Header().Get("Location"), cookie(root)), 200, "Checklist saved.", `value="Step 5"`)
		if n := rows(body); n != 10 {
			t.Errorf("after saving five steps the form has %d rows; want 10", n)
		}
	})
}
