package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// dupFixture is the import fixture with two probable duplicates queued as
// they were created: "Nordic Food Group" (with a contact, an order and an
// external id of its own) looks like the fixture's "Nordic Foods Group", and
// "Hansa Retails" like "Hansa Retail". "Baltic Logistic", loaded in bulk, is
// not queued until a scan.
type dupFixture struct {
	*importFixture
	dup                   *kam.Account // Nordic Food Group
	nordicPair, hansaPair int64
}

func newDupFixture(t *testing.T, s *store.Store) *dupFixture {
	t.Helper()
	ctx, sys := context.Background(), kam.System()
	f := &dupFixture{importFixture: newImportFixture(t, s)}
	f.dup = &kam.Account{Name: "Nordic Food Group", Country: "FI", Tier: "core", OwnerID: f.am2.ID, Currency: "EUR",
		TaxID: "FI-2233", ExternalIDs: []kam.ExternalID{{Source: "crm", ID: "K-77"}}}
	must(t, s.CreateAccount(ctx, sys, f.dup))
	must(t, s.CreateAccount(ctx, sys, &kam.Account{Name: "Hansa Retails", Country: "DE", OwnerID: f.am1.ID, Currency: "EUR"}))
	must(t, s.Load(ctx, sys, func(l *store.Loader) error {
		if err := l.Account(&kam.Account{Name: "Baltic Logistic", Country: "LT", OwnerID: f.am1.ID, Currency: "EUR"}); err != nil {
			return err
		}
		if err := l.Contact(&kam.Contact{AccountID: f.dup.ID, FirstName: "Mette", LastName: "Lund", Title: "Head of Purchasing"}); err != nil {
			return err
		}
		return l.Order(&kam.Order{AccountID: f.dup.ID, OrderDate: kam.DateOf(time.Now()).AddDays(-3), Currency: "EUR", ExternalID: "SO-7700",
			Lines: []*kam.OrderLine{{Quantity: 10, UnitPrice: kam.MustMoney("99")}}})
	}))
	pairs, err := s.FindDuplicates(ctx, sys, "open", 10)
	must(t, err)
	if len(pairs) != 2 || pairs[0].Account.Name != "Hansa Retails" || pairs[1].Account.ID != f.dup.ID ||
		pairs[1].Candidate.ID != f.group.ID || pairs[1].Score < store.ProbableDuplicateScore {
		t.Fatalf("queued pairs: %+v", pairs)
	}
	f.hansaPair, f.nordicPair = pairs[0].ID, pairs[1].ID
	return f
}

// post sends a form from one of kam's own pages, as a browser does.
func (f *dupFixture) post(t *testing.T, sess, path string, v url.Values) *http.Response {
	t.Helper()
	return f.do(t, "POST", path, cookie(sess), form(v), header("Sec-Fetch-Site", "same-origin")).Result()
}

// follow posts a form, expects the redirect back to the duplicates page and
// returns that page.
func (f *dupFixture) follow(t *testing.T, sess, path string, v url.Values) (location, page string) {
	t.Helper()
	res := f.post(t, sess, path, v)
	location = res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(location, "/duplicates?done=") {
		t.Fatalf("POST %s: %d to %q", path, res.StatusCode, location)
	}
	w := f.do(t, "GET", location, cookie(sess))
	wantPage(t, w, 200)
	return location, w.Body.String()
}

// toReview is the part of the duplicates page that lists the open pairs.
func toReview(page string) string {
	start, end := strings.Index(page, `id="pairs-h"`), strings.Index(page, `id="merges-h"`)
	if start < 0 || end < start {
		return page
	}
	return page[start:end]
}

