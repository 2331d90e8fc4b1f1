package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// idOp says how the access matrix calls a documented operation whose path
// names a record by {id}.
type idOp struct {
	kind string // the record the id names: account, contact, opportunity, activity, task, flag; or webhook, duplicate, merge (administrators' records)
	// body is the request body (nil: none), given the target's version.
	body func(version int64) string
	// restore: in scope, the target is a fresh record deleted first.
	restore bool
}

// write reports whether an operation changes something.
func write(method string) bool { return method != "GET" }

// adminKinds are records only administrators have: a route on them refuses
// everyone else whatever the id, which reveals nothing.
var adminKinds = []string{"webhook", "duplicate", "merge"}

func jsonBody(s string) func(int64) string { return func(int64) string { return s } }

// accessIDOps lists every documented operation with an {id}: a new one must
// be added here (the test fails until it is), so that no route escapes the
// matrix.
var accessIDOps = map[string]idOp{
	"DELETE /api/v1/accounts/{id}":            {kind: "account"},
	"DELETE /api/v1/activities/{id}":          {kind: "activity"},
	"DELETE /api/v1/cases/{id}":               {kind: "case"},
	"GET /api/v1/cases/{id}":                  {kind: "case"},
	"GET /api/v1/cases/{id}/history":          {kind: "case"},
	"GET /api/v1/accounts/{id}/history":       {kind: "account"},
	"GET /api/v1/contacts/{id}/history":       {kind: "contact"},
	"GET /api/v1/opportunities/{id}/history":  {kind: "opportunity"},
	"PATCH /api/v1/cases/{id}":                {kind: "case", body: jsonBody(`{"severity": "low"}`)},
	"POST /api/v1/cases/{id}/restore":         {kind: "case", restore: true},
	"DELETE /api/v1/contacts/{id}":            {kind: "contact"},
	"DELETE /api/v1/opportunities/{id}":       {kind: "opportunity"},
	"DELETE /api/v1/tasks/{id}":               {kind: "task"},
	"DELETE /api/v1/webhooks/{id}":            {kind: "webhook"},
	"GET /api/v1/accounts/{id}":               {kind: "account"},
	"GET /api/v1/accounts/{id}/activities":    {kind: "account"},
	"GET /api/v1/accounts/{id}/insights":      {kind: "account"},
	"GET /api/v1/activities/{id}":             {kind: "activity"},
	"GET /api/v1/contacts/{id}":               {kind: "contact"},
	"GET /api/v1/opportunities/{id}":          {kind: "opportunity"},
	"GET /api/v1/tasks/{id}":                  {kind: "task"},
	"GET /api/v1/webhooks/{id}":               {kind: "webhook"},
	"GET /api/v1/webhooks/{id}/deliveries":    {kind: "webhook"},
	"PATCH /api/v1/accounts/{id}":             {kind: "account", body: jsonBody(`{"industry": "Matrix"}`)},
	"PATCH /api/v1/activities/{id}":           {kind: "activity", body: jsonBody(`{"outcome": "Matrix"}`)},
	"PATCH /api/v1/contacts/{id}":             {kind: "contact", body: jsonBody(`{"title": "Matrix"}`)},
	"PATCH /api/v1/opportunities/{id}":        {kind: "opportunity", body: jsonBody(`{"competitor": "Matrix"}`)},
	"PATCH /api/v1/tasks/{id}":                {kind: "task", body: jsonBody(`{"due": "` + kam.DateOf(time.Now()).AddDays(5).String() + `"}`)},
	"PATCH /api/v1/webhooks/{id}":             {kind: "webhook", body: jsonBody(`{"active": false}`)},
	"POST /api/v1/accounts/{id}/activities":   {kind: "account", body: jsonBody(`{"kind": "call", "subject": "Matrix call", "occurred_at": "` + time.Now().UTC().Add(-time.Hour).Format(time.RFC3339) + `"}`)},
	"POST /api/v1/accounts/{id}/merge":        {kind: "account", body: jsonBody(`{"merged_id": 999998}`)},
	"POST /api/v1/accounts/{id}/restore":      {kind: "account", restore: true},
	"POST /api/v1/activities/{id}/restore":    {kind: "activity", restore: true},
	"POST /api/v1/contacts/{id}/restore":      {kind: "contact", restore: true},
	"POST /api/v1/duplicates/{id}/dismiss":    {kind: "duplicate"},
	"POST /api/v1/flags/{id}/state":           {kind: "flag", body: jsonBody(`{"state": "acknowledged"}`)},
	"POST /api/v1/merges/{id}/undo":           {kind: "merge"},
	"POST /api/v1/opportunities/{id}/restore": {kind: "opportunity", restore: true},
	"POST /api/v1/opportunities/{id}/stage":   {kind: "opportunity", body: func(v int64) string { return fmt.Sprintf(`{"stage": "negotiation", "version": %d}`, v) }},
	"POST /api/v1/tasks/{id}/done":            {kind: "task"},
	"POST /api/v1/tasks/{id}/restore":         {kind: "task", restore: true},
	"POST /api/v1/webhooks/{id}/ping":         {kind: "webhook"},
	"PUT /api/v1/accounts/{id}/stage":         {kind: "account", body: jsonBody(`{"stage": "mid_kam"}`)},
	"GET /api/v1/settings/{key}":              {kind: "-"}, // not a record: a list route with an enumerated key
	"PUT /api/v1/settings/{key}":              {kind: "-"},
	"GET /api/v1/exports/{kind}":              {kind: "-"},
	// Cadence and attrition on an account; call lists are scoped by their
	// assignee, not an account (server/cadence_access_test.go covers them).
	"GET /api/v1/accounts/{id}/cadence":                  {kind: "account"},
	"PUT /api/v1/accounts/{id}/cadence":                  {kind: "account", body: jsonBody(`{"days": 21}`)},
	"GET /api/v1/accounts/{id}/attrition":                {kind: "account"},
	"PUT /api/v1/accounts/{id}/attrition":                {kind: "account", body: jsonBody(`{"reason": "Price", "competitor": "Matrix"}`)},
	"POST /api/v1/accounts/{id}/reactivate":              {kind: "account", body: jsonBody(`{}`)},
	"GET /api/v1/call-lists/{id}":                        {kind: "-"},
	"DELETE /api/v1/call-lists/{id}":                     {kind: "-"},
	"PATCH /api/v1/call-lists/{id}/entries/{account_id}": {kind: "-"},
	// Account plans and their items, scoped by their account (plans_access_test.go).
	"GET /api/v1/plans/{id}":           {kind: "plan"},
	"PATCH /api/v1/plans/{id}":         {kind: "plan", body: jsonBody(`{"title": "Matrix plan"}`)},
	"DELETE /api/v1/plans/{id}":        {kind: "plan"},
	"POST /api/v1/plans/{id}/restore":  {kind: "plan", restore: true},
	"POST /api/v1/plans/{id}/items":    {kind: "plan", body: jsonBody(`{"kind": "strategy", "title": "Matrix strategy"}`)},
	"GET /api/v1/plans/{id}/reviews":   {kind: "plan"},
	"POST /api/v1/plans/{id}/reviews":  {kind: "plan", body: jsonBody(`{"note": "Matrix review"}`)},
	"GET /api/v1/plans/{id}/revisions": {kind: "plan"},
	"GET /api/v1/plans/{id}/changes":   {kind: "plan"},
	"GET /api/v1/plans/{id}/history":   {kind: "plan"},
	"GET /api/v1/plan-items/{id}":      {kind: "plan_item"},
	"PATCH /api/v1/plan-items/{id}":    {kind: "plan_item", body: jsonBody(`{"title": "Matrix item"}`)},
	"DELETE /api/v1/plan-items/{id}":   {kind: "plan_item"},
	// Discount approvals: a request is seen by its account's readers and by
	// its requester and approver, and decided by its approver only, which
	// the fixture's kinds cannot say; TestApprovalAccess
	// (server/approvals_access_test.go) drives them.
	"GET /api/v1/approvals/{id}":           {kind: "-"},
	"POST /api/v1/approvals/{id}/decision": {kind: "-"},
	"POST /api/v1/approvals/{id}/accept":   {kind: "-"},
	"POST /api/v1/approvals/{id}/withdraw": {kind: "-"},
	// Onboarding and campaigns: their records are not the fixture's kinds;
	// TestOnboardingAccess (server/onboarding_access_test.go) drives them.
	"GET /api/v1/checklists/{id}":             {kind: "-"},
	"PATCH /api/v1/checklists/{id}":           {kind: "-"},
	"DELETE /api/v1/checklists/{id}":          {kind: "-"},
	"GET /api/v1/onboardings/{id}":            {kind: "-"},
	"DELETE /api/v1/onboardings/{id}":         {kind: "-"},
	"POST /api/v1/onboarding-steps/{id}/done": {kind: "-"},
	"GET /api/v1/campaigns/{id}":              {kind: "-"},
	"PATCH /api/v1/campaigns/{id}":            {kind: "-"},
	"DELETE /api/v1/campaigns/{id}":           {kind: "-"},
	"GET /api/v1/campaigns/{id}/items":        {kind: "-"},
	"GET /api/v1/campaigns/{id}/progress":     {kind: "-"},
	"GET /api/v1/campaign-items/{id}":         {kind: "-"},
	"PATCH /api/v1/campaign-items/{id}":       {kind: "-"},
	// Targets: quotas of people and units, objectives of accounts;
	// TestTargetAccess (server/targets_access_test.go) drives them.
	"GET /api/v1/targets/{id}":    {kind: "-"},
	"PATCH /api/v1/targets/{id}":  {kind: "-"},
	"DELETE /api/v1/targets/{id}": {kind: "-"},

	// The history of targets and discount requests: TestHistoryAccess
	// (server/history_access_test.go) drives them.
	"GET /api/v1/targets/{id}/history":   {kind: "-"},
	"GET /api/v1/approvals/{id}/history": {kind: "-"},

	// Contracts are scoped by their account; products, users and org units
	// are not account records: server/entities_access_test.go drives them.
	"GET /api/v1/contracts/{id}":          {kind: "contract"},
	"PATCH /api/v1/contracts/{id}":        {kind: "contract", body: jsonBody(`{"renewal_terms": "Matrix"}`)},
	"DELETE /api/v1/contracts/{id}":       {kind: "contract"},
	"POST /api/v1/contracts/{id}/restore": {kind: "contract", restore: true},
	"GET /api/v1/products/{id}":           {kind: "-"},
	"PATCH /api/v1/products/{id}":         {kind: "-"},
	"GET /api/v1/users/{id}":              {kind: "-"},
	"PATCH /api/v1/users/{id}":            {kind: "-"},
	"GET /api/v1/org-units/{id}":          {kind: "-"},
	"PATCH /api/v1/org-units/{id}":        {kind: "-"},
}

