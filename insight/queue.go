package insight

import (
	"fmt"
	"math"
	"sort"

	"github.com/kamhq/kam"
)

// Cadence is how often, in days, an account of a tier should hear from its
// manager by default (kam.DefaultTierCadence); the cadence setting and an
// account's own cadence change it, and reach the insights as CadenceDays.
func Cadence(tier string) int {
	return kam.DefaultTierCadence().Days(tier)
}

// cadenceOf is the cadence that applies to an account: days when set, else
// its tier's default.
func cadenceOf(days int, tier string) int {
	if days > 0 {
		return days
	}
	return Cadence(tier)
}

// cadenceSubject says whose cadence applies, for evidence: the account's
// own, or its tier's ("key accounts").
func cadenceSubject(tier string, own bool) string {
	if own {
		return "this account is"
	}
	return tierName(tier) + " accounts are"
}

// QueueInput is what the contact queue knows of one account.
type QueueInput struct {
	AccountID   int64
	Name        string
	Tier        string
	Currency    string
	Sales       []Sale
	LastContact kam.Date // the latest call, visit, meeting or email; zero for none
	// CadenceDays is the account's cadence (History.CadenceDays); 0 takes
	// its tier's default. OwnCadence marks the account's own.
	CadenceDays int
	OwnCadence  bool
	// Stored marks an input read from the stored roll-up and flags: Flags
	// and Revenue12M are used as they are, and Sales not at all.
	Stored     bool
	Flags      []Flag
	Revenue12M kam.Money
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
// scale), what changed (each flag by its severity: 3 if high, 2 if medium,
// 1 if low), and how far past its tier's cadence the last contact is (up to
// 3 points; 2 when there has been none). Each point comes with its reason;
// accounts with no reason to call are left out.
func Queue(accounts []QueueInput, asOf kam.Date) []QueueItem {
	var out []QueueItem
	for _, in := range accounts {
		item := QueueItem{AccountID: in.AccountID, Name: in.Name}
		flags, revenue := in.Flags, in.Revenue12M
		if !in.Stored {
			flags = Flags(in.Sales, asOf, FlagOptions{Currency: in.Currency})
			revenue = Roll(in.Sales, asOf).Revenue12M
		}
		for _, f := range flags {
			if f.Kind == ContactOverdue {
				continue // the cadence below counts it
			}
			switch f.Severity {
			case SeverityHigh:
				item.Score += 3
			case SeverityMedium:
				item.Score += 2
			default:
				item.Score++
			}
			item.Reasons = append(item.Reasons, f.Evidence)
		}
		cadence := cadenceOf(in.CadenceDays, in.Tier)
		switch {
		case in.LastContact.IsZero():
			item.Score += 2
			item.Reasons = append(item.Reasons, "no contact recorded")
		case in.LastContact.DaysUntil(asOf) > cadence:
			days := in.LastContact.DaysUntil(asOf)
			item.Score += math.Min(3, float64(days-cadence)/float64(cadence))
			item.Reasons = append(item.Reasons, fmt.Sprintf("no contact for %d days; %s called every %d days", days, cadenceSubject(in.Tier, in.OwnCadence), cadence))
		}
		if len(item.Reasons) == 0 {
			continue
		}
		if revenue > 0 {
			item.Score += math.Min(3, math.Log10(1+revenue.Float()/1000))
			item.Reasons = append(item.Reasons, fmt.Sprintf("%s in the last 12 months", amount(revenue, in.Currency)))
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
