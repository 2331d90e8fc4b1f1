package server_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// olderLink finds a history page's link to older changes.
var olderLink = regexp.MustCompile(`href="([^"]+)" rel="next">Older`)

// TestHistoryPages: an account's facts edited on the web show on its
// history page as old → new, by whom and through which channel, markup as
// text; the page pages back through older changes and downloads as CSV
// with formulas defused; another user's record is the not-found page.
func TestHistoryPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		history := fmt.Sprintf("/accounts/%d/history", f.group.ID)
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/accounts/%d", f.group.ID), cookie(am1)), 200, `href="`+history+`"`)

		w := f.do(t, "POST", fmt.Sprintf("/accounts/%d/edit", f.group.ID), cookie(am1), form(url.Values{"version": {"1"},
			"name": {"Nordic <script>alert(1)</script>"}, "industry": {`=HYPERLINK("http://evil.example")`}, "country": {"FI"},
			"tier": {"key"}, "status": {string(f.group.Status)}}))
		if w.Code != 303 {
			t.Fatalf("edit the facts: %d %s", w.Code, w.Body)
		}
		body := wantPage(t, f.do(t, "GET", history, cookie(am1)), 200, "History of Nordic &lt;script&gt;alert(1)&lt;/script&gt;",
			"<del>Nordic Foods Group</del>", "<ins>Nordic &lt;script&gt;alert(1)&lt;/script&gt;</ins>", "Alex Morgan", "<td class=\"opt\">Web</td>",
			"<del>Food</del>", "Download CSV", history+"?format=csv")
		if strings.Contains(body, "<script>alert(1)") {
			t.Errorf("the history shows markup as markup")
		}
		if strings.Contains(body, "Older") {
			t.Errorf("a short history offers older changes")
		}

		// Another user's account, one that does not exist, a bad id: not found.
		wantPage(t, f.do(t, "GET", history, cookie(am2)), 404)
		wantPage(t, f.do(t, "GET", history+"?format=csv", cookie(am2)), 404)
		wantPage(t, f.do(t, "GET", "/accounts/999999/history", cookie(am1)), 404)
		wantPage(t, f.do(t, "GET", "/accounts/x/history", cookie(am1)), 404)
		wantPage(t, f.do(t, "GET", history+"?format=xlsx", cookie(am1)), 400, "CSV only")
		wantPage(t, f.do(t, "GET", history+"?after=bogus", cookie(am1)), 400, "start again from the first page")

		// The download: every change, the formula defused, the actor named.
		csvw := f.do(t, "GET", history+"?format=csv", cookie(am1))
		if csvw.Code != 200 || !strings.HasPrefix(csvw.Header().Get("Content-Type"), "text/csv") ||
			!strings.Contains(csvw.Header().Get("Content-Disposition"), fmt.Sprintf("kam-account-%d-history.csv", f.group.ID)) {
			t.Fatalf("download: %d %v", csvw.Code, csvw.Header())
		}
		rows, err := csv.NewReader(strings.NewReader(csvw.Body.String())).ReadAll()
		must(t, err)
		if strings.Join(rows[0], ",") != "id,at,actor_id,channel,entity,entity_id,action,field,old_value,new_value,actor_name" {
			t.Errorf("the download's head: %v", rows[0])
		}
		var industry []string
		for _, r := range rows[1:] {
			if r[7] == "industry" {
				industry = r
			}
		}
		if industry == nil || industry[9] != `'=HYPERLINK("http://evil.example")` || industry[10] != "Alex Morgan" || industry[3] != "web" {
			t.Errorf("the industry's change in the download: %q", industry)
		}

		// Paging: 55 more changes make two pages; the older one ends with
		// the account's creation and leads back to the newest.
		ctx, sys := context.Background(), kam.System()
		for i := range 55 {
			segment := fmt.Sprintf("Segment %d", i)
			_, err := s.UpdateAccount(ctx, sys, f.group.ID, kam.AccountUpdate{Version: int64(i + 2), Segment: &segment})
			must(t, err)
		}
		first := wantPage(t, f.do(t, "GET", history, cookie(am1)), 200, "<ins>Segment 54</ins>", "Older »")
		if strings.Contains(first, "Newest") || strings.Contains(first, "<del>Food</del>") {
			t.Errorf("the first page links to itself or shows the oldest changes")
		}
		older := olderLink.FindStringSubmatch(first)
		if older == nil {
			t.Fatalf("no link to older changes")
		}
		wantPage(t, f.do(t, "GET", strings.ReplaceAll(older[1], "&amp;", "&"), cookie(am1)), 200, "<del>Food</del>", "« Newest", "Create")
		// A head, the creation, two facts changed on the web, 55 segments.
		if n := strings.Count(f.do(t, "GET", history+"?format=csv", cookie(am1)).Body.String(), "\n"); n != 1+1+2+55 {
			t.Errorf("the download has %d lines, want every change", n)
		}
	})
}