// accessSkips are the cells of the matrix that find a leak not fixed yet,
// by "METHOD path" (or page) and role: the test skips them, naming the leak.
var accessSkips = map[string]string{}

// plural is the API collection of a record kind.
var plural = map[string]string{"account": "accounts", "contact": "contacts", "opportunity": "opportunities",
	"activity": "activities", "task": "tasks", "webhook": "webhooks", "case": "cases", "plan": "plans", "plan_item": "plan-items",
	"contract": "contracts"}

// TestAccessMatrix drives every documented API operation and every signed-in
// page as every role against records in and out of the role's scope: out of
// scope is a 404 exactly like a record that does not exist (never a 403,
// which would reveal it), changes nothing, and is never listed, searched,
// exported, counted or summed.
func TestAccessMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		start := time.Now()
		f := newAccessFixture(t, s)
		d := f.openAPI(t)
		t.Run("lists", func(t *testing.T) { f.apiLists(t, d) })
		t.Run("totals", func(t *testing.T) { f.apiTotals(t) })
		t.Run("pages", func(t *testing.T) { f.pages(t) })
		t.Run("by id", func(t *testing.T) { f.apiByID(t, d) })
		t.Logf("access matrix in %v", time.Since(start).Round(time.Millisecond))
	})
}

// skip skips a cell of the matrix listed in accessSkips.
func skip(t *testing.T, cell, role string) {
	t.Helper()
	for _, k := range []string{cell + " as " + role, cell} {
		if why, ok := accessSkips[k]; ok {
			t.Skip("known leak: " + why)
		}
	}
}

