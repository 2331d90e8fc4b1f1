package server_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// accessFixture is a portfolio spread over an org tree, for the access
// matrix: Europe (the administrator's unit) above Nordics and DACH, each
// with a director, an account manager and a key account manager, and a
// viewer in Nordics. Each account has one record of every kind, all named
// after the account's word, so that a leak shows as that word in a page.
type accessFixture struct {
	*fixture
	users    map[string]*kam.User // by username
	tokens   map[string]string    // API token (read and write) by username
	sessions map[string]string    // web session by username
	accounts []*accessAccount
	// webhookID is an administrator's webhook; spares counts the records
	// fresh has added.
	webhookID int64
	spares    int
	// forecast is each account's forecast total as the administrator sees it.
	forecast map[int64]float64
}

// accessAccount is one account of the access fixture and its records.
type accessAccount struct {
	word      string // in the names of the account and all its records
	owner     string
	acc       *kam.Account
	contact   *kam.Contact
	deal      *kam.Opportunity
	activity  *kam.Activity
	task      *kam.Task
	contract  *kam.Contract
	caseRec   *kam.Case
	plan      *kam.AccountPlan // with one objective (plans_access_test.go)
	flagID    int64
	dealCents int64 // the deal's amount in cents
}

// accessRoles are the fixture's users, one per role and region.
var accessRoles = []string{"admin", "dir_n", "dir_d", "kam_n", "am_n", "kam_d", "am_d", "viewer_n"}

// The team of the Nordic accounts includes the DACH account manager: with
// read access on am_n's account, with edit access on kam_n's.
var accessTeam = []struct{ account, user, access string }{
	{"Aurora", "am_d", "read"},
	{"Borealis", "am_d", "edit"},
}

