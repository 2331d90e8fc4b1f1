package server_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

var campaignLocation = regexp.MustCompile(`^/campaigns/(\d+)\?made=(\d+)$`)

// TestCampaigns: a campaign made on the web covers the accounts in its
// scope and says how many; one made through the API covers every account
// its maker sees; owners move their items on from the campaign page and
// the account page, a stale form is refused; progress and counts hold only
// the accounts the reader sees; markup in a note stays text.
func TestCampaigns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		period := url.Values{"name": {"Core valve week"}, "starts_on": {"2027-01-01"}, "ends_on": {"2027-03-31"}}
		scoped := func(k, v string) url.Values {
			out := url.Values{k: {v}}
			for key, val := range period {
				out[key] = val
			}
			return out
		}

		wantPage(t, f.do(t, "GET", "/campaigns/new", cookie(am1)), 200, "New campaign", `name="org_unit_id"`)
		wantPage(t, f.do(t, "POST", "/campaigns", cookie(am1), form(scoped("country", "FR"))), 400, "No account you see matches", `value="FR"`)
		wantPage(t, f.do(t, "POST", "/campaigns", cookie(am1), form(scoped("product", "NOPE-1"))), 400, "NOPE-1")
		w := f.do(t, "POST", "/campaigns", cookie(am1), form(scoped("tier", "core")))
		m := campaignLocation.FindStringSubmatch(w.Header().Get("Location"))
		if w.Code != 303 || m == nil || m[2] != "4" { // Sverige and the three fillers
			t.Fatalf("make a campaign of am1's core accounts: %d %v %s", w.Code, w.Header(), w.Body)
		}
		wantPage(t, f.do(t, "GET", "/campaigns/"+m[1]+"?made=4", cookie(am1)), 200, "Campaign made: 4 accounts", "Hansa Retail")
		wantPage(t, f.do(t, "GET", "/campaigns/"+m[1], cookie(am2)), 404)

		// The administrator's campaign covers every account; each reader counts their own.
		created := f.call(t, "POST", "/api/v1/campaigns", admin, `{"name": "Present the X200", "starts_on": "2027-01-01", "ends_on": "2027-06-30"}`)
		var c kam.Campaign
		if created.status != 201 || json.Unmarshal(created.body.Data, &c) != nil || c.Counts.Total != 7 {
			t.Fatalf("create through the API: %d %s", created.status, created.raw)
		}
		wantError(t, "backwards", f.call(t, "POST", "/api/v1/campaigns", admin, `{"name": "X", "starts_on": "2027-02-01", "ends_on": "2027-01-01"}`),
			400, kam.EINVALID, "ends_on")
		page := fmt.Sprintf("/campaigns/%d", c.ID)
		body := wantPage(t, f.do(t, "GET", page, cookie(am1)), 200, "Alex Morgan", "Nordic Foods Group", "0% of 6 presented")
		if strings.Contains(body, "Zeta Secret") || strings.Contains(body, "Billie Chen") || strings.Contains(body, "<script>alert(1)</script>") {
			t.Errorf("am1's campaign page shows am2's account or unescaped markup")
		}
		progress := f.call(t, "GET", fmt.Sprintf("/api/v1/campaigns/%d/progress", c.ID), write, "")
		if progress.status != 200 || strings.Contains(progress.raw, "Billie Chen") || !strings.Contains(progress.raw, `"total":6`) {
			t.Errorf("am1's progress: %d %s", progress.status, progress.raw)
		}

		// Items: am1's from the campaign page and the account page; am2 cannot touch them.
		items := f.call(t, "GET", fmt.Sprintf("/api/v1/campaigns/%d/items", c.ID), write, "")
		var list []kam.CampaignItem
		if items.status != 200 || json.Unmarshal(items.body.Data, &list) != nil || len(list) != 6 {
			t.Fatalf("am1's items: %d %s", items.status, items.raw)
		}
		var group, markup kam.CampaignItem
		for _, it := range list {
			switch it.AccountID {
			case f.group.ID:
				group = it
			case f.markup.ID:
				markup = it
			}
		}
		save := func(who string, it kam.CampaignItem, version, status, note, back string) *httptest.ResponseRecorder {
			return f.do(t, "POST", fmt.Sprintf("/campaign-items/%d", it.ID), cookie(who), form(url.Values{"version": {version},
				"status": {status}, "note": {note}, "back": {back}}))
		}
		if w := save(am1, group, "1", "presented", "Met the buyer", page); w.Code != 303 || w.Header().Get("Location") != page {
			t.Fatalf("update from the campaign page: %d %v %s", w.Code, w.Header(), w.Body)
		}
		wantPage(t, save(am1, group, "1", "won", "", page), 409, "Someone else changed this item", "Met the buyer")
		wantPage(t, save(am1, group, "2", "sold", "", page), 400, "Status must be one of")
		wantPage(t, save(am2, group, "2", "won", "", page), 404)
		back := fmt.Sprintf("/accounts/%d#onboarding", f.markup.ID)
		if w := save(am1, markup, "1", "interested", "<b>trial</b> in March", back); w.Code != 303 || w.Header().Get("Location") != back {
			t.Fatalf("update from the account page: %d %v %s", w.Code, w.Header(), w.Body)
		}
		wantPage(t, save(am1, markup, "1", "won", "", back), 409, "Someone else changed this item", "Onboarding and campaigns")
		account := wantPage(t, f.do(t, "GET", fmt.Sprintf("/accounts/%d", f.markup.ID), cookie(am1)), 200, "Present the X200", "&lt;b&gt;trial&lt;/b&gt; in March")
		if strings.Contains(account, "<b>trial</b>") {
			t.Errorf("markup in a note is not escaped")
		}
		wantPage(t, f.do(t, "GET", page+"?status=interested", cookie(am1)), 200, "33% of 6 presented", "&lt;script&gt;")

		// The API: If-Match needed, a stale change is 412 with the item as it is.
		path := fmt.Sprintf("/api/v1/campaign-items/%d", group.ID)
		wantError(t, "no If-Match", f.call(t, "PATCH", path, write, `{"status": "won"}`), 428, kam.EPRECONDITION, "")
		stale := f.call(t, "PATCH", path, write, `{"status": "won"}`, "If-Match", `"1"`)
		wantError(t, "stale", stale, 412, kam.ESTALE, "")
		if !strings.Contains(stale.raw, `"status":"presented"`) {
			t.Errorf("a stale change shows the item as it is: %s", stale.raw)
		}
		if won := f.call(t, "PATCH", path, write, `{"status": "won"}`, "If-Match", `"2"`); won.status != 200 || won.header.Get("ETag") != `"3"` {
			t.Errorf("won: %d %s", won.status, won.raw)
		}
		wantError(t, "am1 changes the admin's campaign", f.call(t, "PATCH", fmt.Sprintf("/api/v1/campaigns/%d", c.ID), write, `{"name": "Mine"}`,
			"If-Match", `"1"`), 403, kam.EFORBIDDEN, "")
		s.Now = func() time.Time { return time.Date(2027, time.July, 1, 9, 0, 0, 0, time.UTC) }
		am1 = f.login(t, "am1") // a session of that day
		if body := wantPage(t, f.do(t, "GET", fmt.Sprintf("/accounts/%d", f.group.ID), cookie(am1)), 200); strings.Contains(body, `action="/campaign-items/`) {
			t.Errorf("an ended campaign still shows on the account page")
		}
		wantPage(t, f.do(t, "GET", "/campaigns", cookie(am1)), 200, "Present the X200", "Core valve week")
	})
}