// strangers are names of records no one in the access fixture but the
// administrator may see: newFixture's accounts.
var strangers = []string{"Nordic Foods", "Zeta Secret", "Virtanen"}

// names are the names of an account and its records as lists show them,
// which a search for its word must not find (the page repeats the word).
func (a *accessAccount) names() []string {
	return []string{a.acc.Name, a.contact.LastName, a.deal.Name, a.activity.Subject, a.task.Title, a.contract.Name, a.caseRec.Subject}
}

// found returns the names of a hidden account's records in a body.
func found(a *accessAccount, body []byte) []string {
	var out []string
	for _, n := range a.names() {
		if strings.Contains(string(body), n) {
			out = append(out, n)
		}
	}
	return out
}

// leaks returns what of the hidden accounts a body shows: their words, and
// their ids as account_id in JSON.
func (f *accessFixture) leaks(role string, body []byte) []string {
	var out []string
	text := string(body)
	for _, a := range f.hidden(role) {
		if strings.Contains(text, a.word) {
			out = append(out, a.word)
		}
	}
	if role != "admin" {
		for _, s := range strangers {
			if strings.Contains(text, s) {
				out = append(out, s)
			}
		}
	}
	var v any
	if json.Unmarshal(body, &v) == nil {
		hidden := map[float64]string{}
		for _, a := range f.hidden(role) {
			hidden[float64(a.acc.ID)] = a.word
		}
		walkJSON(v, func(key string, val any) {
			if n, ok := val.(float64); ok && key == "account_id" && hidden[n] != "" {
				out = append(out, "account_id of "+hidden[n])
			}
		})
	}
	return out
}

func walkJSON(v any, fn func(key string, val any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			fn(k, x)
			walkJSON(x, fn)
		}
	case []any:
		for _, x := range v {
			walkJSON(x, fn)
		}
	}
}

