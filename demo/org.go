package demo

import (
	"fmt"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// country is a market the demo company sells in.
type country struct {
	code, name, region string
	territories        []string
	legalForms         []string // the company forms common there, most common first
	culture            string   // which list of people's names fits
	phone              string   // international dialling prefix
	taxPrefix          string   // how its VAT or tax numbers begin
	taxDigits          int
}

// countries are the markets, grouped by region in the order of the org tree.
// Every unit of the tree has a name of its own: units are found by name.
var countries = []country{
	{"DE", "Germany", "EMEA", []string{"Germany North", "Germany South"}, []string{"GmbH", "AG", "GmbH & Co. KG"}, "de", "+49", "DE", 9},
	{"FR", "France", "EMEA", []string{"France North", "France South"}, []string{"SAS", "SA", "SARL"}, "fr", "+33", "FR", 11},
	{"GB", "United Kingdom", "EMEA", []string{"UK & Ireland"}, []string{"Ltd", "plc"}, "en", "+44", "GB", 9},
	{"NL", "Netherlands", "EMEA", []string{"Benelux"}, []string{"B.V.", "N.V."}, "nl", "+31", "NL", 9},
	{"ES", "Spain", "EMEA", []string{"Iberia"}, []string{"S.L.", "S.A."}, "es", "+34", "ES", 9},
	{"IT", "Italy", "EMEA", []string{"Northern Italy"}, []string{"S.r.l.", "S.p.A."}, "it", "+39", "IT", 11},
	{"PL", "Poland", "EMEA", []string{"Central Europe"}, []string{"Sp. z o.o.", "S.A."}, "pl", "+48", "PL", 10},
	{"US", "United States", "Americas", []string{"US East", "US West"}, []string{"Inc.", "LLC", "Corp."}, "en", "+1", "", 9},
	{"CA", "Canada", "Americas", []string{"Canada East"}, []string{"Inc.", "Ltd."}, "en", "+1", "", 9},
	{"BR", "Brazil", "Americas", []string{"São Paulo"}, []string{"Ltda.", "S.A."}, "pt", "+55", "", 14},
	{"MX", "Mexico", "Americas", []string{"Mexico & Central America"}, []string{"S.A. de C.V."}, "es", "+52", "", 12},
	{"JP", "Japan", "APAC", []string{"Kanto & Kansai"}, []string{"K.K."}, "ja", "+81", "", 13},
	{"AU", "Australia", "APAC", []string{"Australia & NZ"}, []string{"Pty Ltd"}, "en", "+61", "", 11},
	{"SG", "Singapore", "APAC", []string{"South-East Asia"}, []string{"Pte. Ltd."}, "sg", "+65", "", 10},
	{"IN", "India", "APAC", []string{"India West"}, []string{"Pvt. Ltd."}, "in", "+91", "", 15},
}

// regions are the second level of the org tree, in order.
var regions = []string{"EMEA", "Americas", "APAC"}

// staffSeat describes one demo user: where they sit and whom they report to.
type staffSeat struct {
	username, name string
	role           kam.Role
	unit           string // name of the org unit they are placed in
}

// staff are the demo users. Account managers sit in territories or countries;
// key account managers sit at their region; the director at the top; the
// viewer (a read-only analyst) at EMEA, so that a limited scope shows in the
// demo. Every AM and KAM reports to the director.
var staff = []staffSeat{
	{"admin", "Robin Keller", kam.RoleAdmin, "Worldwide"},
	{"director", "Helena Brandt", kam.RoleDirector, "Worldwide"},
	{"kam1", "Marc Dubois", kam.RoleKAM, "EMEA"},
	{"kam2", "Olivia Bennett", kam.RoleKAM, "Americas"},
	{"kam3", "Kenji Watanabe", kam.RoleKAM, "APAC"},
	{"am1", "Jonas Weber", kam.RoleAM, "Germany North"},
	{"am2", "Lena Hoffmann", kam.RoleAM, "Germany South"},
	{"am3", "Camille Laurent", kam.RoleAM, "France"},
	{"am4", "James Whitfield", kam.RoleAM, "UK & Ireland"},
	{"am5", "Sanne de Vries", kam.RoleAM, "Netherlands"},
	{"am6", "Michael Carter", kam.RoleAM, "US East"},
	{"am7", "Sofia Ramirez", kam.RoleAM, "US West"},
	{"am8", "Chloe Nguyen", kam.RoleAM, "Australia"},
	{"viewer", "Priya Shah", kam.RoleViewer, "EMEA"},
}

// emailDomain is where the demo users' mail would go: a reserved domain.
const emailDomain = "kam-demo.example"

// seller is an AM or KAM who owns accounts, with where they sell.
type seller struct {
	user    *kam.User
	country *country // an AM's country; nil for a KAM
	region  string
	// revenue is what the seller's accounts bought in the last twelve months,
	// in Money units, for setting next year's targets.
	revenue int64
}

// org is the loaded org tree and users.
type org struct {
	units    map[string]*kam.OrgUnit // by name
	all      []*kam.OrgUnit
	users    []*kam.User
	director *kam.User
	kams     []*seller
	ams      []*seller
}

// loadOrg writes the org tree (global → regions → countries → territories) and
// the demo users, all with the same password hash.
func loadOrg(l *store.Loader, passwordHash string) (*org, error) {
	o := &org{units: map[string]*kam.OrgUnit{}}
	add := func(parent *kam.OrgUnit, kind kam.OrgUnitKind, name string) (*kam.OrgUnit, error) {
		if o.units[name] != nil {
			return nil, fmt.Errorf("demo: two org units are named %q", name)
		}
		u := &kam.OrgUnit{Kind: kind, Name: name}
		if parent != nil {
			u.ParentID = parent.ID
		}
		if err := l.OrgUnit(u); err != nil {
			return nil, err
		}
		o.units[name], o.all = u, append(o.all, u)
		return u, nil
	}
	top, err := add(nil, kam.OrgGlobal, "Worldwide")
	if err != nil {
		return nil, err
	}
	for _, region := range regions {
		ru, err := add(top, kam.OrgRegion, region)
		if err != nil {
			return nil, err
		}
		for _, c := range countries {
			if c.region != region {
				continue
			}
			cu, err := add(ru, kam.OrgCountry, c.name)
			if err != nil {
				return nil, err
			}
			for _, t := range c.territories {
				if _, err := add(cu, kam.OrgTerritory, t); err != nil {
					return nil, err
				}
			}
		}
	}
	return o, o.loadStaff(l, passwordHash)
}

// loadStaff writes the demo users; managers come first in staff, so that
// every manager id is known when it is needed.
func (o *org) loadStaff(l *store.Loader, passwordHash string) error {
	for _, s := range staff {
		u := &kam.User{Username: s.username, DisplayName: s.name, Role: s.role, OrgUnitID: o.units[s.unit].ID,
			Email: strings.ToLower(strings.ReplaceAll(s.name, " ", ".")) + "@" + emailDomain}
		if s.role == kam.RoleKAM || s.role == kam.RoleAM {
			u.ManagerID = o.director.ID
		}
		if err := l.User(u, passwordHash); err != nil {
			return fmt.Errorf("demo user %s: %w", s.username, err)
		}
		o.users = append(o.users, u)
		switch s.role {
		case kam.RoleDirector:
			o.director = u
		case kam.RoleKAM:
			o.kams = append(o.kams, &seller{user: u, region: s.unit})
		case kam.RoleAM:
			c := o.countryOfUnit(s.unit)
			o.ams = append(o.ams, &seller{user: u, country: c, region: c.region})
		}
	}
	return nil
}

// countryOfUnit returns the market of a country or territory unit.
func (o *org) countryOfUnit(unit string) *country {
	for i, c := range countries {
		if c.name == unit {
			return &countries[i]
		}
		for _, t := range c.territories {
			if t == unit {
				return &countries[i]
			}
		}
	}
	panic("demo: unit " + unit + " is in no country")
}

// localAMs returns the account managers who sell in the country.
func (o *org) localAMs(code string) []*seller {
	var out []*seller
	for _, s := range o.ams {
		if s.country.code == code {
			out = append(out, s)
		}
	}
	return out
}
