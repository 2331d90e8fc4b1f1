package insight

import (
	"fmt"
	"math"
	"sort"

	"github.com/kamhq/kam"
)

// Cadence is how often, in days, an account of a tier should hear from its
// manager: the default contact rhythm per tier.
func Cadence(tier string) int {
	switch tier {
	case "key":
		return 14
	case "strategic":
		return 30
	case "core":
		return 60
	}
	return 90
}

// QueueInput is what the contact queue knows of one account.
type QueueInput struct {
	AccountID   int64
	Name        string
	Tier        string
	Currency    string
	Sales       []Sale
	LastContact kam.Date // the latest call, visit, meeting or email; zero for none
}

// QueueItem is one account in a user's contact queue: how much a contact now
// is worth, and why.
type QueueItem struct {
	AccountID int64    `json:"account_id"`
	Name      string   `json:"account_name"`
	Score     float64  `json:"score"`
	Reasons   []string `json:"reasons"`
}

// Queue ranks accounts by the value of a contact as of a day: what the
// account is worth (up to 3 points for its last 12 months' revenue, on a log
// scale), what changed (a drop: 3 if high, else 2; an overdue order: 2; a
// spike, an opening: 1), and how far past its tier's cadence the last
// contact is (up to 3 points; 2 when there has been none). Each point comes
// with its reason; accounts with no reason to call are left out.
func Queue(accounts []QueueInput, asOf kam.Date) []QueueItem {
	var out []QueueItem
	for _, in := range accounts {
		item := QueueItem{AccountID: in.AccountID, Name: in.Name}
		for _, f := range Flags(in.Sales, asOf, FlagOptions{Currency: in.Currency}) {
			switch {
			case f.Kind == VolumeDrop && f.Severity == SeverityHigh:
				item.Score += 3
			case f.Kind == VolumeDrop || f.Kind == OrderOverdue:
				item.Score += 2
			default:
				item.Score++
			}
			item.Reasons = append(item.Reasons, f.Evidence)
		}
		cadence := Cadence(in.Tier)
		switch {
		case in.LastContact.IsZero():
			item.Score += 2
			item.Reasons = append(item.Reasons, "no contact recorded")
		case in.LastContact.DaysUntil(asOf) > cadence:
			days := in.LastContact.DaysUntil(asOf)
			item.Score += math.Min(3, float64(days-cadence)/float64(cadence))
			item.Reasons = append(item.Reasons, fmt.Sprintf("no contact for %d days; %s accounts are called every %d", days, tierName(in.Tier), cadence))
		}
		if len(item.Reasons) == 0 {
			continue
		}
		if rev := Roll(in.Sales, asOf).Revenue12M; rev > 0 {
			item.Score += math.Min(3, math.Log10(1+rev.Float()/1000))
			item.Reasons = append(item.Reasons, fmt.Sprintf("%s in the last 12 months", amount(rev, in.Currency)))
		}
		item.Score = math.Round(item.Score*100) / 100
		out = append(out, item)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

func tierName(tier string) string {
	if tier == "" {
		return "untiered"
	}
	return tier
}
