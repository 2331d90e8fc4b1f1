package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestMePage: a user sees their API tokens with their last use and revokes
// one; signing out everywhere ends the sessions of every browser.
func TestMePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		laptop, phone := f.login(t, "am1"), f.login(t, "am1")
		if w := f.do(t, "GET", "/api/v1/accounts?limit=1", bearer(f.readToken)); w.Code != 200 {
			t.Fatalf("use the token: %d", w.Code)
		}
		page := f.do(t, "GET", "/me", cookie(laptop))
		wantBody(t, page.Body.String(), "Alex Morgan", "reports", "read only", "Revoke")
		if strings.Contains(page.Body.String(), f.readToken) {
			t.Error("the page shows a token's secret")
		}
		tokens, err := s.FindTokens(ctx, kam.System(), "am1")
		must(t, err)
		if len(tokens) != 1 || tokens[0].LastUsedAt == nil || !strings.Contains(page.Body.String(), tokens[0].LastUsedAt.UTC().Format("2006-01-02 15:04")) {
			t.Errorf("the token's last use is not shown: %+v", tokens)
		}
		// Another user's token cannot be revoked from this page.
		_, other, err := s.CreateToken(ctx, kam.System(), "am2", "theirs", true, nil)
		must(t, err)
		theirs, err := s.FindTokens(ctx, kam.System(), "am2")
		must(t, err)
		if w := f.do(t, "POST", fmt.Sprintf("/me/tokens/%d/revoke", theirs[0].ID), cookie(laptop)); w.Code != http.StatusNotFound {
			t.Errorf("revoking another user's token: %d", w.Code)
		}
		if w := f.do(t, "GET", "/api/v1/accounts?limit=1", bearer(other)); w.Code != 200 {
			t.Errorf("the other user's token stopped working: %d", w.Code)
		}
		if w := f.do(t, "POST", fmt.Sprintf("/me/tokens/%d/revoke", tokens[0].ID), cookie(laptop)); w.Code != http.StatusSeeOther {
			t.Fatalf("revoke: %d %s", w.Code, w.Body)
		}
		if w := f.do(t, "GET", "/api/v1/accounts?limit=1", bearer(f.readToken)); w.Code != http.StatusUnauthorized {
			t.Errorf("a revoked token still works: %d", w.Code)
		}
		if w := f.do(t, "POST", "/logout/everywhere", cookie(phone)); w.Code != http.StatusSeeOther {
			t.Fatalf("sign out everywhere: %d", w.Code)
		}
		for name, c := range map[string]string{"laptop": laptop, "phone": phone} {
			if w := f.do(t, "GET", "/", cookie(c)); w.Code != http.StatusSeeOther {
				t.Errorf("the %s's session after signing out everywhere: %d", name, w.Code)
			}
		}
		if w := f.do(t, "GET", "/", cookie(f.login(t, "am2"))); w.Code != http.StatusOK {
			t.Errorf("another user's sessions ended too: %d", w.Code)
		}
	})
}
