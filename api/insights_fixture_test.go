package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
)

// today is the fixture's clock: the insight routes' default as_of.
var today = kam.NewDate(2026, time.June, 30)

// portfolioFixture is a small recomputed portfolio behind the whole server:
// am1 owns a group that stopped buying in February (so that it raises flags)
// and its subsidiary; am2 owns an account am1 must not see.
type portfolioFixture struct {
	st                *store.Store
	h                 http.Handler
	group, sub, other *kam.Account
	// Tokens: am1's that may write, am1's read only, am2's, an admin's.
	am1, am1Read, am2, admin string
}

func newPortfolioFixture(t *testing.T, s *store.Store) *portfolioFixture {
	t.Helper()
	ctx, sys := context.Background(), kam.System()
	s.Now = func() time.Time { return today.Time().Add(12 * time.Hour) }
	f := &portfolioFixture{st: s}
	unit := &kam.OrgUnit{Kind: kam.OrgCountry, Name: "Nordics"}
	must(t, s.CreateOrgUnit(ctx, sys, unit))
	user := func(name string, role kam.Role) *kam.User {
		u := &kam.User{Username: name, DisplayName: name, Role: role, OrgUnitID: unit.ID}
		must(t, s.CreateUser(ctx, sys, u, "correct horse battery"))
		return u
	}
	am1, am2 := user("am1", kam.RoleAM), user("am2", kam.RoleAM)
	user("boss", kam.RoleAdmin)
	account := func(a *kam.Account, owner *kam.User) *kam.Account {
		a.OwnerID, a.OrgUnitID, a.Currency = owner.ID, unit.ID, "EUR"
		must(t, s.CreateAccount(ctx, sys, a))
		return a
	}
	f.group = account(&kam.Account{Name: "Nordic Foods Group", Tier: "key", ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C-10042"}}}, am1)
	f.sub = account(&kam.Account{Name: "Nordic Foods Sverige", Tier: "core", ParentID: f.group.ID}, am1)
	f.other = account(&kam.Account{Name: "Zeta Holdings", Tier: "key", ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C-20001"}}}, am2)
	must(t, s.Load(ctx, sys, func(l *store.Loader) error {
		var products []int64
		for _, p := range []*kam.Product{{SKU: "P-1", Name: "Pump", Family: "Pumps"}, {SKU: "P-2", Name: "Valve", Family: "Valves"}} {
			p.Currency, p.Active, p.ListPrice = "EUR", true, 100*kam.MoneyScale
			if err := l.Product(p); err != nil {
				return err
			}
			products = append(products, p.ID)
		}
		// Two years of monthly orders: the group's stop in February, the
		// others' go on.
		for m := range 24 {
			day := kam.NewDate(2024, time.July, 15).Time().AddDate(0, m, 0)
			for _, a := range []*kam.Account{f.group, f.sub, f.other} {
				if a == f.group && day.After(kam.NewDate(2026, time.February, 28).Time()) {
					continue
				}
				o := &kam.Order{AccountID: a.ID, OrderDate: kam.DateOf(day), Currency: "EUR",
					Lines: []*kam.OrderLine{{ProductID: products[0], Quantity: 100, UnitPrice: 100 * kam.MoneyScale}}}
				if a != f.group {
					o.Lines = append(o.Lines, &kam.OrderLine{ProductID: products[1], Quantity: 10, UnitPrice: 50 * kam.MoneyScale})
				}
				if err := l.Order(o); err != nil {
					return err
				}
			}
		}
		return l.Contact(&kam.Contact{AccountID: f.group.ID, FirstName: "Aino", LastName: "Virtanen", BuyingRole: kam.BuyingDecisionMaker, Strength: 4})
	}))
	if _, err := s.Recompute(ctx, today, portfolio.Compute(portfolio.Options{})); err != nil {
		t.Fatal(err)
	}
	token := func(user string, readOnly bool) string {
		_, secret, err := s.CreateToken(ctx, sys, user, "tests", readOnly, nil)
		must(t, err)
		return secret
	}
	f.am1, f.am1Read, f.am2, f.admin = token("am1", false), token("am1", true), token("am2", false), token("boss", false)
	f.h = server.New(server.Config{}, s, nil)
	return f
}

// response is a decoded API answer.
type response struct {
	status int
	Data   json.RawMessage
	Error  struct{ Code, Message, Field string }
}

// call sends a request with a token and, unless body is "", a JSON body.
func (f *portfolioFixture) call(t *testing.T, method, path, token, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, path, rd)
	r.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	res := response{status: w.Code}
	if w.Code != http.StatusNoContent {
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
			t.Fatalf("%s %s: %d, not JSON: %s", method, path, w.Code, w.Body)
		}
	}
	return res
}

// get fetches a route as token and decodes its data into v, failing on any
// status but 200.
func (f *portfolioFixture) get(t *testing.T, path, token string, v any) {
	t.Helper()
	res := f.call(t, "GET", path, token, "")
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d %+v", path, res.status, res.Error)
	}
	if err := json.Unmarshal(res.Data, v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, res.Data)
	}
}

// ref is the account reference every insight row carries.
type ref struct {
	AccountID   int64            `json:"account_id"`
	Name        string           `json:"account_name"`
	ExternalIDs []kam.ExternalID `json:"external_ids"`
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
