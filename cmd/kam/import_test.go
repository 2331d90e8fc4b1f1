package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// mavenFiles returns the Maven CRM files, or skips when ../shared is absent.
func mavenFiles(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data", "maven-crm")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("real data set not available: maven-crm")
	}
	var out []string
	for _, f := range []string{"accounts.csv", "products.csv", "sales_teams.csv", "sales_pipeline.csv"} {
		out = append(out, filepath.Join(dir, f))
	}
	return out
}

func csvRows(t *testing.T, path string) int {
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
	return len(recs) - 1
}

func TestImportExportAndDedupeFromTheCommandLine(t *testing.T) {
	files := mavenFiles(t)
	dir := t.TempDir()
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(dir, "kam.db")}
	accounts := csvRows(t, files[0])

	args := append([]string{"import", "--profile", "maven-crm", "--rejects-dir", dir, "--dry-run"}, files...)
	out, _, err := runKam(t, env, "", args...)
	if err != nil || !strings.Contains(out, "Dry run") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, _, _ = runKam(t, env, "", "export", "accounts")
	if strings.Count(out, "\n") != 1 {
		t.Fatalf("the dry run wrote accounts:\n%s", out)
	}

	args = append([]string{"import", "--profile", "maven-crm", "--rejects-dir", dir}, files...)
	out, _, err = runKam(t, env, "", args...)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, want := range []string{
		"accounts: " + strconv.Itoa(accounts) + " new, 0 changed, 0 unchanged",
		`Note: product "GTXPro" was matched to "GTX Pro"`,
		"The rejected rows of " + files[3],
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	// The rejects file holds the pipeline's rows without an account, each with why.
	rejects := filepath.Join(dir, "sales_pipeline.rejects.csv")
	b, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "kam keeps every opportunity on an account") {
		t.Errorf("rejects file:\n%.500s", b)
	}

	out, _, err = runKam(t, env, "", args...)
	if err != nil || !strings.Contains(out, "accounts: 0 new, 0 changed, "+strconv.Itoa(accounts)+" unchanged") {
		t.Errorf("second import: %v\n%s", err, out)
	}

	// Export as XLSX and import it back: nothing changes.
	xlsx := filepath.Join(dir, "accounts.xlsx")
	if _, errOut, err := runKam(t, env, "", "export", "accounts", "--format", "xlsx", "--out", xlsx); err != nil || !strings.Contains(errOut, "Wrote "+strconv.Itoa(accounts)+" rows") {
		t.Fatalf("export: %v %s", err, errOut)
	}
	out, _, err = runKam(t, env, "", "import", "accounts", xlsx)
	if err != nil || !strings.Contains(out, "accounts: 0 new, 0 changed, "+strconv.Itoa(accounts)+" unchanged, 0 rows rejected") {
		t.Errorf("re-import of the export: %v\n%s", err, out)
	}

	// Merge two accounts and undo it.
	out, _, _ = runKam(t, env, "", "export", "accounts")
	ids := regexp.MustCompile(`(?m)^(\d+),`).FindAllStringSubmatch(out, 2)
	out, _, err = runKam(t, env, "", "dedupe", "merge", ids[0][1], ids[1][1])
	m := regexp.MustCompile(`kam dedupe undo (\d+)`).FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}
	out, _, _ = runKam(t, env, "", "export", "accounts")
	if n := strings.Count(out, "\n") - 1; n != accounts-1 {
		t.Errorf("after the merge %d accounts, want %d", n, accounts-1)
	}
	if out, _, err = runKam(t, env, "", "dedupe", "undo", m[1]); err != nil || !strings.Contains(out, "is back") {
		t.Errorf("undo: %v %s", err, out)
	}
	out, _, _ = runKam(t, env, "", "export", "accounts")
	if n := strings.Count(out, "\n") - 1; n != accounts {
		t.Errorf("after undo %d accounts, want %d", n, accounts)
	}
	if out, _, err = runKam(t, env, "", "dedupe"); err != nil || !strings.Contains(out, "duplicate pairs") && !strings.Contains(out, "PAIR") {
		t.Errorf("dedupe list: %v %s", err, out)
	}
}

func TestSavedProfileNamesTheColumnsNextTime(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(dir, "kam.db")}
	file := filepath.Join(dir, "kunden.csv")
	if err := os.WriteFile(file, []byte("Kundennr;Firma;Land\n1001;Müller Maschinenbau GmbH;DE\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runKam(t, env, "", "import", "accounts", file, "--map", "Kundennr=external_id", "--map", "Firma=name",
		"--map", "Land=country", "--source", "sap", "--save-profile", "sap-kunden")
	if err != nil || !strings.Contains(out, `Saved profile "sap-kunden"`) || !strings.Contains(out, "accounts: 1 new") {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	out, _, err = runKam(t, env, "", "import", "--profile", "sap-kunden", file)
	if err != nil || !strings.Contains(out, "accounts: 0 new, 0 changed, 1 unchanged") {
		t.Errorf("import with the saved profile: %v\n%s", err, out)
	}
	if _, _, err := runKam(t, env, "", "import", "--profile", "sap-kundn", file); err == nil || !strings.Contains(err.Error(), "saved profiles: sap-kunden") {
		t.Errorf("misspelt profile: %v", err)
	}
}

func TestRejectsFilesAreNeverOverwritten(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(dir, "kam.db")}
	file := filepath.Join(dir, "accounts.csv")
	if err := os.WriteFile(file, []byte("name,tier\nAcme,gold\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"accounts.rejects.csv", "accounts.rejects.2.csv"} {
		out, _, err := runKam(t, env, "", "import", "accounts", file)
		if err != nil || !strings.Contains(out, filepath.Join(dir, want)) {
			t.Errorf("import: %v\n%s\nwant the rejects in %s", err, out, want)
		}
	}
}
