package portfolio

import (
	"context"
	"slices"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
)

// FlagRow is one flag computed from an account's history as of a day, as
// `kam flags --json` and `GET /api/v1/flags?as_of=` give it.
type FlagRow struct {
	AccountID   int64            `json:"account_id"`
	AccountName string           `json:"account_name"`
	ExternalIDs []kam.ExternalID `json:"external_ids"`
	Kind        insight.FlagKind `json:"kind"`
	Cause       string           `json:"cause"`
	Severity    string           `json:"severity"`
	Evidence    string           `json:"evidence"`
	AsOf        kam.Date         `json:"as_of"`
}

// FlagsAsOf computes the flags of every account p may see as of a day,
// from what was known then, the most severe first.
func FlagsAsOf(ctx context.Context, st *store.Store, p *kam.Principal, asOf kam.Date) ([]FlagRow, error) {
	out := []FlagRow{}
	err := st.EachHistory(ctx, p, asOf, func(a *kam.Account, h *insight.History) error {
		for _, f := range insight.AccountFlags(h, asOf, insight.AccountOptions{}) {
			out = append(out, FlagRow{AccountID: a.ID, AccountName: a.Name, ExternalIDs: orEmptyIDs(a.ExternalIDs),
				Kind: f.Kind, Cause: f.CauseOf(), Severity: f.Severity, Evidence: f.Evidence, AsOf: asOf})
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b FlagRow) int { return SeverityRank(a.Severity) - SeverityRank(b.Severity) })
	return out, err
}

// SeverityRank orders severities from the highest: 0 high, 1 medium, 2 low.
func SeverityRank(s string) int {
	switch s {
	case insight.SeverityHigh:
		return 0
	case insight.SeverityMedium:
		return 1
	}
	return 2
}
