package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
)

const password = "correct horse battery"

// site is a small portfolio behind the whole server. am1 owns target (whose
// name holds markup; it buys the sensor every month for two years), empty
// (nothing bought) and returns (one credit note); am2 owns three peers that
// buy the sensor and the valve together, so the valve is what to offer the
// target. viewer sees every account of the org unit but may change nothing;
// am3 has no accounts.
type site struct {
	st                      *store.Store
	h                       http.Handler
	target, empty, returns  *kam.Account
	sessions                map[string]string
	sensor, valve, softener *kam.Product
}

func newSite(t *testing.T, s *store.Store) *site {
	t.Helper()
	ctx, sys := context.Background(), kam.System()
	x := &site{st: s, sessions: map[string]string{}}
	unit := &kam.OrgUnit{Kind: kam.OrgCountry, Name: "Nordics"}
	must(t, s.CreateOrgUnit(ctx, sys, unit))
	users := map[string]*kam.User{}
	for name, role := range map[string]kam.Role{"am1": kam.RoleAM, "am2": kam.RoleAM, "am3": kam.RoleAM, "viewer": kam.RoleViewer} {
		u := &kam.User{Username: name, DisplayName: strings.ToUpper(name), Role: role, OrgUnitID: unit.ID}
		must(t, s.CreateUser(ctx, sys, u, password))
		users[name] = u
	}
	today := kam.DateOf(s.Now())
	must(t, s.Load(ctx, sys, func(l *store.Loader) error {
		x.sensor = &kam.Product{SKU: "SEN-1", Name: "Pressure <sensor>", Family: "Sensors", ListPrice: kam.MustMoney("100"), Currency: "EUR", Active: true}
		x.valve = &kam.Product{SKU: "VAL-2", Name: "Ball valve", Family: "Valves", ListPrice: kam.MustMoney("50"), Currency: "EUR", Active: true}
		x.softener = &kam.Product{SKU: "SOF-3", Name: "Water softener", Currency: "EUR", Active: true}
		for _, p := range []*kam.Product{x.sensor, x.valve, x.softener} {
			if err := l.Product(p); err != nil {
				return err
			}
		}
		account := func(name string, owner *kam.User) (*kam.Account, error) {
			a := &kam.Account{Name: name, OwnerID: owner.ID, Currency: "EUR", Tier: "core"}
			return a, l.Account(a)
		}
		order := func(a *kam.Account, day kam.Date, lines ...*kam.OrderLine) error {
			return l.Order(&kam.Order{AccountID: a.ID, OrderDate: day, Currency: "EUR", Lines: lines})
		}
		var err error
		if x.target, err = account("Nordic <b>Foods</b>", users["am1"]); err != nil {
			return err
		}
		for m := range 24 {
			line := &kam.OrderLine{ProductID: x.sensor.ID, Quantity: int64(10 + m%3), UnitPrice: kam.MustMoney("90")}
			if err := order(x.target, today.AddDays(-5-30*m), line); err != nil {
				return err
			}
		}
		if x.empty, err = account("Empty Trading", users["am1"]); err != nil {
			return err
		}
		if x.returns, err = account("Returns Only", users["am1"]); err != nil {
			return err
		}
		if err := l.Order(&kam.Order{AccountID: x.returns.ID, Kind: kam.OrderCreditNote, OrderDate: today.AddDays(-20), Currency: "EUR",
			Lines: []*kam.OrderLine{{ProductID: x.valve.ID, Quantity: -4, UnitPrice: kam.MustMoney("50")}}}); err != nil {
			return err
		}
		for i := range 3 {
			peer, err := account(fmt.Sprintf("Peer %d", i), users["am2"])
			if err != nil {
				return err
			}
			for m := range 4 {
				if err := order(peer, today.AddDays(-10-40*m),
					&kam.OrderLine{ProductID: x.sensor.ID, Quantity: 5, UnitPrice: kam.MustMoney("95")},
					&kam.OrderLine{ProductID: x.valve.ID, Quantity: 8, UnitPrice: kam.MustMoney("45")}); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	x.h = server.New(server.Config{}, s, nil)
	for name := range users {
		x.sessions[name] = x.login(t, name)
	}
	return x
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// login signs in through the form and returns the session token.
func (x *site) login(t *testing.T, user string) string {
	t.Helper()
	w := x.send("", "POST", "/login", url.Values{"username": {user}, "password": {password}})
	for _, c := range w.Result().Cookies() {
		if c.Name == "kam_session" && c.Value != "" {
			return c.Value
		}
	}
	t.Fatalf("sign in as %s: status %d", user, w.Code)
	return ""
}

// send sends a request as a user ("" for none), a form as a same-origin
// browser POST does.
func (x *site) send(user, method, path string, form url.Values) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, path, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if user != "" {
		r.AddCookie(&http.Cookie{Name: "kam_session", Value: x.sessions[user]})
	}
	w := httptest.NewRecorder()
	x.h.ServeHTTP(w, r)
	return w
}

// crossSite posts a form as a page of another site would, with the user's
// cookie.
func (x *site) crossSite(user, path string, form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	r.AddCookie(&http.Cookie{Name: "kam_session", Value: x.sessions[user]})
	w := httptest.NewRecorder()
	x.h.ServeHTTP(w, r)
	return w
}

// page GETs a path as a user and checks the status and what the body holds
// and does not.
func (x *site) page(t *testing.T, user, path string, status int, want, notWant []string) string {
	t.Helper()
	w := x.send(user, "GET", path, nil)
	checkBody(t, path, w, status, want, notWant)
	return w.Body.String()
}

func checkBody(t *testing.T, what string, w *httptest.ResponseRecorder, status int, want, notWant []string) {
	t.Helper()
	body := w.Body.String()
	if w.Code != status {
		t.Errorf("%s: status %d, want %d", what, w.Code, status)
	}
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("%s: body lacks %q", what, s)
		}
	}
	for _, s := range notWant {
		if strings.Contains(body, s) {
			t.Errorf("%s: body has %q", what, s)
		}
	}
	if t.Failed() && testing.Verbose() {
		t.Log(body)
	}
}

// recompute stores every account's roll-up, health and flags as of today.
func (x *site) recompute(t *testing.T) {
	t.Helper()
	_, err := x.st.Recompute(context.Background(), kam.DateOf(x.st.Now()), portfolio.Compute(portfolio.Options{}))
	must(t, err)
}

// raise stores one flag on an account, as a recompute does.
func (x *site) raise(t *testing.T, a *kam.Account, f insight.Flag) *kam.AccountFlag {
	t.Helper()
	ctx := context.Background()
	_, _, err := x.st.SyncFlags(ctx, a.ID, []insight.Flag{f})
	must(t, err)
	flags, err := x.st.FindAccountFlags(ctx, kam.System(), a.ID)
	must(t, err)
	for _, fl := range flags {
		if fl.Kind == string(f.Kind) {
			return fl
		}
	}
	t.Fatalf("flag %s not stored", f.Kind)
	return nil
}

// flagState returns a flag's state, with its reason.
func (x *site) flagState(t *testing.T, id int64) (state, reason string) {
	t.Helper()
	for _, st := range kam.FlagStates {
		flags, err := x.st.FindFlags(context.Background(), kam.System(), st)
		must(t, err)
		for _, f := range flags {
			if f.ID == id {
				return f.State, f.Reason
			}
		}
	}
	t.Fatalf("flag %d not found", id)
	return "", ""
}
