package portfolio

import (
	"context"
	"fmt"
	"sort"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/forecast"
	"github.com/kamhq/kam/store"
)

// AccountRef names an account in a report row: its id, name, owner, and
// the ids other systems know it by, so that a script can join the row to
// them.
type AccountRef struct {
	AccountID   int64            `json:"account_id"`
	Name        string           `json:"account_name"`
	Owner       string           `json:"owner,omitempty"`
	ExternalIDs []kam.ExternalID `json:"external_ids"`
}

// AccountForecast is one account's forecast, pipeline included.
type AccountForecast struct {
	AccountRef
	forecast.Forecast
}

// ForecastReport is next quarter's forecast of every account a user may
// see, summed per account manager, per org unit and in total.
type ForecastReport struct {
	AsOf      kam.Date             `json:"as_of"`
	Accounts  []AccountForecast    `json:"accounts"`
	ByOwner   []forecast.Aggregate `json:"by_owner"`
	ByOrgUnit []forecast.Aggregate `json:"by_org_unit"`
	Total     forecast.Aggregate   `json:"total"`
}

// Names resolves users and org units to names for reports.
type Names struct {
	Users, Units map[int64]string
}

// LoadNames reads the names of every user and org unit.
func LoadNames(ctx context.Context, st *store.Store, p *kam.Principal) (Names, error) {
	n := Names{Users: map[int64]string{}, Units: map[int64]string{}}
	users, err := st.FindUsers(ctx, p)
	if err != nil {
		return n, err
	}
	for _, u := range users {
		n.Users[u.ID] = u.Username
	}
	units, err := st.FindOrgUnits(ctx)
	if err != nil {
		return n, err
	}
	for _, u := range units {
		n.Units[u.ID] = u.Name
	}
	return n, nil
}

// Ref is the report reference of an account.
func (n Names) Ref(a *kam.Account) AccountRef {
	ids := a.ExternalIDs
	if ids == nil {
		ids = []kam.ExternalID{} // [] in JSON, not null
	}
	return AccountRef{AccountID: a.ID, Name: a.Name, Owner: n.Users[a.OwnerID], ExternalIDs: ids}
}

// Forecasts forecasts each account p may see from its history as of a day,
// adding its open pipeline, and sums the forecasts by owner, org unit and in
// total. Lost accounts are forecast too: their history says they stopped.
func Forecasts(ctx context.Context, st *store.Store, p *kam.Principal, asOf kam.Date, opt forecast.Options) (*ForecastReport, error) {
	names, err := LoadNames(ctx, st, p)
	if err != nil {
		return nil, err
	}
	rep := &ForecastReport{AsOf: asOf, Accounts: []AccountForecast{}}
	owners, units := map[string]*forecast.Aggregate{}, map[string]*forecast.Aggregate{}
	add := func(groups map[string]*forecast.Aggregate, key string, f forecast.Forecast) {
		g := groups[key]
		if g == nil {
			g = &forecast.Aggregate{Key: key}
			groups[key] = g
		}
		g.Add(f)
	}
	rep.Total.Key = "total"
	err = st.EachHistory(ctx, p, asOf, func(a *kam.Account, h *insight.History) error {
		f := AccountForecastOf(h, asOf, opt)
		rep.Accounts = append(rep.Accounts, AccountForecast{names.Ref(a), f})
		add(owners, orNone(names.Users[a.OwnerID], "no owner"), f)
		add(units, orNone(names.Units[a.OrgUnitID], "no org unit"), f)
		rep.Total.Add(f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	rep.ByOwner, rep.ByOrgUnit = sortedGroups(owners), sortedGroups(units)
	return rep, nil
}

// AccountForecastOf forecasts one account as of a day, with its open deals
// expected to close inside the horizon weighted by their probability.
func AccountForecastOf(h *insight.History, asOf kam.Date, opt forecast.Options) forecast.Forecast {
	f := forecast.Account(h.Sales, asOf, opt)
	var deals []forecast.Deal
	for _, d := range h.Opportunities {
		if d.Open {
			deals = append(deals, forecast.Deal{Amount: d.Amount, Probability: d.Probability, Close: d.Close})
		}
	}
	return forecast.AddPipeline(f, deals)
}

func sortedGroups(m map[string]*forecast.Aggregate) []forecast.Aggregate {
	out := make([]forecast.Aggregate, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}
