package ingest

import (
	"strings"
	"testing"
)

func TestMapColumnsBySynonyms(t *testing.T) {
	cases := []struct {
		kind   Kind
		header []string
		want   map[string]string // field → column
	}{
		{KindOrders, []string{"InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"},
			map[string]string{"order_id": "InvoiceNo", "sku": "StockCode", "quantity": "Quantity", "order_date": "InvoiceDate",
				"unit_price": "UnitPrice", "account_external_id": "CustomerID", "country": "Country", "description": "Description"}},
		{KindAccounts, []string{"account", "sector", "year_established", "revenue", "employees", "office_location", "subsidiary_of"},
			map[string]string{"name": "account", "industry": "sector", "country": "office_location", "parent_external_id": "subsidiary_of"}},
		{KindAccounts, []string{"Id", "Name", "ParentId", "OwnerId", "Website", "BillingCountry", "Type"},
			map[string]string{"external_id": "Id", "name": "Name", "parent_external_id": "ParentId", "owner": "OwnerId",
				"domain": "Website", "country": "BillingCountry", "segment": "Type"}},
		{KindContacts, []string{"Account: Account Name", "Contact: First Name", "Contact: Last Name", "Contact: Email"},
			map[string]string{"account_name": "Account: Account Name", "first_name": "Contact: First Name", "last_name": "Contact: Last Name", "email": "Contact: Email"}},
		{KindOpportunities, []string{"opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value"},
			map[string]string{"external_id": "opportunity_id", "owner": "sales_agent", "stage": "deal_stage", "close_date": "close_date", "amount": "close_value", "account_name": "account"}},
	}
	for _, c := range cases {
		m, err := MapColumns(c.kind, c.header, nil)
		if err != nil {
			t.Errorf("%s %q: %v", c.kind, c.header, err)
			continue
		}
		for field, col := range c.want {
			if i, ok := m.Columns[field]; !ok || c.header[i] != col {
				t.Errorf("%s: field %s mapped to %v, want %q", c.kind, field, m.Columns[field], col)
			}
		}
	}
}

func TestMapColumnsExplicitAndErrors(t *testing.T) {
	header := []string{"Kunde", "Firma", "Land"}
	m, err := MapColumns(KindAccounts, header, map[string]string{"Kunde": "external_id", "firma": "name"})
	if err != nil || header[m.Columns["external_id"]] != "Kunde" || header[m.Columns["name"]] != "Firma" {
		t.Fatalf("explicit mapping: %+v %v", m, err)
	}
	if len(m.Unused) != 1 || m.Unused[0] != "Land" {
		t.Errorf("unused columns %q", m.Unused)
	}
	for _, c := range []struct {
		explicit map[string]string
		want     string
	}{
		{nil, "no column for name"},
		{map[string]string{"Kunde": "nickname"}, `no field "nickname"`},
		{map[string]string{"Kundennummer": "external_id"}, `no column "Kundennummer"`},
	} {
		_, err := MapColumns(KindAccounts, header, c.explicit)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.explicit, err, c.want)
		}
	}
	if _, err := MapColumns("widgets", header, nil); err == nil || !strings.Contains(err.Error(), "accounts") {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := ParseMapFlags([]string{"a=b", "novalue"}); err == nil {
		t.Error("a --map without = accepted")
	}
}

func FuzzMapColumns(f *testing.F) {
	f.Add("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID", "orders")
	f.Add("Account: Account Name,Contact: Last Name", "contacts")
	f.Fuzz(func(t *testing.T, header, kind string) {
		cols := strings.Split(header, ",")
		m, err := MapColumns(Kind(kind), cols, nil)
		if err != nil {
			return
		}
		seen := map[int]bool{}
		for _, i := range m.Columns {
			if i < 0 || i >= len(cols) || seen[i] {
				t.Fatalf("column %d mapped twice or out of range in %q", i, cols)
			}
			seen[i] = true
		}
	})
}
