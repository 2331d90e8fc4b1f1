package server_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// crmCSV is an export whose columns only the saved profile crm-accounts maps.
const crmCSV = "Kundennummer,Kunde,Land\nK-1,Kuusi Oy,FI\nK-2,Tanne GmbH,DE\n"

// TestSavedImportProfile offers a profile saved with kam import
// --save-profile on the import page, and imports with it through the page's
// preview and through the API.
func TestSavedImportProfile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newImportFixture(t, s)
		saved, err := ingest.SavedProfile("crm-accounts", ingest.Options{Kind: ingest.KindAccounts, Source: "crm", Currency: "EUR",
			Map: map[string]string{"Kundennummer": "external_id", "Kunde": "name", "Land": "country"}})
		must(t, err)
		body, err := saved.JSON()
		must(t, err)
		must(t, s.SaveImportProfile(context.Background(), kam.System(), saved.Name, body))
		admin := f.login(t, "admin")

		wantPage(t, f.do(t, "GET", "/imports", cookie(admin)), 200, `<optgroup label="Saved">`, `<option value="crm-accounts">crm-accounts</option>`,
			"<code>crm-accounts</code>", "Saved: accounts, ids from crm, amounts in EUR, columns Kunde → name", `<option value="maven-crm">`)

		w := f.do(t, "POST", "/imports", cookie(admin), multipartBody(url.Values{"profile": {"crm-accounts"}}, file{"kunden.csv", crmCSV}))
		wantPage(t, w, 200, "with the profile crm-accounts", "<code>name</code>", "Kunde", "<code>external_id</code>", "Kuusi Oy")

		post := func(path string, opts ...option) (importResult, *apiBody) {
			t.Helper()
			w := f.do(t, "POST", path, append([]option{bearer(f.adminToken)}, opts...)...)
			var res importResult
			if w.Code != 200 {
				b := decode(t, w)
				return res, &b
			}
			must(t, json.Unmarshal(w.Body.Bytes(), &res))
			return res, nil
		}
		res, errBody := post("/api/v1/imports?profile=crm-accounts&name=kunden.csv", rawBody("text/csv", crmCSV))
		if errBody != nil {
			t.Fatalf("import with the saved profile: %+v", errBody.Error)
		}
		// (The run's recorded source is the profile's name, not its source:
		// ingest.RunRecorded does not read a saved profile's source yet.)
		if c := res.Summary.Kinds["accounts"]; c != (kam.Counts{New: 2}) || res.Run.Status != "done" {
			t.Errorf("import: %+v, run %+v", c, res.Run)
		}
		page, err := s.FindAccounts(context.Background(), kam.System(), kam.AccountFilter{ExternalID: "K-2", Source: "crm"})
		must(t, err)
		if len(page.Accounts) != 1 || page.Accounts[0].Name != "Tanne GmbH" || page.Accounts[0].Country != "DE" {
			t.Errorf("imported accounts %+v", page.Accounts)
		}

		_, errBody = post("/api/v1/imports?profile=crm-kontakte", rawBody("text/csv", crmCSV))
		if errBody == nil || errBody.Error.Field != "profile" || !strings.Contains(errBody.Error.Message, "maven-crm, online-retail, salesforce, crm-accounts") {
			t.Errorf("unknown profile: %+v", errBody)
		}
	})
}
