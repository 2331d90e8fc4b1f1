package ingest

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// readCSV reads a whole CSV file as maps by column, for expected figures.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[strings.TrimPrefix(h, "\ufeff")] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestImportMavenCRM(t *testing.T) {
	dir := filepath.Dir(sharedData(t, "maven-crm/accounts.csv"))
	accounts := readCSV(t, filepath.Join(dir, "accounts.csv"))
	teams := readCSV(t, filepath.Join(dir, "sales_teams.csv"))
	pipeline := readCSV(t, filepath.Join(dir, "sales_pipeline.csv"))
	subsidiaries, managers := 0, map[string]bool{}
	for _, a := range accounts {
		if a["subsidiary_of"] != "" {
			subsidiaries++
		}
	}
	for _, m := range teams {
		managers[m["manager"]] = true
	}
	withAccount, noAccount, gtxPro := 0, 0, 0
	var wonValue int64
	for _, o := range pipeline {
		if o["account"] == "" {
			noAccount++
			continue
		}
		withAccount++
		if o["product"] == "GTXPro" {
			gtxPro++
		}
		if o["deal_stage"] == "Won" {
			wonValue += int64(atoi(t, o["close_value"]))
		}
	}
	profile, _ := ProfileByName("maven-crm")
	// Given in the order a user might list them: the import sorts them.
	var inputs []Input
	for _, name := range []string{"sales_pipeline.csv", "accounts.csv", "sales_teams.csv", "products.csv"} {
		inputs = append(inputs, fileInput(t, filepath.Join(dir, name)))
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sum, err := Run(ctx, s, kam.System(), inputs, Options{Profile: profile})
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindAccounts]; c.New != len(accounts) || c.Rejected != 0 {
			t.Errorf("accounts: %+v, want %d new", *c, len(accounts))
		}
		if n := count(t, s, "SELECT COUNT(*) FROM accounts WHERE parent_id IS NOT NULL"); n != int64(subsidiaries) {
			t.Errorf("%d accounts have a parent, want %d (subsidiary_of)", n, subsidiaries)
		}
		if c := sum.Kinds[KindUsers]; c.New != len(teams)+len(managers) {
			t.Errorf("users: %+v, want %d agents and %d managers", *c, len(teams), len(managers))
		}
		if n := count(t, s, "SELECT COUNT(*) FROM users WHERE role = 'director'"); n != int64(len(managers)) {
			t.Errorf("%d directors, want one per manager: %d", n, len(managers))
		}
		if c := sum.Kinds[KindOpportunities]; c.New != withAccount || c.Rejected != noAccount {
			t.Errorf("opportunities: %+v, want %d new and %d rejected (no account)", *c, withAccount, noAccount)
		}
		if n := count(t, s, "SELECT COALESCE(SUM(amount), 0) FROM opportunities WHERE stage = 'won'"); n != wonValue*10000 {
			t.Errorf("won value %d, want %d", n, wonValue*10000)
		}
		note := fmt.Sprintf(`product "GTXPro" was matched to "GTX Pro" (%d rows)`, gtxPro)
		if !slices.Contains(sum.Notes, note) {
			t.Errorf("notes %q lack %q", sum.Notes, note)
		}
		// Every opportunity has an owner: the agents were matched by name.
		if n := count(t, s, "SELECT COUNT(*) FROM opportunities WHERE owner_id IS NULL"); n != 0 {
			t.Errorf("%d opportunities without an owner", n)
		}
		again, err := Run(ctx, s, kam.System(), inputs, Options{Profile: profile})
		if err != nil {
			t.Fatal(err)
		}
		for k, c := range again.Kinds {
			if c.New != 0 || c.Changed != 0 {
				t.Errorf("re-import %s: %+v, want nothing new or changed", k, *c)
			}
		}
	})
}

// treeRecords counts the records of a Salesforce tree file and the distinct
// (non-shared) website domains among accounts.
func treeRecords(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Records []map[string]any }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Records
}