// apiLists calls every documented GET without an {id} as every role: no
// answer shows an account the role may not see, or any of its records.
func (f *accessFixture) apiLists(t *testing.T, d openAPIDoc) {
	queries := map[string][]string{
		"/api/v1/accounts":       {"", "?q=", "?sort=revenue&desc=true", "?flag=any"},
		"/api/v1/contacts":       {"", "?q=son"},
		"/api/v1/opportunities":  {"", "?open=true"},
		"/api/v1/flags":          {"", "?state=acknowledged", "?as_of=" + kam.DateOf(time.Now()).String()},
		"/api/v1/tasks":          {""},
		"/api/v1/exports/{kind}": {"", "?format=csv"},
	}
	// The detector sees what the administrator sees as leaks for the others.
	all := f.openAPICall(t, "GET", "/api/v1/accounts?limit=500", f.tokens["admin"]).Body.Bytes()
	for _, role := range accessRoles[1:] {
		if len(f.leaks(role, all)) != len(f.hidden(role))+2 {
			t.Fatalf("the leak detector finds %v for %s in every account", f.leaks(role, all), role)
		}
	}
	for _, o := range d.operations() {
		if o.method != "GET" || strings.Contains(o.path, "{id}") || o.path == "/api/v1/openapi.json" {
			continue
		}
		t.Run(o.path, func(t *testing.T) {
			qs := cmpOr(queries[o.path], []string{""})
			for _, role := range accessRoles {
				for _, target := range targets(o, nil) {
					for _, q := range qs {
						target := target + q
						if strings.HasPrefix(q, "?") && strings.Contains(target[:len(target)-len(q)], "?") {
							target = target[:len(target)-len(q)] + "&" + q[1:]
						}
						w := f.openAPICall(t, "GET", target, f.tokens[role])
						switch {
						case w.Code == 403 && role != "admin":
							f.expectError(t, w, 403, kam.EFORBIDDEN, target+" as "+role)
						case w.Code != 200:
							t.Errorf("GET %s as %s: %d %.300s", target, role, w.Code, w.Body)
						default:
							if l := f.leaks(role, w.Body.Bytes()); len(l) > 0 {
								t.Errorf("GET %s as %s shows %v: %.400s", target, role, l, w.Body)
							}
						}
					}
				}
				// Searching for a hidden account by its word finds nothing.
				if o.path == "/api/v1/accounts" || o.path == "/api/v1/contacts" {
					for _, a := range f.hidden(role) {
						w := f.openAPICall(t, "GET", o.path+"?q="+a.word, f.tokens[role])
						if l := found(a, w.Body.Bytes()); w.Code != 200 || len(l) > 0 {
							t.Errorf("GET %s?q=%s as %s: %d, shows %v", o.path, a.word, role, w.Code, l)
						}
					}
				}
			}
		})
	}
}

func cmpOr(a, b []string) []string {
	if len(a) > 0 {
		return a
	}
	return b
}

// expectError holds an answer to the API's error shape with a status and code.
func (f *accessFixture) expectError(t *testing.T, w *httptest.ResponseRecorder, status int, code, what string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("%s: %d, want %d: %.300s", what, w.Code, status, w.Body)
		return
	}
	var b apiBody
	if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || b.Error == nil || b.Error.Code != code || len(b.Data) > 0 {
		t.Errorf("%s: %d not in the error shape with code %s: %.300s", what, w.Code, code, w.Body)
	}
}

// apiTotals holds the counts and sums of the lists to the role's accounts.
func (f *accessFixture) apiTotals(t *testing.T) {
	f.forecast = map[int64]float64{}
	for _, role := range accessRoles {
		visible := f.visible(role)
		var words []string
		var deals int64
		for _, a := range visible {
			words = append(words, a.word)
			deals += a.dealCents
		}
		extra := 0
		if role == "admin" {
			extra = f.am1Accounts + 1 // newFixture's accounts
		}
		count := func(target string) int {
			w := f.openAPICall(t, "GET", target, f.tokens[role])
			if w.Code != 200 {
				t.Fatalf("GET %s as %s: %d %s", target, role, w.Code, w.Body)
			}
			var b struct{ Data []json.RawMessage }
			must(t, json.Unmarshal(w.Body.Bytes(), &b))
			return len(b.Data)
		}
		if n := count("/api/v1/accounts?limit=500"); n != len(visible)+extra {
			t.Errorf("%s lists %d accounts, may see %d (%v)", role, n, len(visible)+extra, words)
		}
		// Tasks: the role's own, and those of an account it may see.
		own := 0
		for _, a := range visible {
			if a.owner == role {
				own++
			}
			if n := count(fmt.Sprint("/api/v1/tasks?account_id=", a.acc.ID)); n != 1 {
				t.Errorf("%s lists %d tasks of %s, which has 1", role, n, a.word)
			}
		}
		if n := count("/api/v1/tasks"); n != own {
			t.Errorf("%s lists %d tasks of their own, has %d", role, n, own)
		}
		for _, a := range f.hidden(role) {
			for _, target := range []string{"/api/v1/tasks?account_id=%d", "/api/v1/opportunities?account_id=%d", "/api/v1/accounts?parent_id=%d"} {
				target = fmt.Sprintf(target, a.acc.ID)
				w := f.openAPICall(t, "GET", target, f.tokens[role])
				if l := f.leaks(role, w.Body.Bytes()); len(l) > 0 || (w.Code != 404 && w.Code != 200) {
					t.Errorf("GET %s (%s's) as %s: %d, shows %v", target, a.word, role, w.Code, l)
				}
			}
		}
		if n := count("/api/v1/flags"); role != "admin" && n != len(visible) {
			t.Errorf("%s lists %d open flags, may see %d (%v)", role, n, len(visible), words)
		}
		if n := count("/api/v1/contacts?limit=500"); role != "admin" && n != len(visible) {
			t.Errorf("%s lists %d contacts, may see %d (%v)", role, n, len(visible), words)
		}
		// The deals and their sum.
		w := f.openAPICall(t, "GET", "/api/v1/opportunities", f.tokens[role])
		var opps struct {
			Data []struct {
				AccountID int64     `json:"account_id"`
				Amount    kam.Money `json:"amount"`
			}
		}
		must(t, json.Unmarshal(w.Body.Bytes(), &opps))
		var sum int64
		for _, o := range opps.Data {
			sum += int64(o.Amount)
		}
		if role != "admin" && (sum != deals || len(opps.Data) != len(visible)) {
			t.Errorf("%s: %d deals summing to %d, want %d summing to %d", role, len(opps.Data), sum, len(visible), deals)
		}
		// The forecast sums the accounts the role may see, and no other.
		w = f.openAPICall(t, "GET", "/api/v1/forecasts", f.tokens[role])
		var fc any
		must(t, json.Unmarshal(w.Body.Bytes(), &fc))
		var report struct {
			Data struct {
				Accounts []struct {
					AccountID int64   `json:"account_id"`
					Total     float64 `json:"total"`
				}
				Total struct {
					Accounts int     `json:"accounts"`
					Total    float64 `json:"total"`
				}
			}
		}
		must(t, json.Unmarshal(w.Body.Bytes(), &report))
		if role == "admin" {
			for _, a := range report.Data.Accounts {
				f.forecast[a.AccountID] = a.Total
			}
		} else {
			var want float64
			for _, a := range visible {
				want += f.forecast[a.acc.ID]
			}
			if got := report.Data.Total; got.Accounts != len(visible) || math.Abs(got.Total-want) > 0.01 {
				t.Errorf("%s's forecast: %d accounts totalling %v, want %d totalling %v", role, got.Accounts, got.Total, len(visible), want)
			}
		}
		owners := map[float64]bool{}
		for _, a := range visible {
			owners[float64(f.users[a.owner].ID)] = true
		}
		walkJSON(fc, func(key string, val any) {
			if n, ok := val.(float64); ok && key == "owner_id" && role != "admin" && !owners[n] {
				t.Errorf("%s's forecast has owner %v, who owns none of %v", role, n, words)
			}
			if n, ok := val.(float64); ok && key == "accounts" && n > float64(len(visible)+extra) {
				t.Errorf("%s's forecast counts %v accounts, may see %d", role, n, len(visible)+extra)
			}
		})
	}
}

