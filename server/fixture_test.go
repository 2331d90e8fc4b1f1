package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/api"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
)

const testPassword = "correct horse battery"

// fixture is a small portfolio behind a server: two account managers, each
// with their own accounts, one of them with contacts, orders and a child.
type fixture struct {
	st  *store.Store
	h   http.Handler
	log *bytes.Buffer // everything the server logged

	am1, am2 *kam.User
	// am1 owns group (with contacts, orders and the child sub), markup (named
	// with HTML) and filler accounts; am2 owns other.
	group, sub, markup, other *kam.Account
	am1Accounts               int
	// readToken is a read-only API token of am1.
	readToken string
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	sys := kam.System()
	f := &fixture{st: s, log: &bytes.Buffer{}}
	unit := &kam.OrgUnit{Kind: kam.OrgCountry, Name: "Nordics"}
	must(t, s.CreateOrgUnit(ctx, sys, unit))
	user := func(name, display string) *kam.User {
		u := &kam.User{Username: name, DisplayName: display, Role: kam.RoleAM, OrgUnitID: unit.ID}
		must(t, s.CreateUser(ctx, sys, u, testPassword))
		return u
	}
	f.am1 = user("am1", "Alex Morgan")
	f.am2 = user("am2", "Billie Chen")
	account := func(a *kam.Account, owner *kam.User) *kam.Account {
		a.OwnerID, a.Currency = owner.ID, "EUR"
		must(t, s.CreateAccount(ctx, sys, a))
		if owner == f.am1 {
			f.am1Accounts++
		}
		return a
	}
	f.group = account(&kam.Account{Name: "Nordic Foods Group", Tier: "key", Country: "FI", Industry: "Food",
		ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C-10042"}}, Domains: []string{"nordicfoods.example"}}, f.am1)
	f.sub = account(&kam.Account{Name: "Nordic Foods Sverige", Tier: "core", Country: "SE", ParentID: f.group.ID}, f.am1)
	f.markup = account(&kam.Account{Name: "<script>alert(1)</script>", Tier: "standard", Status: kam.StatusProspect}, f.am1)
	for _, name := range []string{"Hansa Retail", "Île Distribution", "Baltic Logistics"} {
		account(&kam.Account{Name: name, Tier: "core", Country: "DE"}, f.am1)
	}
	f.other = account(&kam.Account{Name: "Zeta Secret Holdings", Tier: "key", Country: "DE",
		ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C-20001"}}}, f.am2)

	today := kam.DateOf(time.Now())
	must(t, s.Load(ctx, sys, func(l *store.Loader) error {
		for _, c := range []*kam.Contact{
			{FirstName: "Aino", LastName: "Virtanen", Title: "Chief Procurement Officer", BuyingRole: kam.BuyingDecisionMaker, Strength: 4},
			{FirstName: "Jonas", LastName: "Berg<b>", Title: "Buyer", BuyingRole: kam.BuyingUser, Strength: 2, LeftCompany: true},
		} {
			c.AccountID = f.group.ID
			if err := l.Contact(c); err != nil {
				return err
			}
		}
		for i, ext := range []string{"SO-1001", "SO-1002"} {
			o := &kam.Order{AccountID: f.group.ID, OrderDate: today.AddDays(-10 * (i + 1)), Currency: "EUR", ExternalID: ext,
				Lines: []*kam.OrderLine{{Quantity: 1000, UnitPrice: kam.MustMoney("12.5")}}}
			if err := l.Order(o); err != nil {
				return err
			}
		}
		return nil
	}))
	_, secret, err := s.CreateToken(ctx, sys, "am1", "reports", true, nil)
	must(t, err)
	f.readToken = secret
	log := slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// Tests send many requests with a token; the rate limit has its own test.
	f.h = server.New(server.Config{RateLimit: api.RateLimit{Rate: -1}}, s, log)
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// option changes a test request.
type option func(*http.Request)

// form sends an urlencoded body.
func form(v url.Values) option {
	return func(r *http.Request) {
		body := v.Encode()
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
}

// cookie sends a session cookie.
func cookie(token string) option {
	return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "kam_session", Value: token}) }
}

// bearer sends an API token.
func bearer(token string) option {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

// header sets a request header.
func header(name, value string) option {
	return func(r *http.Request) { r.Header.Set(name, value) }
}

// do sends a request to the server and returns the response.
func (f *fixture) do(t *testing.T, method, target string, opts ...option) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for _, o := range opts {
		o(r)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// login signs in through the form and returns the session cookie's value.
func (f *fixture) login(t *testing.T, username string) string {
	t.Helper()
	w := f.do(t, "POST", "/login", form(url.Values{"username": {username}, "password": {testPassword}}))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d\n%s", username, w.Code, w.Body)
	}
	c := sessionCookie(w)
	if c == nil || c.Value == "" {
		t.Fatalf("sign in as %s set no session cookie", username)
	}
	return c.Value
}

// sessionCookie returns the kam_session cookie a response sets, or nil.
func sessionCookie(w *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == "kam_session" {
			return c
		}
	}
	return nil
}

// addAccounts gives am1 n more accounts, named "Bulk NNN".
func (f *fixture) addAccounts(t *testing.T, n int) {
	t.Helper()
	must(t, f.st.Load(context.Background(), kam.System(), func(l *store.Loader) error {
		for i := range n {
			a := &kam.Account{Name: fmt.Sprintf("Bulk %03d", i), OwnerID: f.am1.ID, Currency: "EUR", Tier: "standard"}
			if err := l.Account(a); err != nil {
				return err
			}
		}
		return nil
	}))
	f.am1Accounts += n
}

// formRequest is a POST of an urlencoded form.
func formRequest(target string, v url.Values) *http.Request {
	r := httptest.NewRequest("POST", target, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// serve runs one request through a handler.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
