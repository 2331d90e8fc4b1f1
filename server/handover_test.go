package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestHandOverAccounts: a director hands an account manager's book to
// another when the first leaves; the accounts, their tenure history, the
// open deals and tasks move; the new owner is told; nothing moves for
// someone without the authority.
func TestHandOverAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		am1Token, _ := f.writeTokens(t)
		director := &kam.User{Username: "dir", DisplayName: "Dana Director", Role: kam.RoleDirector, OrgUnitID: f.am1.OrgUnitID}
		must(t, s.CreateUser(ctx, sys, director, testPassword))
		_, dirToken, err := s.CreateToken(ctx, sys, "dir", "admin work", false, nil)
		must(t, err)
		deal := &kam.Opportunity{AccountID: f.group.ID, Name: "Cold chain upgrade", Stage: "proposal", Amount: kam.MustMoney("12000"),
			Currency: "EUR", CloseDate: kam.DateOf(time.Now()).AddDays(30), OwnerID: f.am1.ID}
		must(t, s.CreateOpportunity(ctx, sys, deal))
		task := &kam.Task{AccountID: f.group.ID, AssigneeID: f.am1.ID, Title: "Send the revised offer", Due: kam.DateOf(time.Now())}
		must(t, s.CreateTask(ctx, sys, task))
		open := &kam.Case{AccountID: f.group.ID, Kind: "complaint", Severity: "high", Subject: "Late delivery", OwnerID: f.am1.ID}
		must(t, s.CreateCase(ctx, sys, open))

		body := fmt.Sprintf(`{"from_user_id": %d, "to_user_id": %d, "reason": "Alex moves to the Baltics team"}`, f.am1.ID, f.am2.ID)
		wantError(t, "an account manager", f.call(t, "POST", "/api/v1/accounts/handover", am1Token, body), 403, kam.EFORBIDDEN, "")
		wantError(t, "to a viewer", f.call(t, "POST", "/api/v1/accounts/handover", dirToken,
			fmt.Sprintf(`{"from_user_id": %d, "to_user_id": %d, "reason": "x"}`, f.am1.ID, director.ID+999)), 400, kam.EINVALID, "to_user_id")
		wantError(t, "an empty list", f.call(t, "POST", "/api/v1/accounts/handover", dirToken,
			fmt.Sprintf(`{"from_user_id": %d, "to_user_id": %d, "account_ids": [], "reason": "x"}`, f.am1.ID, f.am2.ID)), 400, kam.EINVALID, "account_ids")
		wantError(t, "no reason", f.call(t, "POST", "/api/v1/accounts/handover", dirToken,
			fmt.Sprintf(`{"from_user_id": %d, "to_user_id": %d, "reason": " "}`, f.am1.ID, f.am2.ID)), 400, kam.EINVALID, "reason")

		c := f.call(t, "POST", "/api/v1/accounts/handover", dirToken, body)
		var out struct{ Data store.Handover }
		if c.status != 200 || json.Unmarshal([]byte(c.raw), &out) != nil {
			t.Fatalf("hand over: %d %s", c.status, c.raw)
		}
		if len(out.Data.AccountIDs) != f.am1Accounts || out.Data.Deals != 1 || out.Data.Tasks != 1 || out.Data.Cases != 1 || out.Data.NoticeID == 0 {
			t.Errorf("handed over %+v; want %d accounts, 1 deal, 1 task, 1 case and a notice", out.Data, f.am1Accounts)
		}
		if k, err := s.FindCase(ctx, sys, open.ID); err != nil || k.OwnerID != f.am2.ID {
			t.Errorf("the open case after the handover: %+v %v", k, err)
		}
		group, err := s.FindAccountByID(ctx, sys, f.group.ID)
		must(t, err)
		if group.OwnerID != f.am2.ID {
			t.Errorf("the group's owner after the handover: %d", group.OwnerID)
		}
		moved, err := s.FindOpportunity(ctx, sys, deal.ID)
		must(t, err)
		if moved.OwnerID != f.am2.ID {
			t.Errorf("the open deal's owner: %d", moved.OwnerID)
		}
		tasks, err := s.FindTasks(ctx, &kam.Principal{UserID: f.am2.ID, Role: kam.RoleAM, Username: "am2"}, store.TaskFilter{})
		must(t, err)
		var titles []string
		for _, tk := range tasks {
			titles = append(titles, tk.Title)
		}
		if got := strings.Join(titles, " | "); !strings.Contains(got, "Send the revised offer") ||
			!strings.Contains(got, fmt.Sprintf("You now own %d accounts from Alex Morgan: Alex moves to the Baltics team", f.am1Accounts)) {
			t.Errorf("am2's tasks after the handover: %s", got)
		}
		history, err := s.FindAuditEntries(ctx, sys, "account", f.group.ID)
		must(t, err)
		var assigned bool
		for _, e := range history {
			if e.Action == "assign" && e.Field == "owner_id" && e.OldValue == fmt.Sprint(f.am1.ID) && e.NewValue == fmt.Sprint(f.am2.ID) && e.Channel == "api" {
				assigned = true
			}
		}
		if !assigned {
			t.Errorf("no audit entry of the handover on the group: %+v", history)
		}
		rows, err := s.DB().Query(s.Rebind(`SELECT user_id, ended_at IS NOT NULL, reason FROM account_assignments
			WHERE account_id = ? ORDER BY started_at, id`), f.group.ID)
		must(t, err)
		var tenure []string
		for rows.Next() {
			var user int64
			var ended bool
			var reason string
			must(t, rows.Scan(&user, &ended, &reason))
			tenure = append(tenure, fmt.Sprintf("%d ended=%v %s", user, ended, reason))
		}
		rows.Close()
		want := []string{fmt.Sprintf("%d ended=true created", f.am1.ID), fmt.Sprintf("%d ended=false Alex moves to the Baltics team", f.am2.ID)}
		if strings.Join(tenure, "; ") != strings.Join(want, "; ") {
			t.Errorf("the group's tenure history: %q, want %q", tenure, want)
		}
		wantError(t, "again, nothing left", f.call(t, "POST", "/api/v1/accounts/handover", dirToken, body), 400, kam.EINVALID, "from_user_id")
	})
}
