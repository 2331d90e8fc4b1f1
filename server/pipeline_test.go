package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// deals gives the fixture's accounts a pipeline: am1's "Nordic rollout"
// (proposal, EUR), "Hansa renewal" (qualification, overdue, USD) and a deal
// named with markup; am2's "Zeta secret deal".
type deals struct {
	rollout, renewal, markup, secret *kam.Opportunity
}

func (f *fixture) addDeals(t *testing.T) *deals {
	t.Helper()
	today := kam.DateOf(time.Now())
	hansa := f.accountNamed(t, "Hansa Retail")
	d := &deals{
		rollout: &kam.Opportunity{AccountID: f.group.ID, Name: "Nordic rollout", Kind: kam.OppUpsell, Stage: "proposal",
			Amount: kam.MustMoney("120000"), Currency: "EUR", Probability: 50, CloseDate: today.AddDays(20), OwnerID: f.am1.ID},
		renewal: &kam.Opportunity{AccountID: hansa, Name: "Hansa renewal", Kind: kam.OppRenewal, Stage: "qualification",
			Amount: kam.MustMoney("8000"), Currency: "USD", Probability: 25, CloseDate: today.AddDays(-3), OwnerID: f.am1.ID},
		markup: &kam.Opportunity{AccountID: f.markup.ID, Name: `<img src=x onerror=alert(1)>`, Kind: kam.OppNew, Stage: "prospecting",
			Amount: kam.MustMoney("500"), Currency: "EUR", Probability: 10, CloseDate: today.AddDays(60), OwnerID: f.am1.ID},
		secret: &kam.Opportunity{AccountID: f.other.ID, Name: "Zeta secret deal", Kind: kam.OppUpsell, Stage: "negotiation",
			Amount: kam.MustMoney("99000"), Currency: "EUR", Probability: 75, CloseDate: today.AddDays(10), OwnerID: f.am2.ID},
	}
	must(t, f.st.Load(context.Background(), kam.System(), func(l *store.Loader) error {
		for _, o := range []*kam.Opportunity{d.rollout, d.renewal, d.markup, d.secret} {
			if err := l.Opportunity(o); err != nil {
				return err
			}
		}
		return nil
	}))
	return d
}

// accountNamed returns the id of one of am1's accounts by name.
func (f *fixture) accountNamed(t *testing.T, name string) int64 {
	t.Helper()
	p, err := f.st.PrincipalFor(context.Background(), f.am1.ID)
	must(t, err)
	page, err := f.st.FindAccounts(context.Background(), p, kam.AccountFilter{Query: name})
	must(t, err)
	if len(page.Accounts) != 1 {
		t.Fatalf("%d accounts named %q", len(page.Accounts), name)
	}
	return page.Accounts[0].ID
}

// stageOf reads a deal's stored stage and version.
func (f *fixture) stageOf(t *testing.T, id int64) (string, int64) {
	t.Helper()
	var stage string
	var version int64
	must(t, f.st.DB().QueryRow(f.st.Rebind("SELECT stage, version FROM opportunities WHERE id = ?"), id).Scan(&stage, &version))
	return stage, version
}

// hasAll checks that body has every string of want and none of notWant.
func hasAll(t *testing.T, body string, want, notWant []string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("body lacks %q", s)
		}
	}
	for _, s := range notWant {
		if strings.Contains(body, s) {
			t.Errorf("body has %q", s)
		}
	}
}

func TestPipelinePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")

		// Nobody has deals yet: a friendly empty board.
		w := f.do(t, "GET", "/pipeline", cookie(am1))
		if w.Code != 200 {
			t.Fatalf("empty pipeline: status %d\n%s", w.Code, w.Body)
		}
		hasAll(t, w.Body.String(), []string{"Your pipeline is empty.", `aria-current="page">Pipeline</a>`}, []string{`class="board"`})

		d := f.addDeals(t)
		w = f.do(t, "GET", "/pipeline", cookie(am1))
		if w.Code != 200 {
			t.Fatalf("board: status %d\n%s", w.Code, w.Body)
		}
		body := w.Body.String()
		hasAll(t, body, []string{
			"Nordic rollout", "Nordic Foods Group", fmt.Sprintf(`href="/accounts/%d"`, f.group.ID), "120,000 EUR", "weighted 60,000 EUR",
			"Hansa renewal", "8,000 USD", "weighted 2,000 USD", "Overdue: ", "Alex Morgan",
			"Open pipeline", "120,500 EUR", "60,050 EUR", // the EUR totals of the open stages: 60,000 + 50 weighted
			`data-stage="won"`, `data-stage="lost"`,
			fmt.Sprintf(`action="/opportunities/%d/stage"`, d.rollout.ID), `name="version" value="1"`, `name="next" value="/pipeline"`,
			`value="negotiation" class="btn btn-small" data-step="next"`, `aria-live="polite"`,
			"&lt;img src=x onerror=alert(1)&gt;",
		}, []string{"Zeta", "<img src=x", "128,000"}) // EUR and USD never added together
		hasAll(t, f.do(t, "GET", "/pipeline", cookie(am2)).Body.String(), []string{"Zeta secret deal"}, []string{"Nordic rollout"})

		// The table, sorted by amount, largest first; filters stay in the links.
		w = f.do(t, "GET", "/pipeline?view=table&sort=amount&dir=desc&owner=me", cookie(am1))
		body = w.Body.String()
		if w.Code != 200 || !(strings.Index(body, "Nordic rollout") < strings.Index(body, "Hansa renewal") &&
			strings.Index(body, "Hansa renewal") < strings.Index(body, "onerror")) {
			t.Errorf("table by amount: status %d, rows out of order", w.Code)
		}
		hasAll(t, body, []string{`aria-sort="descending"`, `name="next" value="/pipeline?dir=desc&amp;owner=me&amp;sort=amount&amp;view=table"`,
			"Open pipeline in EUR"}, nil)

		// Filters: another quarter has none of these deals; a bad filter says so.
		far := quarterOf(time.Now().AddDate(2, 0, 0))
		hasAll(t, f.do(t, "GET", "/pipeline?quarter="+far, cookie(am1)).Body.String(), []string{"No deals match."}, []string{"Nordic rollout"})
		if w := f.do(t, "GET", "/pipeline?quarter=2026-Q7", cookie(am1)); w.Code != 400 || !strings.Contains(w.Body.String(), "There is no quarter") {
			t.Errorf("bad quarter: %d", w.Code)
		}
		hasAll(t, f.do(t, "GET", fmt.Sprintf("/pipeline?owner=%d", f.am2.ID), cookie(am1)).Body.String(), []string{"No deals match."}, []string{"Zeta"})
	})
}

// quarterOf names the quarter of a time as the pipeline's filter does.
func quarterOf(t time.Time) string {
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
}

