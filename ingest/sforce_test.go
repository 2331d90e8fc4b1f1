package ingest

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestSalesforceTreeNestedAndFlat(t *testing.T) {
	doc := `{"records":[
	  {"attributes":{"type":"Account","referenceId":"A1"},"Name":"Acme","NumberOfEmployees":120,
	   "Contacts":{"records":[{"attributes":{"type":"Contact","referenceId":"C1"},"LastName":"Ng","Email":"ng@acme.example"}]}},
	  {"attributes":{"type":"Account","referenceId":"A2"},"Name":"Beta","ParentId":"@A1","Active":true,"Notes":null}]}`
	tb, err := OpenSalesforceTree("tree.json", strings.NewReader(doc), "Account")
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, tb)
	h := tb.Header()
	col := func(name string) int { return slices.Index(h, name) }
	if !slices.Equal(h[:4], []string{ColReferenceID, ColParentRef, "Name", "NumberOfEmployees"}) {
		t.Errorf("columns not in export order: %q", h)
	}
	if len(rows) != 2 || rows[0].Values[col("Name")] != "Acme" || rows[0].Values[col("NumberOfEmployees")] != "120" ||
		rows[1].Values[col("ParentId")] != "@A1" || rows[1].Values[col("Active")] != "true" || rows[1].Values[col(ColReferenceID)] != "A2" {
		t.Fatalf("accounts %q / %q / %q", h, rows[0].Values, rows[1].Values)
	}
	tb, _ = OpenSalesforceTree("tree.json", strings.NewReader(doc), "Contact")
	rows = readAll(t, tb)
	h = tb.Header()
	if len(rows) != 1 || rows[0].Values[slices.Index(h, ColParentRef)] != "A1" || rows[0].Line != 2 {
		t.Fatalf("contacts %q %+v", h, rows)
	}
	for _, bad := range []string{"", "[]", `{"records": 3}`, `{"other": []}`} {
		if _, err := OpenSalesforceTree("bad.json", strings.NewReader(bad), "Account"); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSalesforceTreeRealExports(t *testing.T) {
	for _, c := range []struct {
		file, sobject string
		want          int
	}{
		{"salesforce-apex-recipes/Accounts.json", "Account", 50},
		{"salesforce-apex-recipes/Contacts.json", "Contact", 150},
		{"salesforce-lwc-recipes/Opportunities.json", "Opportunity", 20},
	} {
		f, err := os.Open(sharedData(t, c.file))
		if err != nil {
			t.Fatal(err)
		}
		tb, err := OpenSalesforceTree(c.file, f, c.sobject)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		rows := readAll(t, tb)
		if len(rows) != c.want {
			t.Errorf("%s: %d records, want %d", c.file, len(rows), c.want)
		}
		for _, r := range rows {
			if r.Err != nil || r.Values[0] == "" {
				t.Errorf("%s record %d: %v %q", c.file, r.Line, r.Err, r.Values)
			}
		}
	}
}

func FuzzSalesforceTree(f *testing.F) {
	f.Add([]byte(`{"records":[{"attributes":{"type":"Account","referenceId":"A1"},"Name":"x"}]}`), "Account")
	if b, err := os.ReadFile("../../shared/data/salesforce-lwc-recipes/Contacts.json"); err == nil {
		f.Add(b, "Contact")
	}
	f.Fuzz(func(t *testing.T, data []byte, sobject string) {
		tb, err := OpenSalesforceTree("fuzz.json", strings.NewReader(string(data)), sobject)
		if err != nil {
			return
		}
		for _, r := range readAll(t, tb) {
			if len(r.Values) != len(tb.Header()) {
				t.Fatalf("row of %d values under %d columns", len(r.Values), len(tb.Header()))
			}
		}
		_ = json.Valid(data)
	})
}