func TestImportSalesforceTreeAndCSV(t *testing.T) {
	dir := filepath.Dir(sharedData(t, "salesforce-apex-recipes/Accounts.json"))
	accounts := treeRecords(t, filepath.Join(dir, "Accounts.json"))
	contacts := treeRecords(t, filepath.Join(dir, "Contacts.json"))
	opps := treeRecords(t, filepath.Join(dir, "Opportunities.json"))
	// Accounts sharing a website and a like name are one company: the later
	// ones are matched. With unlike names the pair waits for review.
	seen, matched, review := map[string]string{}, 0, 0
	for _, a := range accounts {
		d, name := domainOf(a["website"].(string)), a["name"].(string)
		if first, ok := seen[d]; ok && d != "" && !kam.SharedDomain(d) {
			if kam.NameSimilarity(first, name) >= 50 {
				matched++
			} else {
				review++
			}
			continue
		}
		seen[d] = name
	}
	unknownStage := 0
	for _, o := range opps {
		if _, ok := stageOf(o["StageName"].(string)); !ok {
			unknownStage++
		}
	}
	profile, _ := ProfileByName("salesforce")
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		opts := Options{Profile: profile, Source: "apex-recipes"}
		var tree []Input
		for _, name := range []string{"Opportunities.json", "Contacts.json", "Accounts.json"} {
			tree = append(tree, fileInput(t, filepath.Join(dir, name)))
		}
		sum, err := Run(ctx, s, kam.System(), tree, opts)
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindAccounts]; c.New != len(accounts)-matched || c.Matched != matched || sum.Review != review || review == 0 {
			t.Errorf("accounts: %+v, %d to review; want %d new, %d matched by website and name, %d to review (same website, unlike names)",
				*c, sum.Review, len(accounts)-matched, matched, review)
		}
		if c := sum.Kinds[KindContacts]; c.New != len(contacts) || c.Rejected != 0 {
			t.Errorf("contacts: %+v, want %d new", *c, len(contacts))
		}
		if c := sum.Kinds[KindOpportunities]; c.New != len(opps)-unknownStage || c.Rejected != unknownStage {
			t.Errorf("opportunities: %+v, want %d new, %d rejected for their stage", *c, len(opps)-unknownStage, unknownStage)
		}
		// Contact 1 of the tree belongs to @AccountRef10.
		first := contacts[0]
		ref := strings.TrimPrefix(first["accountId"].(string), "@AccountRef")
		want := accounts[atoi(t, ref)-1]["name"].(string)
		var got string
		err = s.DB().QueryRow(s.Rebind(`SELECT a.name FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.email = ?`),
			first["email"]).Scan(&got)
		if err != nil || got != want {
			t.Errorf("contact %s is on %q (%v), want %q", first["email"], got, err, want)
		}
		// The CSV form of the same export changes nothing.
		var flat []Input
		for _, name := range []string{"Accounts.csv", "Contacts.csv", "Opportunities.csv"} {
			flat = append(flat, fileInput(t, filepath.Join(dir, name)))
		}
		again, err := Run(ctx, s, kam.System(), flat, opts)
		if err != nil {
			t.Fatal(err)
		}
		for k, c := range again.Kinds {
			if c.New != 0 || c.Changed != 0 || c.Matched != 0 {
				t.Errorf("CSV after JSON, %s: %+v, want all unchanged", k, *c)
			}
		}
	})
}

func TestImportSalesforceParentHierarchy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Account.csv")
	// A subsidiary before its parent, with 18-character Salesforce ids.
	body := "Id,Name,ParentId,BillingCountry,Website\n" +
		"001000000000002AAA,Globex France,001000000000001AAA,France,globex.fr\n" +
		"001000000000001AAA,Globex Corporation,,United States,https://www.globex.com/\n" +
		"001000000000003AAA,Globex Italia,001000000000009AAA,Italy,\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	profile, _ := ProfileByName("salesforce")
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		sum, err := Run(context.Background(), s, kam.System(), []Input{fileInput(t, path)}, Options{Profile: profile})
		if err != nil {
			t.Fatal(err)
		}
		var parent string
		err = s.DB().QueryRow(`SELECT p.name FROM accounts c JOIN accounts p ON p.id = c.parent_id WHERE c.name = 'Globex France'`).Scan(&parent)
		if err != nil || parent != "Globex Corporation" {
			t.Errorf("Globex France's parent is %q (%v)", parent, err)
		}
		if c := sum.Kinds[KindAccounts]; c.New != 3 || c.Rejected != 1 {
			t.Errorf("accounts: %+v, want 3 new and Italia's missing parent reported", *c)
		}
		if len(sum.Rejects) != 1 || sum.Rejects[0].Line != 4 || sum.Rejects[0].Column != "ParentId" {
			t.Errorf("rejects %+v, want line 4, column ParentId", sum.Rejects)
		}
		var domains string
		if err := s.DB().QueryRow(`SELECT domains FROM accounts WHERE name = 'Globex Corporation'`).Scan(&domains); err != nil || domains != "globex.com" {
			t.Errorf("domains %q (%v), want globex.com from the website", domains, err)
		}
	})
}

func TestIdsNeedTheirSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sys := kam.System()
		customers := textInput("customers.csv", "id,name,country\n1,Acme Ltd,GB\n")
		prospects := textInput("prospects.csv", "id,name,country\n1,Zenith SA,FR\n")
		// Without a source the ids of two files could overwrite each other.
		if _, err := Run(ctx, s, sys, []Input{customers}, Options{Kind: KindAccounts}); err == nil ||
			!strings.Contains(err.Error(), "name that system as the source") {
			t.Fatalf("ids without a source: %v", err)
		}
		for _, in := range []struct {
			input  Input
			source string
		}{{customers, "erp"}, {prospects, "fair-2026"}} {
			if _, err := Run(ctx, s, sys, []Input{in.input}, Options{Kind: KindAccounts, Source: in.source}); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(t, s, "SELECT COUNT(*) FROM accounts"); n != 2 {
			t.Errorf("%d accounts, want Acme and Zenith both", n)
		}
		// Reference ids of a Salesforce tree are numbered per export.
		dir := filepath.Dir(sharedData(t, "salesforce-lwc-recipes/Accounts.json"))
		profile, _ := ProfileByName("salesforce")
		_, err := Run(ctx, s, sys, []Input{fileInput(t, filepath.Join(dir, "Accounts.json"))}, Options{Profile: profile})
		if err == nil || !strings.Contains(err.Error(), "every export numbers anew") {
			t.Errorf("tree reference ids without naming the export: %v", err)
		}
	})
}