// record returns the id of an account's record of a kind.
func (a *accessAccount) record(kind string) int64 {
	switch kind {
	case "account":
		return a.acc.ID
	case "contact":
		return a.contact.ID
	case "opportunity":
		return a.deal.ID
	case "activity":
		return a.activity.ID
	case "task":
		return a.task.ID
	case "flag":
		return a.flagID
	case "case":
		return a.caseRec.ID
	case "plan":
		return a.plan.ID
	case "plan_item":
		return a.plan.Items[0].ID
	case "contract":
		return a.contract.ID
	}
	panic("no kind " + kind)
}

// fresh adds a record of a kind to an account, for a change in scope that
// must leave the fixture as it was: it is the one changed or removed.
func (f *accessFixture) fresh(t *testing.T, a *accessAccount, kind string) int64 {
	t.Helper()
	ctx, sys := context.Background(), kam.System()
	f.spares++
	n := f.spares
	var id int64
	if kind == "plan" || kind == "plan_item" {
		return f.freshPlan(t, a, kind, n)
	}
	if kind == "flag" {
		_, _, err := f.st.SyncFlags(ctx, a.acc.ID, []insight.Flag{{Kind: insight.VolumeDrop, Severity: "high", Cause: fmt.Sprint("spare ", n), Evidence: a.word + " spare"}})
		must(t, err)
		flags, err := f.st.FindAccountFlags(ctx, sys, a.acc.ID)
		must(t, err)
		for _, fl := range flags {
			id = max(id, fl.ID)
		}
		return id
	}
	owner := f.users[a.owner].ID
	today := kam.DateOf(time.Now())
	must(t, f.st.Load(ctx, sys, func(l *store.Loader) error {
		switch kind {
		case "account":
			acc := &kam.Account{Name: fmt.Sprintf("%s Spare %d", a.word, n), OwnerID: owner, OrgUnitID: a.acc.OrgUnitID, Currency: "EUR", Tier: "core"}
			if err := l.Account(acc); err != nil {
				return err
			}
			id = acc.ID
			for _, m := range accessTeam {
				if m.account == a.word {
					if err := l.TeamMember(id, f.users[m.user].ID, "support", m.access); err != nil {
						return err
					}
				}
			}
			return nil
		case "contact":
			c := &kam.Contact{AccountID: a.acc.ID, FirstName: "Spare", LastName: fmt.Sprintf("%s %d", a.word, n)}
			err := l.Contact(c)
			id = c.ID
			return err
		case "opportunity":
			o := &kam.Opportunity{AccountID: a.acc.ID, Name: fmt.Sprintf("%s spare %d", a.word, n), Kind: kam.OppNew, Stage: "proposal",
				Currency: "EUR", CloseDate: today.AddDays(20), OwnerID: owner}
			err := l.Opportunity(o)
			id = o.ID
			return err
		case "activity":
			x := &kam.Activity{AccountID: a.acc.ID, Kind: kam.ActivityKind("note"), OccurredAt: time.Now().UTC().Add(-time.Hour).Truncate(time.Second),
				UserID: owner, Subject: fmt.Sprintf("%s spare %d", a.word, n)}
			err := l.Activity(x)
			id = x.ID
			return err
		case "case":
			x := &kam.Case{AccountID: a.acc.ID, Kind: kam.CaseQuestion, Severity: "low", Status: "open", Subject: fmt.Sprintf("%s spare %d", a.word, n),
				OwnerID: owner, OpenedAt: time.Now().UTC().Add(-time.Hour).Truncate(time.Second), Due: today.AddDays(4)}
			err := l.Case(x)
			id = x.ID
			return err
		case "task":
			x := &kam.Task{AccountID: a.acc.ID, AssigneeID: owner, Title: fmt.Sprintf("%s spare %d", a.word, n), Due: today.AddDays(9)}
			err := l.Task(x)
			id = x.ID
			return err
		case "contract":
			x := &kam.Contract{AccountID: a.acc.ID, Name: fmt.Sprintf("%s spare %d", a.word, n), StartDate: today.AddDays(-100),
				EndDate: today.AddDays(600), Currency: "EUR", Status: "active"}
			err := l.Contract(x)
			id = x.ID
			return err
		}
		return fmt.Errorf("no fresh %s", kind)
	}))
	return id
}