// TestDuplicatePages walks an administrator through the duplicates page:
// the pairs side by side, a merge that moves the contact and the order, its
// undo, a dismissal, a scan; and keeps everyone else out.
func TestDuplicatePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newDupFixture(t, s)
		admin, am1 := f.login(t, "admin"), f.login(t, "am1")
		group, dup := fmt.Sprint(f.group.ID), fmt.Sprint(f.dup.ID)

		w := f.do(t, "GET", "/duplicates", cookie(admin))
		wantPage(t, w, 200, `<a href="/duplicates" aria-current="page">Duplicates</a>`, "Duplicate accounts", "Scan all accounts",
			`<a href="/accounts/`+group+`">Nordic Foods Group</a>`, `<a href="/accounts/`+dup+`">Nordic Food Group</a>`,
			"89% alike", "are 89% alike", "crm K-77", "erp C-10042", "nordicfoods.example", "FI-2233", "Alex Morgan", "Billie Chen",
			"Keep left, merge right into it", "Keep right, merge left into it", "Not the same company",
			`<input type="hidden" name="survivor_id" value="`+group+`">`, `<input type="hidden" name="merged_id" value="`+dup+`">`,
			fmt.Sprintf(`action="/duplicates/%d/dismiss"`, f.hansaPair), "No merges yet.")
		if body := w.Body.String(); strings.Index(body, "Hansa Retails") > strings.Index(body, "Nordic Food Group") {
			t.Error("the pairs are not listed highest score first")
		}
		if body := f.do(t, "GET", "/", cookie(am1)).Body.String(); strings.Contains(body, `href="/duplicates"`) {
			t.Error("an account manager's top bar links the duplicates")
		}

		// Nobody but an administrator sees or decides anything.
		for _, tc := range []struct{ method, path string }{
			{"GET", "/duplicates"}, {"POST", "/duplicates/merge"}, {"POST", "/duplicates/scan"},
			{"POST", fmt.Sprintf("/duplicates/%d/dismiss", f.hansaPair)}, {"POST", "/merges/1/undo"},
		} {
			w := f.do(t, tc.method, tc.path, cookie(am1), form(url.Values{"survivor_id": {dup}, "merged_id": {group}}),
				header("Sec-Fetch-Site", "same-origin"))
			wantPage(t, w, 403, "Not allowed", "Only an administrator")
		}
		if _, err := s.FindAccountByID(context.Background(), kam.System(), f.dup.ID); err != nil {
			t.Fatalf("a refused merge merged: %v", err)
		}

		// Keep Nordic Foods Group, merge Nordic Food Group into it.
		loc, page := f.follow(t, admin, "/duplicates/merge", url.Values{"survivor_id": {group}, "merged_id": {dup}})
		merge := strings.TrimPrefix(loc, "/duplicates?done=merged&merge=")
		wantBody(t, page, `role="status"`, "Merged Nordic Food Group into Nordic Foods Group, moving 1 contact, 1 order, 1 external id.",
			`<a href="/accounts/`+group+`">Open Nordic Foods Group</a>`, `action="/merges/`+merge+`/undo"`,
			"1 contact, 1 order, 1 external id", "Ada admin")
		if strings.Contains(toReview(page), "Nordic Food Group") {
			t.Error("the merged pair is still to review")
		}
		wantPage(t, f.do(t, "GET", "/accounts/"+group, cookie(admin)), 200, "Mette Lund", "Head of Purchasing", "SO-7700", "K-77")
		wantPage(t, f.do(t, "GET", "/accounts/"+dup, cookie(admin)), 404)
		audit, err := s.FindAuditEntries(context.Background(), kam.System(), "account", f.group.ID)
		must(t, err)
		if len(audit) == 0 || audit[0].Action != "merge" || audit[0].Channel != "web" || !strings.Contains(audit[0].NewValue, "Nordic Food Group") {
			t.Errorf("audit entry %+v", audit[0])
		}

		// Undo it: the account is back with its contact, once.
		_, page = f.follow(t, admin, "/merges/"+merge+"/undo", nil)
		wantBody(t, page, "Undid the merge: Nordic Food Group is back with what it had.", `<a href="/accounts/`+dup+`">Open Nordic Food Group</a>`, "Undone")
		if strings.Contains(page, `action="/merges/`+merge+`/undo"`) {
			t.Error("an undone merge can be undone again")
		}
		wantPage(t, f.do(t, "GET", "/accounts/"+dup, cookie(admin)), 200, "Mette Lund", "SO-7700")
		if body := f.do(t, "GET", "/accounts/"+group, cookie(admin)).Body.String(); strings.Contains(body, "Mette Lund") {
			t.Error("the contact stayed with the survivor after the undo")
		}
		res := f.post(t, admin, "/merges/"+merge+"/undo", nil)
		if res.StatusCode != http.StatusConflict {
			t.Errorf("second undo: status %d", res.StatusCode)
		}
		wantPage(t, f.do(t, "POST", "/merges/"+merge+"/undo", cookie(admin), header("Sec-Fetch-Site", "same-origin")), 409, "was undone already")
		// The undo put the pair back to be decided anew.
		if !strings.Contains(toReview(page), "Nordic Food Group") {
			t.Error("the pair of the undone merge is not back to review")
		}

		// Both pairs are two companies; then nothing is left to review.
		_, page = f.follow(t, admin, fmt.Sprintf("/duplicates/%d/dismiss", f.nordicPair), nil)
		if strings.Contains(toReview(page), "Nordic Food Group") {
			t.Error("the dismissed pair is still to review")
		}
		_, page = f.follow(t, admin, fmt.Sprintf("/duplicates/%d/dismiss", f.hansaPair), nil)
		wantBody(t, page, "Dismissed: the two accounts stay apart", "No duplicates to review.")
		wantPage(t, f.do(t, "POST", fmt.Sprintf("/duplicates/%d/dismiss", f.hansaPair), cookie(admin), header("Sec-Fetch-Site", "same-origin")),
			404, "No open duplicate pair")

		// A scan finds the account loaded in bulk, once.
		_, page = f.follow(t, admin, "/duplicates/scan", nil)
		wantBody(t, page, "Scanned every account: 1 new pair queued.", "Baltic Logistic", "Baltic Logistics")
		_, page = f.follow(t, admin, "/duplicates/scan", nil)
		wantBody(t, page, "Scanned every account: no new pairs.")

		// Outcomes are rendered only as the page knows them.
		for _, q := range []string{"done=%3Cb%3Ehi%3C%2Fb%3E", "done=merged&merge=%3Cb%3E", "done=scanned&queued=x"} {
			body := f.do(t, "GET", "/duplicates?"+q, cookie(admin)).Body.String()
			if strings.Contains(body, "<b>") || strings.Contains(body, "&lt;b&gt;") {
				t.Errorf("%s: the query string reached the page", q)
			}
		}
		wantPage(t, f.do(t, "POST", "/duplicates/merge", cookie(admin), form(url.Values{"survivor_id": {group}}),
			header("Sec-Fetch-Site", "same-origin")), 400, `role="alert"`, "Choose the account to keep")
		wantPage(t, f.do(t, "POST", "/duplicates/merge", cookie(admin), form(url.Values{"survivor_id": {group}, "merged_id": {group}}),
			header("Sec-Fetch-Site", "same-origin")), 400, "cannot be merged into itself")
		wantPage(t, f.do(t, "POST", "/duplicates/scan", cookie(admin), header("Sec-Fetch-Site", "cross-site")), 403)
	})
}