// newAccessFixture builds the fixture on s, with figures recomputed.
func newAccessFixture(t *testing.T, s *store.Store) *accessFixture {
	t.Helper()
	ctx, sys := context.Background(), kam.System()
	f := &accessFixture{fixture: newFixture(t, s), users: map[string]*kam.User{}, tokens: map[string]string{}, sessions: map[string]string{}}
	europe := &kam.OrgUnit{Kind: kam.OrgRegion, Name: "Europe"}
	must(t, s.CreateOrgUnit(ctx, sys, europe))
	nordics := &kam.OrgUnit{Kind: kam.OrgCountry, Name: "Nordic region", ParentID: europe.ID}
	must(t, s.CreateOrgUnit(ctx, sys, nordics))
	dach := &kam.OrgUnit{Kind: kam.OrgCountry, Name: "DACH region", ParentID: europe.ID}
	must(t, s.CreateOrgUnit(ctx, sys, dach))
	for _, u := range []*kam.User{
		{Username: "admin", DisplayName: "Ada Admin", Role: kam.RoleAdmin, OrgUnitID: europe.ID},
		{Username: "dir_n", DisplayName: "Dana North", Role: kam.RoleDirector, OrgUnitID: nordics.ID},
		{Username: "dir_d", DisplayName: "Dieter South", Role: kam.RoleDirector, OrgUnitID: dach.ID},
		{Username: "kam_n", DisplayName: "Kari North", Role: kam.RoleKAM, OrgUnitID: nordics.ID},
		{Username: "am_n", DisplayName: "Anni North", Role: kam.RoleAM, OrgUnitID: nordics.ID},
		{Username: "kam_d", DisplayName: "Klaus South", Role: kam.RoleKAM, OrgUnitID: dach.ID},
		{Username: "am_d", DisplayName: "Anke South", Role: kam.RoleAM, OrgUnitID: dach.ID},
		{Username: "viewer_n", DisplayName: "Vera North", Role: kam.RoleViewer, OrgUnitID: nordics.ID},
	} {
		must(t, s.CreateUser(ctx, sys, u, testPassword))
		f.users[u.Username] = u
		_, secret, err := s.CreateToken(ctx, sys, u.Username, "matrix", false, nil)
		must(t, err)
		f.tokens[u.Username] = secret
		f.sessions[u.Username] = f.login(t, u.Username)
	}
	today := kam.DateOf(time.Now())
	for i, spec := range []struct{ word, owner, country string }{
		{"Aurora", "am_n", "FI"},
		{"Borealis", "kam_n", "SE"},
		{"Edelweiss", "am_d", "DE"},
		{"Zugspitze", "kam_d", "AT"},
		{"Headquarters", "admin", "BE"},
	} {
		a := &accessAccount{word: spec.word, owner: spec.owner, dealCents: int64(1000<<i) * 100}
		a.acc = &kam.Account{Name: spec.word + " Holding", Tier: "key", Country: spec.country, OwnerID: f.users[spec.owner].ID, Currency: "EUR"}
		must(t, s.CreateAccount(ctx, sys, a.acc))
		f.accounts = append(f.accounts, a)
	}
	owner := func(a *accessAccount) int64 { return f.users[a.owner].ID }
	must(t, s.Load(ctx, sys, func(l *store.Loader) error {
		for _, m := range accessTeam {
			if err := l.TeamMember(f.account(m.account).acc.ID, f.users[m.user].ID, "support", m.access); err != nil {
				return err
			}
		}
		for _, a := range f.accounts {
			id := a.acc.ID
			a.contact = &kam.Contact{AccountID: id, FirstName: "Pat", LastName: a.word + "son", Title: "Buyer", BuyingRole: kam.BuyingUser, Strength: 3}
			a.deal = &kam.Opportunity{AccountID: id, Name: a.word + " Expansion", Kind: kam.OppUpsell, Stage: "proposal",
				Amount: kam.Money(a.dealCents), Currency: "EUR", Probability: 50, CloseDate: today.AddDays(30), OwnerID: owner(a)}
			a.activity = &kam.Activity{AccountID: id, Kind: kam.ActivityKind("call"), OccurredAt: time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Second),
				UserID: owner(a), Subject: a.word + " review call"}
			a.task = &kam.Task{AccountID: id, AssigneeID: owner(a), Title: a.word + " follow-up", Due: today.AddDays(2)}
			a.contract = &kam.Contract{AccountID: id, Name: a.word + " Master Agreement", StartDate: today.AddDays(-300), EndDate: today.AddDays(60),
				Value: kam.Money(a.dealCents), Currency: "EUR", NoticeDays: 30, Status: "active"}
			a.caseRec = &kam.Case{AccountID: id, Kind: kam.CaseComplaint, Severity: "high", Status: "open", Subject: a.word + " late delivery",
				OwnerID: owner(a), OpenedAt: time.Now().Add(-72 * time.Hour).UTC().Truncate(time.Second), Due: today.AddDays(3)}
			for _, err := range []error{l.Contact(a.contact), l.Opportunity(a.deal), l.Activity(a.activity), l.Task(a.task),
				l.Contract(a.contract), l.Case(a.caseRec)} {
				if err != nil {
					return err
				}
			}
			for m := 1; m <= 14; m++ {
				o := &kam.Order{AccountID: id, OrderDate: today.AddDays(-30 * m), Currency: "EUR", ExternalID: fmt.Sprintf("%s-SO-%02d", a.word, m),
					Lines: []*kam.OrderLine{{Quantity: 10, UnitPrice: kam.Money(a.dealCents / 10)}}}
				if err := l.Order(o); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	_, err := s.Recompute(ctx, today, portfolio.Compute(portfolio.Options{}))
	must(t, err)
	for _, a := range f.accounts {
		_, _, err := s.SyncFlags(ctx, a.acc.ID, []insight.Flag{{Kind: insight.VolumeDrop, Severity: "high", Evidence: a.word + " orders fell"}})
		must(t, err)
		flags, err := s.FindAccountFlags(ctx, sys, a.acc.ID)
		must(t, err)
		for _, fl := range flags {
			if fl.Kind == string(insight.VolumeDrop) {
				a.flagID = fl.ID
			}
		}
		if a.flagID == 0 {
			t.Fatalf("no flag on %s", a.word)
		}
	}
	f.addPlans(t)
	hook := &kam.Webhook{URL: "https://hooks.example/matrix", Events: []string{kam.EventOpportunityStageChanged}}
	must(t, s.CreateWebhook(ctx, sys, hook))
	f.webhookID = hook.ID
	return f
}

// account returns the fixture's account of a word.
func (f *accessFixture) account(word string) *accessAccount {
	for _, a := range f.accounts {
		if a.word == word {
			return a
		}
	}
	panic("no account " + word)
}

// sees lists the words of the accounts a user may read: the rule of
// store/scope.go written out for this fixture.
func (f *accessFixture) sees(user string) []string {
	switch user {
	case "admin":
		return []string{"Aurora", "Borealis", "Edelweiss", "Zugspitze", "Headquarters"}
	case "dir_n", "viewer_n":
		return []string{"Aurora", "Borealis"}
	case "dir_d":
		return []string{"Edelweiss", "Zugspitze"}
	case "am_n":
		return []string{"Aurora"}
	case "kam_n":
		return []string{"Borealis"}
	case "kam_d":
		return []string{"Zugspitze"}
	case "am_d":
		return []string{"Aurora", "Borealis", "Edelweiss"}
	}
	panic("no user " + user)
}

// edits lists the words of the accounts a user may change.
func (f *accessFixture) edits(user string) []string {
	switch user {
	case "viewer_n":
		return nil
	case "am_d":
		return []string{"Borealis", "Edelweiss"}
	}
	return f.sees(user)
}

// hidden lists the accounts a user may not see.
func (f *accessFixture) hidden(user string) []*accessAccount {
	var out []*accessAccount
	for _, a := range f.accounts {
		if !slices.Contains(f.sees(user), a.word) {
			out = append(out, a)
		}
	}
	return out
}

// visible lists the accounts a user may see.
func (f *accessFixture) visible(user string) []*accessAccount {
	var out []*accessAccount
	for _, a := range f.accounts {
		if slices.Contains(f.sees(user), a.word) {
			out = append(out, a)
		}
	}
	return out
}
