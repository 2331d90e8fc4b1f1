package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/demo"
	"github.com/kamhq/kam/export"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
	"github.com/xuri/excelize/v2"
)

func bytesInput(name string, b []byte) ingest.Input {
	return ingest.Input{Name: name, Size: int64(len(b)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}}
}

func exportBytes(t *testing.T, s *store.Store, p *kam.Principal, kind, format string) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	n, err := export.Write(context.Background(), s, p, export.Options{Kind: kind, Format: format}, &buf)
	if err != nil {
		t.Fatalf("export %s %s: %v", kind, format, err)
	}
	return buf.Bytes(), n
}

func TestExportThenImportChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
		if _, err := demo.Generate(ctx, s, demo.Options{Seed: 7, Accounts: 20, Today: today}); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{"accounts", "contacts", "opportunities"} {
			for _, format := range export.Formats {
				b, n := exportBytes(t, s, kam.System(), kind, format)
				if n == 0 {
					t.Fatalf("export %s wrote no rows", kind)
				}
				sum, err := ingest.Run(ctx, s, kam.System(), []ingest.Input{bytesInput(kind+"."+format, b)}, ingest.Options{Kind: ingest.Kind(kind)})
				if err != nil {
					t.Fatalf("re-import %s %s: %v", kind, format, err)
				}
				c := sum.Kinds[ingest.Kind(kind)]
				if c.New != 0 || c.Changed != 0 || c.Rejected != 0 || c.Unchanged != n {
					t.Errorf("%s as %s: re-import %+v (rejects %v), want %d unchanged", kind, format, *c, sum.Rejects, n)
				}
			}
		}
	})
}

func TestExportedEditUpdatesTheSameAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, s, demo.Options{Seed: 3, Accounts: 20}); err != nil {
			t.Fatal(err)
		}
		b, _ := exportBytes(t, s, kam.System(), "accounts", "csv")
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// Rename the first account in the sheet and add a new one without a kam_id.
		col := func(name string) int { return slices.Index(rows[0], name) }
		old := rows[1][col("name")]
		rows[1][col("name")] = old + " Holdings"
		added := make([]string, len(rows[0]))
		added[col("name")], added[col("currency")] = "Brand New Customer", "EUR"
		rows = append(rows, added)
		var edited bytes.Buffer
		w := csv.NewWriter(&edited)
		w.WriteAll(rows)
		sum, err := ingest.Run(ctx, s, kam.System(), []ingest.Input{bytesInput("accounts.csv", edited.Bytes())}, ingest.Options{Kind: ingest.KindAccounts})
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[ingest.KindAccounts]; c.Changed != 1 || c.New != 1 || c.Unchanged != len(rows)-3 {
			t.Errorf("edited sheet: %+v, want 1 changed, 1 new; rejects %v", *c, sum.Rejects)
		}
		var id int64
		if err := s.DB().QueryRow(s.Rebind("SELECT id FROM accounts WHERE name = ?"), old+" Holdings").Scan(&id); err != nil || strings.TrimSpace(rows[1][0]) != strconv.FormatInt(id, 10) {
			t.Errorf("renamed account has id %d (%v), want kam_id %s", id, err, rows[1][0])
		}
	})
}

func TestExportKeepsToTheUsersScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, s, demo.Options{Seed: 5, Accounts: 20}); err != nil {
			t.Fatal(err)
		}
		u, err := s.FindUserByUsername(ctx, "am1")
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.PrincipalFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		visible := 0
		if err := s.EachAccount(ctx, p, kam.AccountFilter{}, func(*kam.Account) error { visible++; return nil }); err != nil {
			t.Fatal(err)
		}
		_, all := exportBytes(t, s, kam.System(), "accounts", "csv")
		_, mine := exportBytes(t, s, p, "accounts", "csv")
		if mine != visible || mine == 0 || mine >= all {
			t.Errorf("am1 exported %d accounts, sees %d, all %d", mine, visible, all)
		}
	})
}

func TestXLSXHasNumberAndDateCells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if _, err := demo.Generate(context.Background(), s, demo.Options{Seed: 9, Accounts: 20}); err != nil {
			t.Fatal(err)
		}
		b, n := exportBytes(t, s, kam.System(), "opportunities", "xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("opportunities")
		if err != nil || len(rows) != n+1 {
			t.Fatalf("%d rows (%v), want header and %d", len(rows), err, n)
		}
		// Column H is the amount, K the close date.
		if typ, _ := f.GetCellType("opportunities", "H2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("amount cell type %v, want a number", typ)
		}
		raw, _ := f.GetCellValue("opportunities", "K2", excelize.Options{RawCellValue: true})
		if raw == "" || strings.Contains(raw, "-") {
			t.Errorf("close date cell holds %q, want a date serial number", raw)
		}
	})
}

func TestAStaleExportDoesNotOverwriteAnEditInKam(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, s, demo.Options{Seed: 4, Accounts: 20}); err != nil {
			t.Fatal(err)
		}
		b, _ := exportBytes(t, s, kam.System(), "accounts", "csv")
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		id, _ := strconv.ParseInt(rows[1][0], 10, 64)
		// Someone renames the account in kam after the export…
		a, err := s.FindAccountByID(ctx, kam.System(), id)
		if err != nil {
			t.Fatal(err)
		}
		renamed := "Renamed In Kam"
		if _, err := s.UpdateAccount(ctx, kam.System(), id, kam.AccountUpdate{Version: a.Version, Name: &renamed}); err != nil {
			t.Fatal(err)
		}
		// …while the sheet changes the tier of the same account.
		tier := slices.Index(rows[0], "tier")
		rows[1][tier] = map[bool]string{true: "core", false: "key"}[rows[1][tier] == "key"]
		var edited bytes.Buffer
		csv.NewWriter(&edited).WriteAll(rows)
		sum, err := ingest.Run(ctx, s, kam.System(), []ingest.Input{bytesInput("accounts.csv", edited.Bytes())}, ingest.Options{Kind: ingest.KindAccounts})
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[ingest.KindAccounts]; c.Changed != 0 || c.Rejected != 1 || !strings.Contains(sum.Rejects[0].Reason, "was changed in kam since this file was exported") {
			t.Errorf("stale sheet: %+v %v", *c, sum.Rejects)
		}
		after, _ := s.FindAccountByID(ctx, kam.System(), id)
		if after.Name != renamed || after.Tier != a.Tier {
			t.Errorf("after the stale import: %q, tier %q; want the rename kept and the tier untouched", after.Name, after.Tier)
		}
	})
}