// snapshot is how a record looks to the administrator, to tell whether a
// refused change changed it.
func (f *accessFixture) snapshot(t *testing.T, kind string, id int64) (string, int64) {
	t.Helper()
	if kind == "flag" {
		for _, state := range kam.FlagStates {
			flags, err := f.st.FindFlags(context.Background(), kam.System(), state)
			must(t, err)
			for _, fl := range flags {
				if fl.ID == id {
					return fl.State + " " + fl.Reason, 0
				}
			}
		}
		return "gone", 0
	}
	w := f.openAPICall(t, "GET", fmt.Sprintf("/api/v1/%s/%d", plural[kind], id), f.tokens["admin"])
	var version int64
	fmt.Sscanf(strings.Trim(w.Header().Get("ETag"), `"`), "%d", &version)
	snap := fmt.Sprint(w.Code, w.Body.String())
	if kind == "account" {
		w := f.openAPICall(t, "GET", fmt.Sprintf("/api/v1/accounts/%d/activities", id), f.tokens["admin"])
		snap += w.Body.String()
	}
	return snap, version
}

// call sends an operation to a record as a role, with its version in If-Match.
func (f *accessFixture) call(t *testing.T, o docOp, spec idOp, id, version int64, role string) *httptest.ResponseRecorder {
	t.Helper()
	target := strings.Replace(o.path, "{id}", fmt.Sprint(id), 1)
	var opts []option
	if spec.body != nil {
		opts = append(opts, jsonRequest(spec.body(version)))
	}
	if version > 0 && write(o.method) {
		opts = append(opts, header("If-Match", fmt.Sprintf(`"%d"`, version)))
	}
	return f.do(t, o.method, target, append(opts, bearer(f.tokens[role]))...)
}

// jsonRequest sends a JSON body.
func jsonRequest(body string) option {
	return func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/json")
	}
}

var digits = regexp.MustCompile(`\d+`)

// apiByID calls every documented operation on a record as every role: on a
// record in scope it answers as for any record (2xx, or 403 for a change the
// role may not make); on a record out of scope exactly as on one that does
// not exist, a 404, and the record is as it was.
func (f *accessFixture) apiByID(t *testing.T, d openAPIDoc) {
	cells := 0
	for _, o := range d.operations() {
		if !strings.Contains(o.path, "{") {
			continue
		}
		spec, ok := accessIDOps[o.String()]
		if !ok {
			t.Errorf("%s is not in the access matrix: add it to accessIDOps in server/access_matrix_test.go", o)
			continue
		}
		if spec.kind == "-" {
			continue
		}
		t.Run(o.String(), func(t *testing.T) {
			for _, role := range accessRoles {
				t.Run(role, func(t *testing.T) {
					skip(t, o.String(), role)
					cells++
					// A record that does not exist.
					missing := f.call(t, o, spec, 999999, 1, role)
					if slices.Contains(adminKinds, spec.kind) {
						f.adminOnly(t, o, spec, role, missing)
						return
					}
					// A role refused the operation whatever the record (such
					// as restoring, for administrators only) learns nothing.
					byRole := missing.Code == 403
					if byRole {
						f.expectError(t, missing, 403, kam.EFORBIDDEN, o.String()+" of no record as "+role)
					} else {
						f.expectError(t, missing, 404, kam.ENOTFOUND, o.String()+" of no record as "+role)
					}
					// Out of scope: the same answer, and nothing changed.
					for _, a := range f.hidden(role) {
						id := a.record(spec.kind)
						before, version := f.snapshot(t, spec.kind, id)
						w := f.call(t, o, spec, id, version, role)
						what := fmt.Sprintf("%s of %s's %s as %s", o, a.word, spec.kind, role)
						if w.Code != missing.Code {
							t.Errorf("%s: %d, of no record %d: %.300s", what, w.Code, missing.Code, w.Body)
						}
						if digits.ReplaceAllString(w.Body.String(), "N") != digits.ReplaceAllString(missing.Body.String(), "N") {
							t.Errorf("%s: %s; of no record: %s", what, w.Body, missing.Body)
						}
						if after, _ := f.snapshot(t, spec.kind, id); after != before {
							t.Errorf("%s changed it:\nbefore %.300s\nafter  %.300s", what, before, after)
						}
					}
					// In scope: one account the role may change, one it may only see.
					var in []*accessAccount
					if e := f.edits(role); len(e) > 0 {
						in = append(in, f.account(e[0]))
					}
					for _, w := range f.sees(role) {
						if !slices.Contains(f.edits(role), w) {
							in = append(in, f.account(w))
							break
						}
					}
					for _, a := range in {
						f.inScope(t, o, spec, role, a, byRole)
					}
				})
			}
		})
	}
	t.Logf("%d operation × role cells", cells)
}