func TestPipelineMove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		d := f.addDeals(t)
		am1 := f.login(t, "am1")
		move := func(id int64, stage, version, next string) (int, string, string) {
			w := f.do(t, "POST", fmt.Sprintf("/opportunities/%d/stage", id), cookie(am1),
				form(url.Values{"stage": {stage}, "version": {version}, "next": {next}}))
			return w.Code, w.Header().Get("Location"), w.Body.String()
		}

		// A move redirects to the board as filtered, which says what moved.
		code, loc, _ := move(d.rollout.ID, "negotiation", "1", "/pipeline?owner=me")
		if want := fmt.Sprintf("/pipeline?moved=%d&owner=me#deal-%d", d.rollout.ID, d.rollout.ID); code != 303 || loc != want {
			t.Fatalf("move: %d to %q, want 303 to %q", code, loc, want)
		}
		if stage, v := f.stageOf(t, d.rollout.ID); stage != "negotiation" || v != 2 {
			t.Fatalf("stored %s v%d", stage, v)
		}
		hasAll(t, f.do(t, "GET", loc, cookie(am1)).Body.String(), []string{"“Nordic rollout” moved to Negotiation.", "weighted 90,000 EUR"}, nil)

		// From the version before: 409, the newer stage named, nothing changed.
		code, _, body := move(d.rollout.ID, "won", "1", "/pipeline")
		if code != 409 {
			t.Fatalf("stale move: status %d", code)
		}
		hasAll(t, body, []string{"This deal was changed since you opened it (now in Negotiation, changed by Alex Morgan", "Reload to see the newer version.",
			`class="deal has-error" id="deal-` + fmt.Sprint(d.rollout.ID), `name="version" value="2"`}, nil)
		if stage, v := f.stageOf(t, d.rollout.ID); stage != "negotiation" || v != 2 {
			t.Errorf("a stale move changed the deal: %s v%d", stage, v)
		}

		// Someone else's deal is not found and not changed; bad input is 400.
		code, _, body = move(d.secret.ID, "won", "1", "/pipeline")
		if code != 404 || strings.Contains(body, "Zeta") {
			t.Errorf("am2's deal: %d", code)
		}
		if stage, _ := f.stageOf(t, d.secret.ID); stage != "negotiation" {
			t.Errorf("am2's deal moved to %s", stage)
		}
		if code, _, _ = move(d.renewal.ID, "closing", "1", "/pipeline"); code != 400 {
			t.Errorf("unknown stage: %d", code)
		}
		if code, _, _ = move(d.renewal.ID, "won", "", "/pipeline"); code != 400 {
			t.Errorf("no version: %d", code)
		}
		if code, _, _ = move(999999, "won", "1", "/pipeline"); code != 404 {
			t.Errorf("unknown deal: %d", code)
		}

		// next must be a local address.
		code, loc, _ = move(d.renewal.ID, "proposal", "1", "https://evil.example/")
		if code != 303 || loc != "/" {
			t.Errorf("foreign next: %d to %q", code, loc)
		}
		code, loc, _ = move(d.renewal.ID, "negotiation", "2", fmt.Sprintf("/accounts/%d", f.group.ID))
		if code != 303 || loc != fmt.Sprintf("/accounts/%d", f.group.ID) {
			t.Errorf("local next: %d to %q", code, loc)
		}

		// Without a session the move goes to sign-in, and from another site
		// it is refused.
		if w := f.do(t, "POST", fmt.Sprintf("/opportunities/%d/stage", d.renewal.ID), form(url.Values{"stage": {"won"}, "version": {"3"}})); w.Code != 303 {
			t.Errorf("without session: %d", w.Code)
		}
		w := f.do(t, "POST", fmt.Sprintf("/opportunities/%d/stage", d.renewal.ID), cookie(am1), header("Sec-Fetch-Site", "cross-site"),
			form(url.Values{"stage": {"won"}, "version": {"3"}}))
		if w.Code != 403 {
			t.Errorf("cross-site: %d", w.Code)
		}
		if stage, _ := f.stageOf(t, d.renewal.ID); stage != "negotiation" {
			t.Errorf("refused moves changed the deal: %s", stage)
		}
	})
}

func TestPipelineAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		d := f.addDeals(t)
		_, writeToken, err := s.CreateToken(context.Background(), kam.System(), "am1", "crm sync", false, nil)
		must(t, err)

		// The list: am1's deals only, with names, weighted amounts and totals.
		w := f.do(t, "GET", "/api/v1/opportunities?stage=proposal,qualification", bearer(f.readToken))
		var list struct {
			Data []struct {
				ID          int64       `json:"id"`
				Name        string      `json:"name"`
				AccountName string      `json:"account_name"`
				Weighted    json.Number `json:"weighted"`
				Version     int64       `json:"version"`
			} `json:"data"`
			Totals []struct {
				Stage, Currency string
				Deals           int
				Amount          json.Number
			} `json:"totals"`
		}
		if w.Code != 200 {
			t.Fatalf("list: %d %s", w.Code, w.Body)
		}
		dec := json.NewDecoder(w.Body)
		dec.UseNumber()
		if err := dec.Decode(&list); err != nil {
			t.Fatal(err)
		}
		if len(list.Data) != 2 || list.Data[0].Name != "Hansa renewal" || list.Data[1].AccountName != "Nordic Foods Group" || len(list.Totals) != 2 ||
			list.Totals[1].Amount.String() != "120000.00" || list.Data[1].Weighted.String() != "60000.00" {
			t.Errorf("list %+v", list)
		}
		for _, tc := range []struct {
			path, field string
		}{{"/api/v1/opportunities?stage=closing", "stage"}, {"/api/v1/opportunities?staeg=won", "staeg"}, {"/api/v1/opportunities?limit=0", "limit"},
			{"/api/v1/opportunities?close_from=soon", "close_from"}} {
			if b := decode(t, f.do(t, "GET", tc.path, bearer(f.readToken))); b.Error == nil || b.Error.Field != tc.field {
				t.Errorf("%s: %+v, want an error on %s", tc.path, b.Error, tc.field)
			}
		}
		if b := decode(t, f.do(t, "GET", "/api/v1/opportunities", bearer(f.readToken))); strings.Contains(string(b.Data), "Zeta") {
			t.Error("am1's token lists am2's deal")
		}

		path := fmt.Sprintf("/api/v1/opportunities/%d/stage", d.rollout.ID)
		post := func(path, token, body string, opts ...option) (int, apiBody, string) {
			r := append([]option{bearer(token), rawBody("application/json", body)}, opts...)
			w := f.do(t, "POST", path, r...)
			return w.Code, decode(t, w), w.Header().Get("ETag")
		}
		if code, b, _ := post(path, f.readToken, `{"stage":"won","version":1}`); code != 403 || b.Error.Code != kam.EFORBIDDEN {
			t.Errorf("read-only token: %d %+v", code, b.Error)
		}
		code, b, tag := post(path, writeToken, `{"stage":"negotiation","version":1}`)
		if code != 200 || tag != `"2"` || !strings.Contains(string(b.Data), `"stage":"negotiation"`) {
			t.Fatalf("move: %d %s %s", code, tag, b.Data)
		}
		code, b, _ = post(path, writeToken, `{"stage":"won"}`, header("If-Match", `"1"`))
		if code != 409 || b.Error == nil || b.Error.Code != kam.ECONFLICT || !strings.Contains(b.Error.Message, "now in Negotiation") ||
			!strings.Contains(string(b.Data), `"version":2`) {
			t.Errorf("stale If-Match: %d %+v %s", code, b.Error, b.Data)
		}
		if code, _, tag = post(path, writeToken, `{"stage":"won"}`, header("If-Match", `"2"`)); code != 200 || tag != `"3"` {
			t.Errorf("If-Match: %d %s", code, tag)
		}
		if stage, v := f.stageOf(t, d.rollout.ID); stage != "won" || v != 3 {
			t.Errorf("stored %s v%d", stage, v)
		}
		for _, tc := range []struct {
			path, body, ifMatch string
			status              int
			field               string
		}{
			{path, `{"stage":"lost"}`, "", 400, "version"},
			{path, `{"version":3}`, "", 400, "stage"},
			{path, `{"stage":"lost","version":3,"probability":5}`, "", 400, "probability"},
			{path, `{"stage":"lost","version":2}`, `"3"`, 400, "version"},
			{path, `{"stage":"lost"}`, `soon`, 400, "If-Match"},
			{path + "?force=true", `{"stage":"lost","version":3}`, "", 400, "force"},
			{"/api/v1/opportunities/abc/stage", `{"stage":"lost","version":3}`, "", 400, "id"},
			{fmt.Sprintf("/api/v1/opportunities/%d/stage", d.secret.ID), `{"stage":"lost","version":1}`, "", 404, ""},
		} {
			var opts []option
			if tc.ifMatch != "" {
				opts = append(opts, header("If-Match", tc.ifMatch))
			}
			code, b, _ := post(tc.path, writeToken, tc.body, opts...)
			if code != tc.status || b.Error == nil || b.Error.Field != tc.field {
				t.Errorf("%s %s: %d %+v, want %d on %q", tc.path, tc.body, code, b.Error, tc.status, tc.field)
			}
		}
		if w := f.do(t, "GET", path, bearer(writeToken)); w.Code != 405 || w.Header().Get("Allow") != "POST" {
			t.Errorf("GET of the move route: %d, Allow %q", w.Code, w.Header().Get("Allow"))
		}
	})
}
