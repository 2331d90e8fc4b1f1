package server_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestApprovalRuleAPI: an administrator reads the default thresholds,
// changes them, and is refused thresholds out of order; an account
// manager may read them but not change them, and nothing changes.
func TestApprovalRuleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		admin := &kam.User{Username: "root", DisplayName: "Ada Admin", Role: kam.RoleAdmin}
		must(t, s.CreateUser(ctx, sys, admin, testPassword))
		_, adminToken, err := s.CreateToken(ctx, sys, "root", "rule", false, nil)
		must(t, err)
		_, amToken, err := s.CreateToken(ctx, sys, f.am1.Username, "rule", false, nil)
		must(t, err)
		call := func(token, method, body string) (int, kam.DiscountRule) {
			t.Helper()
			opts := []option{bearer(token)}
			if body != "" {
				opts = append(opts, jsonRequest(body))
			}
			w := f.do(t, method, "/api/v1/approvals/rule", opts...)
			var out struct{ Data kam.DiscountRule }
			if w.Code == 200 {
				must(t, json.Unmarshal(w.Body.Bytes(), &out))
			}
			return w.Code, out.Data
		}
		if code, rule := call(amToken, "GET", ""); code != 200 || rule != kam.DefaultDiscountRule() {
			t.Errorf("the default rule: %d %+v", code, rule)
		}
		if code, _ := call(amToken, "PUT", `{"manager_up_to_bp": 5000, "director_up_to_bp": 9000}`); code != 403 {
			t.Errorf("an account manager changes the rule: %d", code)
		}
		if code, _ := call(adminToken, "PUT", `{"manager_up_to_bp": 3000, "director_up_to_bp": 2000}`); code != 400 {
			t.Errorf("the director's threshold below the manager's: %d", code)
		}
		if code, _ := call(adminToken, "PUT", `{"manager_up_to_bp": 500, "director_up_to_bp": 2000, "ceo": 1}`); code != 400 {
			t.Errorf("an unknown field: %d", code)
		}
		if code, rule := call(adminToken, "GET", ""); code != 200 || rule != kam.DefaultDiscountRule() {
			t.Errorf("refused changes changed the rule: %+v", rule)
		}
		want := kam.DiscountRule{ManagerBP: 500, DirectorBP: 2000}
		if code, rule := call(adminToken, "PUT", `{"manager_up_to_bp": 500, "director_up_to_bp": 2000}`); code != 200 || rule != want {
			t.Errorf("set the rule: %d %+v", code, rule)
		}
		if rule, err := s.DiscountRule(ctx); err != nil || rule != want {
			t.Errorf("the rule stored: %+v, %v", rule, err)
		}
	})
}
