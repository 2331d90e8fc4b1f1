package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/api"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// apiCall is one API request of a test: its status, headers and body.
type apiCall struct {
	status int
	header http.Header
	body   apiBody
	raw    string
}

// call sends an API request with a token, a JSON body and extra headers
// (name, value pairs).
func (f *fixture) call(t *testing.T, method, path, token, body string, headers ...string) apiCall {
	t.Helper()
	opts := []option{bearer(token)}
	if body != "" {
		opts = append(opts, rawBody("application/json", body))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		opts = append(opts, header(headers[i], headers[i+1]))
	}
	w := f.do(t, method, path, opts...)
	c := apiCall{status: w.Code, header: w.Header(), raw: w.Body.String()}
	if w.Body.Len() > 0 {
		c.body = decode(t, w)
	}
	return c
}

// wantError fails the test unless c is the error status, code and field.
func wantError(t *testing.T, what string, c apiCall, status int, code, field string) {
	t.Helper()
	if c.status != status || c.body.Error == nil || c.body.Error.Code != code || c.body.Error.Field != field {
		t.Errorf("%s: %d %s, want %d %s field %q", what, c.status, c.raw, status, code, field)
	}
}

// writeTokens makes read-write tokens for am1 and for an administrator.
func (f *fixture) writeTokens(t *testing.T) (am1, admin string) {
	t.Helper()
	ctx, sys := context.Background(), kam.System()
	must(t, f.st.CreateUser(ctx, sys, &kam.User{Username: "root", DisplayName: "Ada Admin", Role: kam.RoleAdmin}, testPassword))
	_, am1, err := f.st.CreateToken(ctx, sys, "am1", "write", false, nil)
	must(t, err)
	_, admin, err = f.st.CreateToken(ctx, sys, "root", "erp", false, nil)
	must(t, err)
	return am1, admin
}

func TestAccountWriteAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)

		created := f.call(t, "POST", "/api/v1/accounts", write, `{"name": "Aurora Paper Oy", "country": "FI", "tier": "core", "currency": "EUR",
			"domains": ["aurorapaper.example"], "external_ids": [{"source": "erp", "id": "C-777"}]}`)
		var a kam.Account
		if created.status != 201 || json.Unmarshal(created.body.Data, &a) != nil || a.ID == 0 || a.OwnerID != f.am1.ID ||
			created.header.Get("Location") != fmt.Sprintf("/api/v1/accounts/%d", a.ID) || created.header.Get("ETag") != `"1"` {
			t.Fatalf("create: %d %v %s", created.status, created.header, created.raw)
		}
		path := fmt.Sprintf("/api/v1/accounts/%d", a.ID)
		wantError(t, "same company again", f.call(t, "POST", "/api/v1/accounts", write, `{"name": "Aurora Paper", "country": "FI", "currency": "EUR"}`),
			409, kam.ECONFLICT, "")
		// Another's account of the same company is refused without a word of which it is.
		hidden := f.call(t, "POST", "/api/v1/accounts", write, `{"name": "Zeta Secret Holdings", "country": "DE", "currency": "EUR"}`)
		wantError(t, "another's company", hidden, 409, kam.ECONFLICT, "")
		if strings.Contains(hidden.raw, fmt.Sprint(f.other.ID)) {
			t.Errorf("the refusal names another user's account: %s", hidden.raw)
		}
		wantError(t, "unknown field", f.call(t, "POST", "/api/v1/accounts", write, `{"name": "X", "colour": "red"}`), 400, kam.EINVALID, "colour")
		wantError(t, "wrong type", f.call(t, "POST", "/api/v1/accounts", write, `{"name": 12}`), 400, kam.EINVALID, "name")
		wantError(t, "bad tier", f.call(t, "POST", "/api/v1/accounts", write, `{"name": "Y Oy", "tier": "gold", "currency": "EUR"}`), 400, kam.EINVALID, "tier")
		wantError(t, "broken JSON", f.call(t, "POST", "/api/v1/accounts", write, `{"name": "Y Oy",`), 400, kam.EINVALID, "")
		wantError(t, "too large", f.call(t, "POST", "/api/v1/accounts", write, `{"name": "`+strings.Repeat("x", 20<<10)+`"}`), 413, kam.ETOOLARGE, "")
		notJSON := f.do(t, "POST", "/api/v1/accounts", bearer(write), rawBody("text/plain", `{"name": "Z"}`))
		wantError(t, "not JSON", apiCall{status: notJSON.Code, body: decode(t, notJSON), raw: notJSON.Body.String()}, 415, kam.EMEDIATYPE, "")
		wantError(t, "read-only token", f.call(t, "POST", "/api/v1/accounts", f.readToken, `{"name": "R Oy"}`), 403, kam.EFORBIDDEN, "")

		// PATCH needs the version it started from.
		wantError(t, "no If-Match", f.call(t, "PATCH", path, write, `{"industry": "Paper"}`), 428, kam.EPRECONDITION, "")
		patched := f.call(t, "PATCH", path, write, `{"industry": "Paper", "segment": "Packaging"}`, "If-Match", `"1"`)
		if patched.status != 200 || patched.header.Get("ETag") != `"2"` || !strings.Contains(patched.raw, `"industry":"Paper"`) {
			t.Fatalf("patch: %d %s", patched.status, patched.raw)
		}
		stale := f.call(t, "PATCH", path, write, `{"industry": "Pulp"}`, "If-Match", `"1"`)
		wantError(t, "stale If-Match", stale, 412, kam.ESTALE, "")
		var now kam.Account
		if json.Unmarshal(stale.body.Data, &now) != nil || now.Version != 2 || now.Industry != "Paper" {
			t.Errorf("a stale change shows the account as it is now: %s", stale.raw)
		}
		if got, _ := s.FindAccountByID(context.Background(), kam.System(), a.ID); got.Industry != "Paper" {
			t.Errorf("a stale change was written: industry %q", got.Industry)
		}
		wantError(t, "another's account", f.call(t, "PATCH", fmt.Sprintf("/api/v1/accounts/%d", f.other.ID), write, `{"tier": "core"}`, "If-Match", `"1"`),
			404, kam.ENOTFOUND, "")
		wantError(t, "an AM re-assigns", f.call(t, "PATCH", path, write, fmt.Sprintf(`{"owner_id": %d}`, f.am2.ID), "If-Match", `"2"`),
			400, kam.EINVALID, "owner_id")

		// Delete is soft; only an administrator restores.
		wantError(t, "delete stale", f.call(t, "DELETE", path, write, "", "If-Match", `"1"`), 412, kam.ESTALE, "")
		wantError(t, "delete a parent", f.call(t, "DELETE", fmt.Sprintf("/api/v1/accounts/%d", f.group.ID), write, ""), 409, kam.ECONFLICT, "")
		if c := f.call(t, "DELETE", path, write, "", "If-Match", `"2"`); c.status != 204 {
			t.Fatalf("delete: %d %s", c.status, c.raw)
		}
		wantError(t, "get deleted", f.call(t, "GET", path, write, ""), 404, kam.ENOTFOUND, "")
		if list := f.call(t, "GET", "/api/v1/accounts?q=aurora", write, ""); string(list.body.Data) != "[]" {
			t.Errorf("a deleted account is listed: %s", list.raw)
		}
		wantError(t, "AM restores", f.call(t, "POST", path+"/restore", write, ""), 403, kam.EFORBIDDEN, "")
		restored := f.call(t, "POST", path+"/restore", admin, "")
		if restored.status != 200 || f.call(t, "GET", path, write, "").status != 200 {
			t.Errorf("restore: %d %s", restored.status, restored.raw)
		}
		history, err := s.FindAuditEntries(context.Background(), kam.System(), "account", a.ID)
		must(t, err)
		var actions []string
		for _, e := range history {
			actions = append(actions, e.Action+"/"+e.Channel)
		}
		if got := strings.Join(actions, " "); !strings.Contains(got, "delete/api") || !strings.Contains(got, "restore/api") || !strings.Contains(got, "update/api") {
			t.Errorf("audit trail of the account: %s", got)
		}
	})
}

func TestContactWriteAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, _ := f.writeTokens(t)
		add := func(body string) kam.Contact {
			t.Helper()
			c := f.call(t, "POST", "/api/v1/contacts", write, body)
			var out kam.Contact
			if c.status != 201 || json.Unmarshal(c.body.Data, &out) != nil || out.ID == 0 {
				t.Fatalf("add contact %s: %d %s", body, c.status, c.raw)
			}
			return out
		}
		boss := add(fmt.Sprintf(`{"account_id": %d, "first_name": "Maija", "last_name": "Koski", "buying_role": "decision_maker", "relationship_strength": 3}`, f.group.ID))
		report := add(fmt.Sprintf(`{"account_id": %d, "first_name": "Eero", "last_name": "Laine", "reports_to": %d}`, f.group.ID, boss.ID))
		wantError(t, "contact at another's account", f.call(t, "POST", "/api/v1/contacts", write, fmt.Sprintf(`{"account_id": %d, "last_name": "X"}`, f.other.ID)),
			400, kam.EINVALID, "account_id")
		wantError(t, "bad role", f.call(t, "POST", "/api/v1/contacts", write, fmt.Sprintf(`{"account_id": %d, "last_name": "X", "buying_role": "boss"}`, f.group.ID)),
			400, kam.EINVALID, "buying_role")
		bossPath := fmt.Sprintf("/api/v1/contacts/%d", boss.ID)
		wantError(t, "a loop", f.call(t, "PATCH", bossPath, write, fmt.Sprintf(`{"reports_to": %d}`, report.ID), "If-Match", `"1"`), 400, kam.EINVALID, "reports_to")
		c := f.call(t, "PATCH", bossPath, write, `{"title": "CFO", "relationship_strength": 5}`, "If-Match", `"1"`)
		if c.status != 200 || c.header.Get("ETag") != `"2"` || !strings.Contains(c.raw, `"title":"CFO"`) {
			t.Fatalf("patch contact: %d %s", c.status, c.raw)
		}
		wantError(t, "stale contact", f.call(t, "PATCH", bossPath, write, `{"title": "CEO"}`, "If-Match", `"1"`), 412, kam.ESTALE, "")
		if c := f.call(t, "GET", "/api/v1/contacts?q=koski", f.readToken, ""); c.status != 200 || !strings.Contains(c.raw, `"name":"Maija Koski"`) {
			t.Errorf("list contacts: %d %s", c.status, c.raw)
		}
		if c := f.call(t, "DELETE", bossPath, write, ""); c.status != 204 {
			t.Fatalf("delete contact: %d %s", c.status, c.raw)
		}
		wantError(t, "deleted contact", f.call(t, "GET", bossPath, write, ""), 404, kam.ENOTFOUND, "")
		got := f.call(t, "GET", fmt.Sprintf("/api/v1/contacts/%d", report.ID), write, "")
		if got.status != 200 || strings.Contains(got.raw, `"reports_to"`) {
			t.Errorf("a report of a deleted contact reports to no one: %s", got.raw)
		}
	})
}

func TestBulkAccountsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		_, admin := f.writeTokens(t)
		batch := `{"data": [
			{"source": "erp", "external_id": "C-10042", "industry": "Food & Beverage"},
			{"source": "erp", "external_id": "C-30001", "name": "Kallio Metals Oy", "country": "FI", "currency": "EUR", "tier": "core"},
			{"source": "erp", "external_id": "C-30002", "name": "Kallio Metals Sverige AB", "country": "SE", "currency": "SEK", "parent": {"source": "erp", "external_id": "C-30001"}},
			{"source": "crm", "external_id": "0015g00000XyZ", "name": "Nordic Foods Group", "country": "FI", "currency": "EUR"}]}`
		c := f.call(t, "POST", "/api/v1/accounts/bulk", admin, batch)
		for _, want := range []string{
			fmt.Sprintf(`"index":0,"id":%d,"source":"erp","external_id":"C-10042","result":"changed"`, f.group.ID),
			`"external_id":"C-30001","result":"new"`, `"external_id":"C-30002","result":"new"`,
			fmt.Sprintf(`"index":3,"id":%d,"source":"crm","external_id":"0015g00000XyZ","result":"matched"`, f.group.ID),
		} {
			if c.status != 200 || !strings.Contains(c.raw, want) {
				t.Errorf("bulk: %d, want %s in %s", c.status, want, c.raw)
			}
		}
		group, err := s.FindAccountByID(context.Background(), kam.System(), f.group.ID)
		must(t, err)
		if group.Industry != "Food & Beverage" || group.Tier != "key" || group.Name != "Nordic Foods Group" {
			t.Errorf("an update sets only the fields given: %+v", group)
		}
		page, err := s.FindAccounts(context.Background(), kam.System(), kam.AccountFilter{ExternalID: "C-30002"})
		must(t, err)
		if len(page.Accounts) != 1 || page.Accounts[0].ParentID == 0 {
			t.Errorf("the subsidiary hangs under its parent: %+v", page.Accounts)
		}
		refused := f.call(t, "POST", "/api/v1/accounts/bulk", admin, `{"data": [
			{"source": "erp", "external_id": "C-40001", "name": "Fresh Oy", "currency": "EUR"},
			{"source": "erp", "external_id": "C-40002", "currency": "EUR"}]}`)
		if refused.status != 400 || !strings.Contains(refused.raw, `"index":1,"code":"invalid","field":"name"`) {
			t.Errorf("refused bulk: %d %s", refused.status, refused.raw)
		}
		if page, _ := s.FindAccounts(context.Background(), kam.System(), kam.AccountFilter{ExternalID: "C-40001"}); len(page.Accounts) != 0 {
			t.Errorf("a refused batch created an account")
		}
		wantError(t, "single item", f.call(t, "POST", "/api/v1/accounts/bulk", admin, `{"source": "erp", "external_id": "C-1", "name": "A"}`), 400, kam.EINVALID, "data")

		// A key another account holds refuses its item; the items after it
		// are still checked (on PostgreSQL too, where a failed statement
		// would end the transaction), and nothing is written.
		taken := f.call(t, "POST", "/api/v1/accounts/bulk", admin, `{"data": [
			{"source": "crm", "external_id": "K-1", "name": "Taken Key Oy", "currency": "EUR", "external_ids": [{"source": "erp", "id": "C-10042"}]},
			{"source": "crm", "external_id": "K-2", "name": "Fine Oy", "currency": "EUR"},
			{"source": "crm", "external_id": "K-3", "currency": "EUR"}]}`)
		if taken.status != 400 || !strings.Contains(taken.raw, `"index":0,"code":"conflict"`) || !strings.Contains(taken.raw, `"index":2,"code":"invalid","field":"name"`) ||
			strings.Contains(taken.raw, `"index":1`) {
			t.Errorf("a batch with a taken key: %d %s", taken.status, taken.raw)
		}
		if page, _ := s.FindAccounts(context.Background(), kam.System(), kam.AccountFilter{Query: "Fine Oy"}); len(page.Accounts) != 0 {
			t.Errorf("a refused batch created an account")
		}

		// A key of a deleted account says so.
		deleted := f.call(t, "POST", "/api/v1/accounts/bulk", admin, `{"data": [{"source": "crm", "external_id": "D-1", "name": "Short Lived Oy", "currency": "EUR"}]}`)
		var res struct{ Data []struct{ ID int64 } }
		must(t, json.Unmarshal([]byte(deleted.raw), &res))
		if c := f.call(t, "DELETE", fmt.Sprintf("/api/v1/accounts/%d", res.Data[0].ID), admin, ""); c.status != 204 {
			t.Fatalf("delete: %d %s", c.status, c.raw)
		}
		again := f.call(t, "POST", "/api/v1/accounts/bulk", admin, `{"data": [{"source": "crm", "external_id": "D-1", "name": "Short Lived Oy", "currency": "EUR"}]}`)
		if again.status != 400 || !strings.Contains(again.raw, "deleted account") {
			t.Errorf("the key of a deleted account: %d %s", again.status, again.raw)
		}
	})
}

func TestAPIRateLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		f.h = server.New(server.Config{RateLimit: api.RateLimit{Rate: 0.01, Burst: 2}}, s, nil)
		for i := range 2 {
			if c := f.call(t, "GET", "/api/v1/accounts", f.readToken, ""); c.status != 200 {
				t.Fatalf("request %d: %d %s", i+1, c.status, c.raw)
			}
		}
		c := f.call(t, "GET", "/api/v1/accounts", f.readToken, "")
		wantError(t, "third request", c, 429, kam.ERATELIMIT, "")
		if ra := c.header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Errorf("Retry-After %q", ra)
		}
		_, other, err := s.CreateToken(context.Background(), kam.System(), "am2", "other", true, nil)
		must(t, err)
		if c := f.call(t, "GET", "/api/v1/accounts", other, ""); c.status != 200 {
			t.Errorf("another token is limited by the first's requests: %d", c.status)
		}
	})
}

// TestAccountMoveUpdatesTrees: an account moved under another parent
// through the API leaves the old parent's tree and joins the new one's
// before the answer.
func TestAccountMoveUpdatesTrees(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		s.Insights = portfolio.Compute(portfolio.Options{})
		write, _ := f.writeTokens(t)
		ctx := context.Background()
		created := f.call(t, "POST", "/api/v1/accounts", write, `{"name": "Nordic Holding Oy", "country": "FI", "currency": "EUR"}`)
		var holding kam.Account
		must(t, json.Unmarshal(created.body.Data, &holding))
		group := f.call(t, "GET", fmt.Sprintf("/api/v1/accounts/%d", f.group.ID), write, "")
		moved := f.call(t, "PATCH", fmt.Sprintf("/api/v1/accounts/%d", f.group.ID), write, fmt.Sprintf(`{"parent_id": %d}`, holding.ID),
			"If-Match", group.header.Get("ETag"))
		if moved.status != 200 {
			t.Fatalf("move: %d %s", moved.status, moved.raw)
		}
		roll, err := s.FindRollup(ctx, kam.System(), holding.ID)
		must(t, err)
		if roll.Tree.Revenue12M != kam.MustMoney("25000") {
			t.Errorf("the new parent's tree after the move: %s, want 25000.00", roll.Tree.Revenue12M)
		}
	})
}

