package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Profile is a saved way to read the files of one system: which kind each
// file holds, how its columns map, and the system's conventions.
type Profile struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Kind, for a saved profile of one kind of file, is that kind.
	Kind Kind `json:"kind,omitempty"`
	// Source of the ids in the system's files (default: the profile's name).
	Source string `json:"source,omitempty"`
	// Currency of amounts in the system's files.
	Currency string `json:"currency,omitempty"`
	// Map names columns per kind (column → field), on top of the synonyms.
	Map map[Kind]map[string]string `json:"map,omitempty"`
	// Detect tells a file's kind by the columns it has (normalised names).
	Detect []Detection `json:"detect,omitempty"`
	// CreateAccounts: an order's unknown customer id becomes a new account,
	// named by AccountName.
	CreateAccounts bool   `json:"create_accounts,omitempty"`
	AccountName    string `json:"account_name,omitempty"` // a fmt pattern for the customer id, such as "Customer %s"
	// CreateProducts: an order line's unknown SKU becomes a new product.
	CreateProducts bool `json:"create_products,omitempty"`
	// CreditNotePrefix marks order numbers of credit notes (cancellations).
	CreditNotePrefix string `json:"credit_note_prefix,omitempty"`
	// RefIDs: a record without an id column gets the id Salesforce's tree
	// exports give it, "<Object>Ref<n>" for the n-th record of its file, so
	// that "@AccountRef3" links in other files find it.
	RefIDs bool `json:"ref_ids,omitempty"`
}

// Detection says that a file with all of Columns holds Kind.
type Detection struct {
	Kind    Kind     `json:"kind"`
	Columns []string `json:"columns"`
}

// SavedProfile is the profile a user saves from an import: its kind, source,
// currency and the columns named with --map.
func SavedProfile(name string, opts Options) (*Profile, error) {
	if !validProfileName(name) {
		return nil, fmt.Errorf("profile name %q: use letters, digits, '-' and '_' (at most 64)", name)
	}
	if _, builtin := Profiles[name]; builtin {
		return nil, fmt.Errorf("%q is a built-in profile; choose another name", name)
	}
	if opts.Kind == "" {
		return nil, fmt.Errorf("a saved profile is for one kind of file; name the kind")
	}
	return &Profile{Name: name, Kind: opts.Kind, Source: opts.Source, Currency: opts.Currency,
		Map: map[Kind]map[string]string{opts.Kind: opts.Map}}, nil
}

func validProfileName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// JSON is the profile as saved.
func (p *Profile) JSON() (string, error) {
	b, err := json.Marshal(p)
	return string(b), err
}

// ParseProfile reads a saved profile.
func ParseProfile(body string) (*Profile, error) {
	var p Profile
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return nil, fmt.Errorf("saved profile: %w", err)
	}
	return &p, nil
}

// KindOf tells the kind of a file from its header, or "" when no detection
// fits.
func (p *Profile) KindOf(header []string) Kind {
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normalizeHeader(h)
	}
	for _, d := range p.Detect {
		if !slices.ContainsFunc(d.Columns, func(c string) bool { return !slices.Contains(norm, c) }) {
			return d.Kind
		}
	}
	return ""
}

// Profiles are the built-in profiles by name.
var Profiles = map[string]*Profile{
	"online-retail": {
		Name:        "online-retail",
		Description: "invoice lines of an ERP or web shop (InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice, CustomerID): accounts, products and orders with credit notes",
		Currency:    "GBP",
		Map: map[Kind]map[string]string{KindOrders: {
			"InvoiceNo": "order_id", "StockCode": "sku", "Description": "description", "Quantity": "quantity",
			"InvoiceDate": "order_date", "UnitPrice": "unit_price", "CustomerID": "account_external_id", "Country": "country",
		}},
		Detect:           []Detection{{KindOrders, []string{"invoiceno", "stockcode"}}},
		CreateAccounts:   true,
		AccountName:      "Customer %s",
		CreateProducts:   true,
		CreditNotePrefix: "C",
	},
	"maven-crm": {
		Name:        "maven-crm",
		Description: "Maven Analytics CRM: accounts.csv, products.csv, sales_teams.csv, sales_pipeline.csv",
		Currency:    "USD",
		Map: map[Kind]map[string]string{
			KindAccounts:      {"account": "name", "sector": "industry", "office_location": "country", "subsidiary_of": "parent_external_id"},
			KindProducts:      {"product": "sku", "series": "family", "sales_price": "list_price"},
			KindUsers:         {"sales_agent": "display_name", "manager": "manager", "regional_office": "region"},
			KindOpportunities: {"opportunity_id": "external_id", "sales_agent": "owner", "product": "product", "account": "account_name", "deal_stage": "stage", "close_value": "amount", "close_date": "close_date", "engage_date": "created_date"},
		},
		Detect: []Detection{
			{KindAccounts, []string{"account", "subsidiaryof"}},
			{KindProducts, []string{"product", "series", "salesprice"}},
			{KindUsers, []string{"salesagent", "manager"}},
			{KindOpportunities, []string{"opportunityid", "dealstage"}},
		},
	},
	"salesforce": {
		Name:        "salesforce",
		Description: "Salesforce exports (CSV or SObject tree JSON) of Account, Contact and Opportunity with API field names",
		Currency:    "USD",
		Detect: []Detection{
			{KindOpportunities, []string{"stagename"}},
			{KindContacts, []string{"lastname"}},
			{KindAccounts, []string{"name"}},
		},
		RefIDs: true,
	},
}

// ProfileByName returns a built-in profile, or an error listing them.
func ProfileByName(name string) (*Profile, error) {
	if p, ok := Profiles[name]; ok {
		return p, nil
	}
	var names []string
	for n := range Profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	return nil, fmt.Errorf("no profile %q; the profiles are %s", name, strings.Join(names, ", "))
}