// inScope calls an operation on a record the role may see.
func (f *accessFixture) inScope(t *testing.T, o docOp, spec idOp, role string, a *accessAccount, byRole bool) {
	t.Helper()
	if o.String() == "POST /api/v1/accounts/{id}/merge" {
		// Merging needs two accounts and an administrator; its own tests cover it.
		if role != "admin" {
			f.expectError(t, f.call(t, o, spec, a.acc.ID, 0, role), 403, kam.EFORBIDDEN, o.String()+" as "+role)
		}
		return
	}
	mayWrite := slices.Contains(f.edits(role), a.word)
	id := a.record(spec.kind)
	if write(o.method) {
		id = f.fresh(t, a, spec.kind)
	}
	_, version := f.snapshot(t, spec.kind, id)
	if spec.restore {
		w := f.do(t, "DELETE", fmt.Sprintf("/api/v1/%s/%d", plural[spec.kind], id), bearer(f.tokens["admin"]), header("If-Match", fmt.Sprintf(`"%d"`, version)))
		if w.Code != 204 {
			t.Fatalf("delete %s %d as admin: %d %s", spec.kind, id, w.Code, w.Body)
		}
		version = 0
	}
	w := f.call(t, o, spec, id, version, role)
	what := fmt.Sprintf("%s of %s's %s as %s", o, a.word, spec.kind, role)
	switch {
	case byRole:
		f.expectError(t, w, 403, kam.EFORBIDDEN, what)
	case !write(o.method) || mayWrite:
		if w.Code < 200 || w.Code > 299 {
			t.Errorf("%s: %d, want 2xx: %.300s", what, w.Code, w.Body)
		}
	case spec.restore && w.Code == 404:
		// A deleted record is out of sight of those who may not restore it.
	default:
		f.expectError(t, w, 403, kam.EFORBIDDEN, what)
	}
}

// adminOnly holds a route on administrators' records: others are refused
// alike whether the record exists or not.
func (f *accessFixture) adminOnly(t *testing.T, o docOp, spec idOp, role string, missing *httptest.ResponseRecorder) {
	t.Helper()
	if role == "admin" {
		f.expectError(t, missing, 404, kam.ENOTFOUND, o.String()+" of no record as admin")
		if spec.kind == "webhook" && o.method == "GET" {
			if w := f.call(t, o, spec, f.webhookID, 0, role); w.Code != 200 {
				t.Errorf("%s of a webhook as admin: %d %.300s", o, w.Code, w.Body)
			}
		}
		return
	}
	f.expectError(t, missing, 403, kam.EFORBIDDEN, o.String()+" as "+role)
	if spec.kind == "webhook" {
		before, version := f.snapshot(t, "webhook", f.webhookID)
		w := f.call(t, o, spec, f.webhookID, version, role)
		f.expectError(t, w, 403, kam.EFORBIDDEN, o.String()+" of a webhook as "+role)
		if after, _ := f.snapshot(t, "webhook", f.webhookID); after != before {
			t.Errorf("%s as %s changed the webhook", o, role)
		}
	}
}

// pages opens every signed-in page as every role.
func (f *accessFixture) pages(t *testing.T) {
	lists := []string{"/", "/accounts", "/accounts?q=", "/contacts", "/pipeline", "/forecasts", "/flags", "/calendar", "/plans",
		"/search?q=Holding", "/search?q=son", "/search?q=Expansion",
		"/export/accounts", "/export/accounts?format=csv", "/export/contacts", "/export/opportunities", "/export/orders"}
	for _, role := range accessRoles {
		t.Run(role, func(t *testing.T) {
			c := cookie(f.sessions[role])
			var deals int64
			for _, a := range f.visible(role) {
				deals += a.dealCents
			}
			if w := f.do(t, "GET", "/pipeline", c); !strings.Contains(w.Body.String(), fmt.Sprintf(`stage-amount">%d EUR<`, deals/10000)) {
				t.Errorf("the pipeline of %s does not total %d EUR", role, deals/10000)
			}
			for _, target := range lists {
				w := f.do(t, "GET", target, c)
				if w.Code != 200 {
					t.Errorf("GET %s as %s: %d", target, role, w.Code)
				}
				if l := f.leaks(role, w.Body.Bytes()); len(l) > 0 {
					t.Errorf("GET %s as %s shows %v", target, role, l)
				}
			}
			for _, a := range f.hidden(role) {
				w := f.do(t, "GET", "/search?q="+url.QueryEscape(a.word), c)
				if l := found(a, w.Body.Bytes()); w.Code != 200 || len(l) > 0 {
					t.Errorf("search for %s as %s: %d, shows %v", a.word, role, w.Code, l)
				}
			}
			f.pageIDs(t, role)
		})
	}
}

