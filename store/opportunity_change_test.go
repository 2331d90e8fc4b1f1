package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// dealAudit lists a deal's audit entries, oldest first, as "action" or
// "action field old>new".
func dealAudit(t *testing.T, s *store.Store, id int64) string {
	t.Helper()
	rows, err := s.DB().Query(s.Rebind(`SELECT action, field, old_value, new_value FROM audit_log
		WHERE entity = 'opportunity' AND entity_id = ? ORDER BY id`), id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action, field, old, new string
		if err := rows.Scan(&action, &field, &old, &new); err != nil {
			t.Fatal(err)
		}
		if field != "" {
			action += " " + field + " " + old + ">" + new
		}
		out = append(out, action)
	}
	return strings.Join(out, "; ")
}

func TestUpdateOpportunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		pl := newPipeline(t, s, o)
		am1, admin := principal(t, s, o.am1), principal(t, s, o.admin)
		hook := newWebhook(t, s, admin, kam.EventOpportunityStageChanged)
		str := func(v string) *string { return &v }
		pct := func(v int) *int { return &v }

		// Scope: not found out of it, forbidden when seen but not changeable.
		_, err := s.UpdateOpportunity(ctx, principal(t, s, o.am2), pl.proposal.ID, kam.OpportunityUpdate{Version: 1, Name: str("X")})
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.UpdateOpportunity(ctx, principal(t, s, o.view), pl.delta.ID, kam.OpportunityUpdate{Version: 1, Name: str("X")})
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.UpdateOpportunity(ctx, am1, pl.proposal.ID, kam.OpportunityUpdate{Version: 1, Stage: str("closing")})
		wantCode(t, err, kam.EINVALID)
		_, err = s.UpdateOpportunity(ctx, am1, pl.proposal.ID, kam.OpportunityUpdate{Version: 1, Currency: str("euro")})
		wantCode(t, err, kam.EINVALID)
		_, err = s.UpdateOpportunity(ctx, am1, pl.proposal.ID, kam.OpportunityUpdate{Version: 1, Name: str("  ")})
		wantCode(t, err, kam.EINVALID)

		// Fields change; a stage with a default probability moves it along.
		amount, closes := kam.MustMoney("12500"), pl.proposal.CloseDate.AddDays(14)
		d, err := s.UpdateOpportunity(ctx, am1, pl.proposal.ID, kam.OpportunityUpdate{Version: 1, Name: str("Alpha rollout II"),
			Amount: &amount, CloseDate: &closes, Stage: str("negotiation"), Competitor: str("Acme")})
		if err != nil {
			t.Fatal(err)
		}
		if d.Version != 2 || d.Stage != "negotiation" || d.Probability != 75 || d.Amount != amount || d.Name != "Alpha rollout II" {
			t.Errorf("updated %+v", d)
		}
		if st := readDeal(t, s, pl.proposal.ID); st.stage != "negotiation" || st.pct != 75 || st.version != 2 || st.closedAt.Valid {
			t.Errorf("stored %+v", st)
		}
		got := dealAudit(t, s, pl.proposal.ID)
		for _, want := range []string{"update name Alpha rollout>Alpha rollout II", "update amount 10000.00>12500.00",
			"update stage proposal>negotiation", "update probability 50>75", "update competitor >Acme"} {
			if !strings.Contains(got, want) {
				t.Errorf("audit lacks %q: %s", want, got)
			}
		}
		log := webhookLog(t, s, hook)
		if len(log) != 1 || payload(t, log[0])["new_stage"] != "negotiation" || payload(t, log[0])["old_stage"] != "proposal" {
			t.Errorf("stage change event: %d deliveries", len(log))
		}

		// A change from the version before is ESTALE and writes nothing.
		_, err = s.UpdateOpportunity(ctx, am1, pl.proposal.ID, kam.OpportunityUpdate{Version: 1, Name: str("Stale")})
		wantCode(t, err, kam.ESTALE)
		// Nothing to change keeps the version.
		if d, err = s.UpdateOpportunity(ctx, am1, pl.proposal.ID, kam.OpportunityUpdate{Version: 2, Name: str("Alpha rollout II")}); err != nil || d.Version != 2 {
			t.Errorf("no-op update: %+v, %v", d, err)
		}

		// An explicit probability wins over the stage's, except for a closed deal.
		if d, err = s.UpdateOpportunity(ctx, am1, pl.custom.ID, kam.OpportunityUpdate{Version: 1, Stage: str("proposal"), Probability: pct(40)}); err != nil || d.Probability != 40 {
			t.Fatalf("stage and probability: %+v, %v", d, err)
		}
		_, err = s.UpdateOpportunity(ctx, am1, pl.custom.ID, kam.OpportunityUpdate{Version: 2, Stage: str("won"), Probability: pct(40)})
		wantCode(t, err, kam.EINVALID)
		if d, err = s.UpdateOpportunity(ctx, am1, pl.custom.ID, kam.OpportunityUpdate{Version: 2, Stage: str("won")}); err != nil || d.Probability != 100 {
			t.Fatalf("won: %+v, %v", d, err)
		}
		if st := readDeal(t, s, pl.custom.ID); !st.closedAt.Valid {
			t.Errorf("a deal won by a change has no closed_at")
		}
		if got := dealAudit(t, s, pl.custom.ID); strings.Count(got, "probability") != 2 {
			t.Errorf("one probability entry per change: %s", got)
		}

		// Only directors and administrators hand a deal over.
		_, err = s.UpdateOpportunity(ctx, am1, pl.dollars.ID, kam.OpportunityUpdate{Version: 1, OwnerID: &o.am2.ID})
		wantCode(t, err, kam.EINVALID)
		if d, err = s.UpdateOpportunity(ctx, admin, pl.dollars.ID, kam.OpportunityUpdate{Version: 1, OwnerID: &o.am2.ID}); err != nil || d.OwnerID != o.am2.ID {
			t.Errorf("admin hands over: %+v, %v", d, err)
		}
		_, err = s.UpdateOpportunity(ctx, admin, pl.dollars.ID, kam.OpportunityUpdate{Version: 2, OwnerID: &o.view.ID})
		wantCode(t, err, kam.EINVALID)

		// The account's roll-up is queued (or refreshed at once).
		var n int
		if err := s.DB().QueryRow(s.Rebind("SELECT COUNT(*) FROM rollup_queue WHERE account_id = ?"), o.a1.ID).Scan(&n); err != nil || n != 1 {
			t.Errorf("account queued %d times, %v", n, err)
		}
	})
}

func TestDeleteRestoreOpportunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		pl := newPipeline(t, s, o)
		am1, admin := principal(t, s, o.am1), principal(t, s, o.admin)

		wantCode(t, s.DeleteOpportunity(ctx, principal(t, s, o.am2), pl.proposal.ID, 0), kam.ENOTFOUND)
		wantCode(t, s.DeleteOpportunity(ctx, am1, pl.proposal.ID, 2), kam.ESTALE)
		if err := s.DeleteOpportunity(ctx, am1, pl.proposal.ID, 1); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindOpportunity(ctx, am1, pl.proposal.ID)
		wantCode(t, err, kam.ENOTFOUND)
		l, err := s.FindOpportunities(ctx, am1, store.OpportunityFilter{Stages: []string{"proposal"}})
		if err != nil || len(l.Deals) != 0 || len(l.Totals) != 0 {
			t.Errorf("a deleted deal is on the board: %s, %+v, %v", dealNames(l), l.Totals, err)
		}
		wantCode(t, s.DeleteOpportunity(ctx, am1, pl.proposal.ID, 0), kam.ENOTFOUND)

		_, err = s.RestoreOpportunity(ctx, am1, pl.proposal.ID)
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.RestoreOpportunity(ctx, admin, pl.custom.ID)
		wantCode(t, err, kam.ENOTFOUND) // not deleted
		d, err := s.RestoreOpportunity(ctx, admin, pl.proposal.ID)
		if err != nil || d.Version != 3 || d.Stage != "proposal" {
			t.Fatalf("restored %+v, %v", d, err)
		}
		if _, err := s.FindOpportunity(ctx, am1, pl.proposal.ID); err != nil {
			t.Errorf("restored deal: %v", err)
		}
		if got := dealAudit(t, s, pl.proposal.ID); got != "delete; restore" {
			t.Errorf("audit %q", got)
		}

		// A deal of a deleted account stays in the bin.
		if err := s.DeleteOpportunity(ctx, admin, pl.bravo.ID, 0); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAccount(ctx, admin, o.a2.ID, 0); err != nil {
			t.Fatal(err)
		}
		_, err = s.RestoreOpportunity(ctx, admin, pl.bravo.ID)
		wantCode(t, err, kam.ECONFLICT)
		if st := readDeal(t, s, pl.bravo.ID); st.version != 2 {
			t.Errorf("a refused restore changed the deal: %+v", st)
		}
	})
}
