package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// noticeFlags lists the evidence of an account's open contract_notice flags.
func noticeFlags(t *testing.T, s *store.Store, p *kam.Principal, accountID int64) []string {
	t.Helper()
	flags, err := s.FindAccountFlags(context.Background(), p, accountID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range flags {
		if f.Kind == string(insight.ContractNotice) && (f.State == "open" || f.State == "acknowledged") {
			out = append(out, f.Evidence)
		}
	}
	return out
}

func TestContractsAreScopedVersionedAndRaiseTheNoticeFlag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, viewer, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.view), principal(t, s, o.admin)
		now := time.Date(2026, time.December, 1, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		s.Insights = portfolio.Compute(portfolio.Options{})
		if _, err := s.Recompute(ctx, kam.DateOf(now), s.Insights); err != nil {
			t.Fatal(err)
		}

		// A contract far from its end raises nothing.
		k := &kam.Contract{AccountID: o.a1.ID, Name: " Framework 2026 ", StartDate: kam.NewDate(2026, 1, 1),
			EndDate: kam.NewDate(2027, 12, 31), Value: kam.MustMoney("120000"), Currency: "EUR", NoticeDays: 90}
		if err := s.CreateContract(ctx, am1, k); err != nil {
			t.Fatal(err)
		}
		if k.Name != "Framework 2026" || k.Status != "active" || k.Version != 1 || k.ID == 0 {
			t.Errorf("created %+v", k)
		}
		if got := noticeFlags(t, s, am1, o.a1.ID); len(got) != 0 {
			t.Errorf("flags before the notice period: %v", got)
		}

		// Validation.
		bad := func(mut func(c *kam.Contract), field string) {
			t.Helper()
			c := &kam.Contract{AccountID: o.a1.ID, Name: "X", StartDate: kam.NewDate(2026, 1, 1), EndDate: kam.NewDate(2026, 12, 31), Currency: "EUR"}
			mut(c)
			err := s.CreateContract(ctx, am1, c)
			if kam.ErrorCode(err) != kam.EINVALID || kam.ErrorField(err) != field {
				t.Errorf("want invalid %s, got %v", field, err)
			}
		}
		bad(func(c *kam.Contract) { c.EndDate = kam.NewDate(2025, 12, 31) }, "end_date")
		bad(func(c *kam.Contract) { c.NoticeDays = 3651 }, "notice_days")
		bad(func(c *kam.Contract) { c.NoticeDays = -1 }, "notice_days")
		bad(func(c *kam.Contract) { c.Status = "signed" }, "status")
		bad(func(c *kam.Contract) { c.Currency = "eur" }, "currency")
		bad(func(c *kam.Contract) { c.Name = " " }, "name")
		bad(func(c *kam.Contract) { c.AccountID = o.a2.ID }, "account_id") // am1 cannot see a2

		// Scope: others cannot see it; a viewer changes nothing.
		_, err := s.FindContract(ctx, am2, k.ID)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.UpdateContract(ctx, am2, k.ID, kam.ContractUpdate{Version: 1, Name: ptr("X")})
		wantCode(t, err, kam.ENOTFOUND)
		wantCode(t, s.CreateContract(ctx, viewer, &kam.Contract{AccountID: o.a2.ID, Name: "X"}), kam.EFORBIDDEN)
		page, err := s.FindContractList(ctx, am2, store.ContractFilter{})
		if err != nil || len(page.Contracts) != 0 {
			t.Errorf("am2 lists %+v, %v", page, err)
		}

		// Moving the end close raises the flag at once; a stale version is refused.
		k2, err := s.UpdateContract(ctx, am1, k.ID, kam.ContractUpdate{Version: 1, EndDate: ptr(kam.NewDate(2027, 2, 15))})
		if err != nil || k2.Version != 2 {
			t.Fatalf("update: %+v, %v", k2, err)
		}
		if got := noticeFlags(t, s, am1, o.a1.ID); len(got) != 1 || !strings.Contains(got[0], "Framework 2026") {
			t.Errorf("flags after the end moved into the notice window: %v", got)
		}
		_, err = s.UpdateContract(ctx, am1, k.ID, kam.ContractUpdate{Version: 1, Name: ptr("Old")})
		wantCode(t, err, kam.ESTALE)
		_, err = s.UpdateContract(ctx, am1, k.ID, kam.ContractUpdate{Version: 2, StartDate: ptr(kam.NewDate(2028, 1, 1))})
		wantCode(t, err, kam.EINVALID)
		same, err := s.UpdateContract(ctx, am1, k.ID, kam.ContractUpdate{Version: 2, Name: ptr("Framework 2026")})
		if err != nil || same.Version != 2 {
			t.Errorf("a change that changes nothing keeps the version: %+v, %v", same, err)
		}

		// Lists filter by the end date and page by cursor.
		later := &kam.Contract{AccountID: o.a1.ID, Name: "Service", StartDate: kam.NewDate(2026, 1, 1), EndDate: kam.NewDate(2029, 6, 30), Currency: "EUR"}
		if err := s.CreateContract(ctx, am1, later); err != nil {
			t.Fatal(err)
		}
		page, err = s.FindContractList(ctx, am1, store.ContractFilter{Limit: 1})
		if err != nil || len(page.Contracts) != 1 || page.Contracts[0].ID != k.ID || page.Next == "" {
			t.Fatalf("first page: %+v, %v", page, err)
		}
		if page.Contracts[0].NoticeDate.String() != "2026-11-17" || page.Contracts[0].AccountName != o.a1.Name {
			t.Errorf("hit: %+v", page.Contracts[0])
		}
		next, err := s.FindContractList(ctx, am1, store.ContractFilter{Limit: 1, After: page.Next})
		if err != nil || len(next.Contracts) != 1 || next.Contracts[0].ID != later.ID || next.Next != "" {
			t.Errorf("second page: %+v, %v", next, err)
		}
		_, err = s.FindContractList(ctx, am1, store.ContractFilter{Limit: 1, After: page.Next, Status: "draft"})
		wantCode(t, err, kam.EINVALID)
		ending, err := s.FindContractList(ctx, am1, store.ContractFilter{EndingAfter: kam.NewDate(2028, 1, 1), Sort: "name"})
		if err != nil || len(ending.Contracts) != 1 || ending.Contracts[0].ID != later.ID {
			t.Errorf("ending after 2028: %+v, %v", ending, err)
		}

		// Soft delete clears the flag; an administrator restores it.
		wantCode(t, s.DeleteContract(ctx, am1, k.ID, 1), kam.ESTALE)
		if err := s.DeleteContract(ctx, am1, k.ID, 2); err != nil {
			t.Fatal(err)
		}
		if got := noticeFlags(t, s, am1, o.a1.ID); len(got) != 0 {
			t.Errorf("flags after delete: %v", got)
		}
		_, err = s.FindContract(ctx, am1, k.ID)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.RestoreContract(ctx, am1, k.ID)
		wantCode(t, err, kam.EFORBIDDEN)
		back, err := s.RestoreContract(ctx, admin, k.ID)
		if err != nil || back.Version != 4 {
			t.Fatalf("restore: %+v, %v", back, err)
		}
		if got := noticeFlags(t, s, am1, o.a1.ID); len(got) != 1 {
			t.Errorf("flags after restore: %v", got)
		}
		_, err = s.RestoreContract(ctx, admin, k.ID)
		wantCode(t, err, kam.ENOTFOUND)
	})
}