// pageOp is a signed-in page on a record.
type pageOp struct {
	method, path, kind string
	form               func(version int64) url.Values
}

var pageOps = []pageOp{
	{"GET", "/accounts/{id}", "account", nil},
	{"POST", "/accounts/{id}/edit", "account", func(v int64) url.Values {
		return url.Values{"version": {fmt.Sprint(v)}, "name": {"Renamed"}, "tier": {"key"}, "status": {"active"}}
	}},
	{"POST", "/accounts/{id}/stage", "account", func(int64) url.Values { return url.Values{"stage": {"mid_kam"}} }},
	{"POST", "/opportunities/{id}/stage", "opportunity", func(v int64) url.Values {
		return url.Values{"version": {fmt.Sprint(v)}, "stage": {"negotiation"}}
	}},
	{"POST", "/tasks/{id}/done", "task", func(int64) url.Values { return url.Values{} }},
	{"POST", "/flags/{id}/state", "flag", func(int64) url.Values { return url.Values{"state": {"acknowledged"}} }},
	{"GET", "/plans/{id}", "plan", nil},
	// Field history, a page per kind of record, and its download.
	{"GET", "/accounts/{id}/history", "account", nil},
	{"GET", "/accounts/{id}/history?format=csv", "account", nil},
	{"GET", "/contacts/{id}/history", "contact", nil},
	{"GET", "/opportunities/{id}/history", "opportunity", nil},
	{"GET", "/cases/{id}/history", "case", nil},
	{"GET", "/plans/{id}/history", "plan", nil},
	{"POST", "/plans/{id}/items", "plan", func(v int64) url.Values {
		return url.Values{"version": {fmt.Sprint(v)}, "kind": {"strategy"}, "title": {"Matrix strategy"}}
	}},
}

// pageIDs opens the pages on records as a role: out of scope is the
// not-found page and changes nothing.
func (f *accessFixture) pageIDs(t *testing.T, role string) {
	c := cookie(f.sessions[role])
	for _, p := range pageOps {
		send := func(id, version int64) *httptest.ResponseRecorder {
			target := strings.Replace(p.path, "{id}", fmt.Sprint(id), 1)
			if p.form == nil {
				return f.do(t, p.method, target, c)
			}
			return f.do(t, p.method, target, c, form(p.form(version)))
		}
		cell := "page " + p.method + " " + p.path
		if _, ok := accessSkips[cell+" as "+role]; ok {
			t.Logf("skipped: %s", accessSkips[cell+" as "+role])
			continue
		}
		missing := send(999999, 1)
		byRole := missing.Code == 403 // refused whatever the record: reveals nothing
		if missing.Code != 404 && !byRole {
			t.Errorf("%s of no record as %s: %d", cell, role, missing.Code)
		}
		for _, a := range f.hidden(role) {
			id := a.record(p.kind)
			before, version := f.snapshot(t, p.kind, id)
			w := send(id, version)
			if w.Code != missing.Code {
				t.Errorf("%s of %s's %s as %s: %d, of no record %d", cell, a.word, p.kind, role, w.Code, missing.Code)
			}
			if l := f.leaks(role, w.Body.Bytes()); len(l) > 0 {
				t.Errorf("%s of %s's %s as %s shows %v", cell, a.word, p.kind, role, l)
			}
			if after, _ := f.snapshot(t, p.kind, id); after != before {
				t.Errorf("%s of %s's %s as %s changed it", cell, a.word, p.kind, role)
			}
		}
		for _, a := range f.visible(role) {
			id := a.record(p.kind)
			if p.method != "GET" {
				id = f.fresh(t, a, p.kind)
			}
			_, version := f.snapshot(t, p.kind, id)
			w := send(id, version)
			mayWrite := slices.Contains(f.edits(role), a.word)
			switch {
			case byRole:
				if w.Code != 403 {
					t.Errorf("%s of %s's %s as %s: %d, want 403", cell, a.word, p.kind, role, w.Code)
				}
			case p.method == "GET" || mayWrite:
				if w.Code != 200 && w.Code != 303 {
					t.Errorf("%s of %s's %s as %s: %d, want 200 or 303", cell, a.word, p.kind, role, w.Code)
				}
			case w.Code != 403:
				t.Errorf("%s of %s's %s as %s (read only): %d, want 403", cell, a.word, p.kind, role, w.Code)
			}
		}
	}
}
