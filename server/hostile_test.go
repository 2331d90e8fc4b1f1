package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// hostileValues are what an attacker puts in a filter, sort or search:
// SQL that would widen or end the query, markup, and bytes no form sends.
var hostileValues = []string{
	`' OR '1'='1`,
	`1 OR 1=1`,
	`1; DROP TABLE accounts; --`,
	`%' UNION SELECT username, password_hash FROM users --`,
	`name DESC, (SELECT 1)`,
	`"><img src=x onerror=alert(1)>`,
	"\x00\xff\xfe",
	strings.Repeat("9", 40),
	`%_\`,
}

// TestHostileParameters sends each hostile value in every query parameter of
// every documented GET route: each answer is a 200 or a 400 in the API's
// error shape, never a 500; no answer shows another user's account; and
// the database is as it was.
func TestHostileParameters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		before, err := s.FindAccounts(ctx, kam.System(), kam.AccountFilter{Limit: 500})
		must(t, err)
		d := f.openAPI(t)
		ids := map[string]int64{"/api/v1/accounts/{id}": f.group.ID}
		sent := 0
		for _, o := range d.operations() {
			if o.method != "GET" || o.op["security"] != nil {
				continue
			}
			list := targets(o, ids)
			if len(list) == 0 {
				continue
			}
			for _, p := range parameters(o) {
				if p["in"] != "query" {
					continue
				}
				for _, v := range hostileValues {
					target := list[0] + sep(list[0]) + url.Values{p["name"].(string): {v}}.Encode()
					w := f.openAPICall(t, "GET", target, f.readToken)
					sent++
					if w.Code == 403 {
						continue // an administrators' route; its parameters are tried in the contract test
					}
					var b apiBody
					if w.Code != 200 {
						b = decode(t, w)
					}
					switch {
					case w.Code != 200 && w.Code != 400:
						t.Errorf("%s with %s=%q: %d %s", o, p["name"], v, w.Code, w.Body)
					case w.Code == 400 && (b.Error == nil || b.Error.Code != kam.EINVALID):
						t.Errorf("%s with %s=%q: a 400 not in the error shape: %s", o, p["name"], v, w.Body)
					case strings.Contains(w.Body.String(), f.other.Name):
						t.Errorf("%s with %s=%q shows am2's account: %.300s", o, p["name"], v, w.Body)
					}
				}
			}
		}
		if sent < 100 {
			t.Fatalf("only %d hostile requests were sent; the document lists too few parameters", sent)
		}
		after, err := s.FindAccounts(ctx, kam.System(), kam.AccountFilter{Limit: 500})
		must(t, err)
		if len(after.Accounts) != len(before.Accounts) {
			t.Errorf("%d accounts before the hostile requests, %d after", len(before.Accounts), len(after.Accounts))
		}
		if _, err := s.FindUserByUsername(ctx, "am1"); err != nil {
			t.Errorf("the users table after the hostile requests: %v", err)
		}
	})
}
