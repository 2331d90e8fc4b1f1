package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestPagesWithNothingToShow opens every page as a user with no accounts at
// all, and an account with a very long name, markup and no orders: each
// page renders whole, says there is nothing yet, and shows markup as text.
func TestPagesWithNothingToShow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		must(t, s.CreateUser(ctx, sys, &kam.User{Username: "newbie", DisplayName: "New <i>Hire</i>", Role: kam.RoleAM}, testPassword))
		newbie := f.login(t, "newbie")
		for _, path := range []string{"/", "/accounts", "/contacts", "/pipeline", "/forecasts", "/flags", "/search?q=nordic", "/capture",
			"/accounts?sort=revenue&desc=1", "/accounts?flag=any"} {
			t.Run("empty "+path, func(t *testing.T) {
				body := wantPage(t, f.do(t, "GET", path, cookie(newbie)), 200, "</html>", "New &lt;i&gt;Hire&lt;/i&gt;")
				for _, bad := range []string{"Nordic Foods", "NaN", "+Inf", "<i>Hire"} {
					if strings.Contains(body, bad) {
						t.Errorf("%s shows %q", path, bad)
					}
				}
			})
		}

		long := strings.Repeat("Überlange Maschinenbaugesellschaft ", 7) + `<img src=x onerror="alert(1)">`
		a := &kam.Account{Name: long, OwnerID: f.am1.ID, Currency: "EUR", Tier: "key"}
		must(t, s.CreateAccount(ctx, sys, a))
		am1 := f.login(t, "am1")
		for _, path := range []string{fmt.Sprintf("/accounts/%d", a.ID), "/accounts?q=maschinenbau", "/search?q=maschinenbau"} {
			t.Run("long name "+path, func(t *testing.T) {
				body := wantPage(t, f.do(t, "GET", path, cookie(am1)), 200, "Überlange Maschinenbaugesellschaft", "&lt;img src=x")
				if strings.Contains(body, "<img src=x") {
					t.Errorf("%s carries the markup unescaped", path)
				}
			})
		}
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/accounts/%d", a.ID), cookie(am1)), 200,
			"No orders yet.", "No opportunities open", "No contracts recorded.", "No invoices.", "No service cases.")
	})
}
