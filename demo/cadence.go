package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// streamCadence numbers the random stream of the cadence overrides, the
// losses and the cold-call lists.
const streamCadence = 0x6b616d2d63616465

// cadence gives a few accounts their own cadence (the largest key accounts
// weekly, a few core ones every six weeks), records the loss of every lost
// account with a reason from the lost reasons, its competitor and a
// win-back planned for some of the recent ones (one of them won back), and
// gives every account manager with prospects a cold-call list, partly
// worked. The store's clock is set to the demo's day meanwhile.
func (w *world) cadence(ctx context.Context, st *store.Store) error {
	now := st.Now
	defer func() { st.Now = now }()
	st.Now = func() time.Time { return w.today.Time().Add(9 * time.Hour) }
	r := newRNG(w.seed, streamCadence)
	sys := kam.System()
	var keys, cores, lost []*profile
	for _, p := range w.profiles {
		switch {
		case p.id == 0:
		case p.status == kam.StatusLost:
			lost = append(lost, p)
		case p.status == kam.StatusProspect:
		case p.tier == "key":
			keys = append(keys, p)
		case p.tier == "core":
			cores = append(cores, p)
		}
	}
	own := map[*profile]int{}
	for _, p := range keys[:min(3, len(keys))] {
		own[p] = 7
	}
	for _, p := range cores[:min(2, len(cores))] {
		own[p] = 45
	}
	for _, p := range append(keys[:min(3, len(keys))], cores[:min(2, len(cores))]...) {
		c, err := st.AccountCadence(ctx, sys, p.id, w.today)
		if err == nil {
			days := own[p]
			_, err = st.SetAccountCadence(ctx, sys, p.id, kam.CadenceUpdate{Version: c.Version, Days: &days})
		}
		if err != nil {
			return fmt.Errorf("demo cadence of %s: %w", p.display, err)
		}
	}
	if err := w.losses(ctx, st, r, lost); err != nil {
		return err
	}
	return w.callLists(ctx, st, r)
}

// losses records the loss of each lost account, the most recent first.
func (w *world) losses(ctx context.Context, st *store.Store, r rng, lost []*profile) error {
	sys := kam.System()
	slices.SortStableFunc(lost, func(a, b *profile) int { return b.lostOn.Time().Compare(a.lostOn.Time()) })
	wonBack := false
	for i, p := range lost {
		a, err := st.FindAccountByID(ctx, sys, p.id)
		if err != nil {
			return fmt.Errorf("demo loss of %s: %w", p.display, err)
		}
		in := kam.LossInput{Version: a.Version, Detail: a.LostReason, Competitor: a.LostCompetitor, LostOn: earlierOf(p.lostOn, w.today)}
		switch {
		case p.rival && r.chance(0.5):
			in.Reason = "Price"
		case p.rival:
			in.Reason = pick(r, []string{"Lost to a competitor", "Service quality", "Product fit"})
		case a.LostReason == lossOther[0]:
			in.Reason = "Business closed"
		default:
			in.Reason = pick(r, []string{"Merged or acquired", "Budget cut"})
		}
		if p.rival && w.today.AddDays(-365).Before(in.LostOn) && i%2 == 0 {
			in.WinBackOn, in.WinBackNote = w.today.AddDays(r.between(14, 120)), "Offer a trial of the new drive line"
		}
		loss, err := st.MarkLost(ctx, sys, p.id, in)
		if err != nil {
			return fmt.Errorf("demo loss of %s: %w", p.display, err)
		}
		if !wonBack && !loss.WinBackOn.IsZero() && len(lost) > 3 {
			// The first win-back planned worked out.
			if _, err := st.Reactivate(ctx, sys, p.id, kam.Reactivation{Version: a.Version + 1}); err != nil {
				return fmt.Errorf("demo win-back of %s: %w", p.display, err)
			}
			wonBack = true
		}
	}
	w.progress("%d losses recorded", len(lost))
	return nil
}

// callLists gives every account manager a list of the prospects they may
// see, with the first few calls made.
func (w *world) callLists(ctx context.Context, st *store.Store, r rng) error {
	sys := kam.System()
	made := 0
	for _, s := range append(slices.Clone(w.org.ams), w.org.kams...) {
		l := &store.CallList{Name: "Prospects to call · " + s.user.DisplayName, AssigneeID: s.user.ID}
		if s.country != nil {
			l.Filter.Country = s.country.code
		}
		err := st.CreateCallList(ctx, sys, l)
		if kam.ErrorCode(err) == kam.EINVALID {
			continue // no prospect in their reach
		} else if err != nil {
			return fmt.Errorf("demo call list of %s: %w", s.user.DisplayName, err)
		}
		_, entries, err := st.FindCallList(ctx, sys, l.ID)
		if err != nil {
			return err
		}
		outcomes := []string{"no_answer", "interested", "not_interested"}
		notes := []string{"Voicemail; try again next week", "Wants a quote for the new controllers", "Happy with their supplier"}
		for i, e := range entries[:min(len(entries), r.between(1, 3))] {
			note := notes[i]
			if _, err := st.UpdateCallOutcome(ctx, sys, l.ID, e.AccountID, store.CallOutcomeUpdate{Version: e.Version, Outcome: outcomes[i], Note: &note}); err != nil {
				return fmt.Errorf("demo call of %s: %w", e.AccountName, err)
			}
		}
		made++
	}
	w.progress("%d cold-call lists", made)
	return nil
}