// TestAccountListNeverStale: a list asked again is answered the same, from
// memory on SQLite, until any change is committed; then the change shows.
func TestAccountListNeverStale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		list := func() string {
			t.Helper()
			c := f.call(t, "GET", "/api/v1/accounts?q=nordic&sort=name", f.readToken, "")
			if c.status != 200 {
				t.Fatalf("list: %d %s", c.status, c.raw)
			}
			return c.raw
		}
		first := list()
		if again := list(); again != first || !strings.Contains(first, `"industry":"Food"`) {
			t.Fatalf("asked twice: %s\nthen %s", first, again)
		}
		industry := "Food and Drink"
		_, err := s.UpdateAccount(context.Background(), kam.System(), f.group.ID, kam.AccountUpdate{Version: f.group.Version, Industry: &industry})
		must(t, err)
		if after := list(); !strings.Contains(after, `"industry":"Food and Drink"`) {
			t.Errorf("the list after a change still shows the old industry: %s", after)
		}
	})
}

func TestBulkContactsAndDealsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		contacts := `{"data": [
			{"source": "crm", "external_id": "003A1", "account": {"source": "erp", "external_id": "C-10042"}, "first_name": "Maija", "last_name": "Koski", "buying_role": "champion"},
			{"source": "crm", "external_id": "003A2", "account_id": %d, "first_name": "Lars", "last_name": "Holm"}]}`
		wantError(t, "an AM's token", f.call(t, "POST", "/api/v1/contacts/bulk", write, fmt.Sprintf(contacts, f.sub.ID)), 403, kam.EFORBIDDEN, "")
		if c := f.call(t, "POST", "/api/v1/contacts/bulk", admin, fmt.Sprintf(contacts, f.sub.ID)); c.status != 200 || strings.Count(c.raw, `"result":"new"`) != 2 {
			t.Fatalf("bulk contacts: %d %s", c.status, c.raw)
		}
		// Sent again with one field changed: only that field is written.
		again := f.call(t, "POST", "/api/v1/contacts/bulk", admin, `{"data": [{"source": "crm", "external_id": "003A1", "account": {"source": "erp", "external_id": "C-10042"}, "last_name": "Koski", "title": "Head of Purchasing"}]}`)
		if again.status != 200 || !strings.Contains(again.raw, `"result":"changed"`) {
			t.Fatalf("a changed contact: %d %s", again.status, again.raw)
		}
		list, err := s.FindContacts(context.Background(), kam.System(), f.group.ID)
		must(t, err)
		var maija *kam.Contact
		for _, c := range list {
			if c.LastName == "Koski" {
				maija = c
			}
		}
		if maija == nil || maija.Title != "Head of Purchasing" || maija.BuyingRole != kam.BuyingChampion || maija.FirstName != "Maija" {
			t.Errorf("the contact after two upserts: %+v", maija)
		}

		deals := fmt.Sprintf(`{"data": [{"source": "crm", "external_id": "006B7", "account_id": %d, "name": "Line 4 retrofit", "stage": "proposal",
			"amount": 48000, "currency": "EUR", "close_date": "2027-02-26"}]}`, f.group.ID)
		c := f.call(t, "POST", "/api/v1/opportunities/bulk", admin, deals, "Idempotency-Key", "deals-1")
		var res struct{ Data []struct{ ID int64 } }
		if c.status != 200 || json.Unmarshal([]byte(c.raw), &res) != nil || len(res.Data) != 1 {
			t.Fatalf("bulk deals: %d %s", c.status, c.raw)
		}
		deal := f.call(t, "GET", fmt.Sprintf("/api/v1/opportunities/%d", res.Data[0].ID), write, "")
		if deal.status != 200 || !strings.Contains(deal.raw, `"stage":"proposal"`) || strings.Contains(deal.raw, `"probability":0,`) {
			t.Errorf("the deal sent in bulk, with its stage's probability: %d %s", deal.status, deal.raw)
		}
		bad := f.call(t, "POST", "/api/v1/opportunities/bulk", admin, `{"data": [{"source": "crm", "external_id": "006B8", "account_id": 1, "name": "X", "stage": "dreaming", "currency": "EUR", "close_date": "2027-01-01"}]}`)
		if bad.status != 400 || !strings.Contains(bad.raw, `"index":0`) {
			t.Errorf("a deal at an unknown stage: %d %s", bad.status, bad.raw)
		}
	})
}