// TestHistoryPagesOfEveryKind: cases, contacts, deals, plans, objectives
// and discount requests each have a history page, linked from where the
// record is shown, closed to whoever may not see the record.
func TestHistoryPagesOfEveryKind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		ctx := context.Background()
		p, err := s.PrincipalFor(ctx, f.am1.ID)
		must(t, err)
		today := kam.DateOf(time.Now())
		deal := &kam.Opportunity{AccountID: f.group.ID, Name: "Cold chain upgrade", Stage: "proposal", Amount: kam.MustMoney("12000"),
			Currency: "EUR", CloseDate: today.AddDays(30), OwnerID: f.am1.ID}
		must(t, s.CreateOpportunity(ctx, p, deal))
		_, err = s.MoveOpportunity(ctx, p, deal.ID, "negotiation", deal.Version)
		must(t, err)
		k := &kam.Case{AccountID: f.group.ID, Kind: "complaint", Severity: "high", Subject: "Late <b>delivery</b>", OwnerID: f.am1.ID}
		must(t, s.CreateCase(ctx, p, k))
		plan := &kam.AccountPlan{AccountID: f.group.ID, Title: "Nordic plan", PeriodStart: today, PeriodEnd: today.AddDays(300)}
		must(t, s.CreatePlan(ctx, p, plan))
		q := kam.DefaultFiscalCalendar().At(kam.PeriodQuarter, today)
		objective := &kam.Target{AccountID: f.group.ID, PeriodStart: q.First, PeriodEnd: q.Last, Description: "Win the Oulu site"}
		must(t, s.CreateTarget(ctx, p, objective))
		request := &kam.DiscountRequest{AccountID: f.group.ID, Kind: "loyalty", DepthBP: 500, StartsOn: today, EndsOn: today.AddDays(30),
			Reason: "Renewal"}
		must(t, s.CreateDiscountRequest(ctx, p, request))
		contacts, err := s.FindContacts(ctx, p, f.group.ID)
		must(t, err)

		account := wantPage(t, f.do(t, "GET", fmt.Sprintf("/accounts/%d", f.group.ID), cookie(am1)), 200)
		for _, tc := range []struct {
			page, shownOn, name, change string
		}{
			{fmt.Sprintf("/cases/%d/history", k.ID), fmt.Sprintf("/cases/%d", k.ID), "Late &lt;b&gt;delivery&lt;/b&gt;", "<ins>Late &lt;b&gt;delivery&lt;/b&gt;</ins>"},
			{fmt.Sprintf("/contacts/%d/history", contacts[0].ID), "", contacts[0].FullName(), ""},
			{fmt.Sprintf("/opportunities/%d/history", deal.ID), "", "Cold chain upgrade", "<ins>negotiation</ins>"},
			{fmt.Sprintf("/plans/%d/history", plan.ID), fmt.Sprintf("/plans/%d/changes", plan.ID), "Nordic plan", "<ins>Nordic plan</ins>"},
			{fmt.Sprintf("/targets/%d/history", objective.ID), "", "Objective for", "Create"},
			{fmt.Sprintf("/approvals/%d/history", request.ID), fmt.Sprintf("/approvals/%d", request.ID), "5% loyalty discount for Nordic Foods Group", "Request"},
		} {
			shownOn := account
			if tc.shownOn != "" {
				shownOn = wantPage(t, f.do(t, "GET", tc.shownOn, cookie(am1)), 200)
			}
			if !strings.Contains(shownOn, `href="`+tc.page+`"`) {
				t.Errorf("no link to %s on %q", tc.page, tc.shownOn)
			}
			wantPage(t, f.do(t, "GET", tc.page, cookie(am1)), 200, "History of "+tc.name, tc.change)
			wantPage(t, f.do(t, "GET", tc.page, cookie(am2)), 404)
		}
	})
}
