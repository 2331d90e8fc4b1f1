package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestHandoverPage: a director hands a book over with the page's form; an
// account manager does not get the page; a refusal keeps what was typed.
func TestHandoverPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		must(t, s.CreateUser(ctx, kam.System(), &kam.User{Username: "dir", DisplayName: "Dana Director", Role: kam.RoleDirector,
			OrgUnitID: f.am1.OrgUnitID}, testPassword))
		dir, am := f.login(t, "dir"), f.login(t, "am1")
		if w := f.do(t, "GET", "/handover", cookie(am)); w.Code != http.StatusNotFound {
			t.Errorf("an account manager gets the hand-over page: %d", w.Code)
		}
		if list := f.do(t, "GET", "/accounts", cookie(am)).Body.String(); strings.Contains(list, "Hand over accounts") {
			t.Error("an account manager's account list offers the hand-over")
		}
		wantBody(t, f.do(t, "GET", fmt.Sprintf("/accounts?owner=%d", f.am1.ID), cookie(dir)).Body.String(),
			fmt.Sprintf(`href="/handover?from=%d">Hand over accounts`, f.am1.ID))
		page := f.do(t, "GET", fmt.Sprintf("/handover?from=%d", f.am1.ID), cookie(dir))
		wantBody(t, page.Body.String(), fmt.Sprintf(`<option value="%d" selected>Alex Morgan — %d accounts</option>`, f.am1.ID, f.am1Accounts),
			"Billie Chen (Account manager)")
		refused := f.do(t, "POST", "/handover", cookie(dir), form(url.Values{"from": {fmt.Sprint(f.am1.ID)}, "to": {fmt.Sprint(f.am2.ID)}, "reason": {""}}))
		if refused.Code != http.StatusBadRequest || !strings.Contains(refused.Body.String(), "Say why the accounts move") {
			t.Errorf("no reason: %d %s", refused.Code, refused.Body)
		}
		done := f.do(t, "POST", "/handover", cookie(dir), form(url.Values{"from": {fmt.Sprint(f.am1.ID)}, "to": {fmt.Sprint(f.am2.ID)},
			"reason": {"Alex moves to the Baltics team"}}))
		if done.Code != http.StatusSeeOther {
			t.Fatalf("hand over: %d %s", done.Code, done.Body)
		}
		after := f.do(t, "GET", done.Header().Get("Location"), cookie(dir))
		wantBody(t, after.Body.String(), fmt.Sprintf("%d accounts moved to Billie Chen", f.am1Accounts))
		if group, _ := s.FindAccountByID(ctx, kam.System(), f.group.ID); group.OwnerID != f.am2.ID {
			t.Errorf("the group's owner after the form: %d", group.OwnerID)
		}
	})
}
