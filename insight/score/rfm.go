package score

import (
	"fmt"
	"sort"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// RFMInput is one account of a portfolio for RFM: its recency, frequency and
// monetary figures.
type RFMInput struct {
	AccountID int64
	// RecencyDays is the days since the latest order; negative when the
	// account never ordered (only credit notes, or nothing).
	RecencyDays int
	// Orders12M counts orders of the last 365 days (frequency).
	Orders12M int
	// Revenue12M is net revenue of the last 365 days (monetary); may be
	// negative after returns.
	Revenue12M kam.Money
}

// RFMInputOf takes an account's RFM figures from its roll-up.
func RFMInputOf(accountID int64, r insight.Rollup) RFMInput {
	return RFMInput{AccountID: accountID, RecencyDays: r.DaysSinceLast, Orders12M: r.Orders12M, Revenue12M: r.Revenue12M}
}

// RFMOptions tune the scoring.
type RFMOptions struct {
	// SplitTies breaks ties between equal figures by account id (lower id
	// ranked higher) so that each quintile holds a fifth of the accounts
	// exactly. By default equal figures share a score, as fairness and
	// explanation demand ("same orders, same F"), and quintiles are only
	// as even as ties allow.
	SplitTies bool
}

// RFMScore is an account's RFM scores and segment.
type RFMScore struct {
	AccountID   int64     `json:"account_id"`
	RecencyDays int       `json:"recency_days"`
	Orders12M   int       `json:"orders_12m"`
	Revenue12M  kam.Money `json:"revenue_12m"`
	// R, F and M are the quintile scores, 1 (lowest fifth of the
	// portfolio) to 5 (highest); 0 for accounts without purchases.
	R int `json:"r"`
	F int `json:"f"`
	M int `json:"m"`
	// FM is the mean of F and M, rounded half up: the axis the segments
	// are read on together with R.
	FM          int     `json:"fm"`
	Segment     Segment `json:"segment"`
	Label       string  `json:"label"`
	Explanation string  `json:"explanation"`
}

// RFM scores a portfolio on recency, frequency and monetary value. Each
// figure is scored 1–5 by quintile among the accounts that ever ordered:
// sorted from worst (longest ago, fewest orders, least revenue) to best, the
// account at position p of n (counting from 0) scores 1 + ⌊5 (p + ½) / n⌋;
// equal figures take the position in the middle of their run, so they share
// a score (see RFMOptions for exact fifths). Accounts that never ordered are
// not scored and are placed in the no-purchases segment. Results are in
// input order.
func RFM(accounts []RFMInput, opt RFMOptions) []RFMScore {
	out := make([]RFMScore, len(accounts))
	var buyers []int
	for i, a := range accounts {
		out[i] = RFMScore{AccountID: a.AccountID, RecencyDays: a.RecencyDays, Orders12M: a.Orders12M, Revenue12M: a.Revenue12M}
		if a.RecencyDays >= 0 {
			buyers = append(buyers, i)
		}
	}
	quintiles(accounts, buyers, opt, func(a RFMInput) int64 { return -int64(a.RecencyDays) }, func(i, q int) { out[i].R = q })
	quintiles(accounts, buyers, opt, func(a RFMInput) int64 { return int64(a.Orders12M) }, func(i, q int) { out[i].F = q })
	quintiles(accounts, buyers, opt, func(a RFMInput) int64 { return int64(a.Revenue12M) }, func(i, q int) { out[i].M = q })
	for i := range out {
		s := &out[i]
		if accounts[i].RecencyDays < 0 {
			s.Segment = NoPurchases
			s.Label = NoPurchases.Label()
			s.Explanation = fmt.Sprintf("No order recorded (net revenue of the last 12 months %s): %s.", money(s.Revenue12M, ""), s.Label)
			continue
		}
		s.FM = (s.F + s.M + 1) / 2
		s.Segment = SegmentOf(s.R, s.FM)
		s.Label = s.Segment.Label()
		s.Explanation = fmt.Sprintf("Last order %s ago (R %d), %s in 12 months (F %d), %s net revenue in 12 months (M %d); FM %d: %s.",
			plural(s.RecencyDays, "day", "days"), s.R, plural(s.Orders12M, "order", "orders"), s.F, money(s.Revenue12M, ""), s.M, s.FM, s.Label)
	}
	return out
}

// quintiles scores the figure key (higher is better) of the accounts at
// the given indexes and sets each score.
func quintiles(accounts []RFMInput, idx []int, opt RFMOptions, key func(RFMInput) int64, set func(i, q int)) {
	n := len(idx)
	if n == 0 {
		return
	}
	order := make([]int, n)
	copy(order, idx)
	sort.SliceStable(order, func(x, y int) bool {
		a, b := accounts[order[x]], accounts[order[y]]
		if ka, kb := key(a), key(b); ka != kb {
			return ka < kb
		}
		return a.AccountID > b.AccountID
	})
	for start := 0; start < n; {
		end := start + 1
		if !opt.SplitTies {
			for end < n && key(accounts[order[end]]) == key(accounts[order[start]]) {
				end++
			}
		}
		// the middle of positions start … end-1, plus ½, is (start+end)/2.
		q := min(1+5*(start+end)/(2*n), 5)
		for _, i := range order[start:end] {
			set(i, q)
		}
		start = end
	}
}

// Segment is a named RFM segment: what the account's buying pattern calls
// for, in the words marketing teams already use.
type Segment string

// The segments, best first, and NoPurchases for accounts that never ordered.
const (
	Champions         Segment = "champions"
	Loyal             Segment = "loyal"
	PotentialLoyalist Segment = "potential_loyalist"
	New               Segment = "new"
	Promising         Segment = "promising"
	NeedAttention     Segment = "need_attention"
	AboutToSleep      Segment = "about_to_sleep"
	AtRisk            Segment = "at_risk"
	CannotLose        Segment = "cannot_lose"
	Hibernating       Segment = "hibernating"
	Lost              Segment = "lost"
	NoPurchases       Segment = "no_purchases"
)

// Segments lists every segment, best first, NoPurchases last.
var Segments = []Segment{Champions, Loyal, PotentialLoyalist, New, Promising, NeedAttention, AboutToSleep, AtRisk, CannotLose, Hibernating, Lost, NoPurchases}

// Label is the segment's name for display.
func (s Segment) Label() string {
	switch s {
	case Champions:
		return "Champions"
	case Loyal:
		return "Loyal"
	case PotentialLoyalist:
		return "Potential loyalist"
	case New:
		return "New"
	case Promising:
		return "Promising"
	case NeedAttention:
		return "Needs attention"
	case AboutToSleep:
		return "About to sleep"
	case AtRisk:
		return "At risk"
	case CannotLose:
		return "Cannot lose"
	case Hibernating:
		return "Hibernating"
	case Lost:
		return "Lost"
	case NoPurchases:
		return "No purchases"
	}
	return string(s)
}

// segmentGrid is the RFM segment map widely reproduced in open-source RFM
// analyses, its segment names after Putler's RFM guide (the "seg_map" on
// R then F: [1-2][1-2] hibernating, [1-2][3-4] at risk, [1-2]5 cannot
// lose, 3[1-2] about to sleep, 33 need attention, [3-4][4-5] loyal, 41
// promising, 51 new, [4-5][2-3] potential loyalist, 5[4-5] champions). That
// map reads R against F; kam reads it against FM, the mean of F and M, so
// that an account buying rarely but in large amounts counts as valuable:
//
//	R\FM  1              2                   3                   4          5
//	5     new            potential loyalist  potential loyalist  champions  champions
//	4     promising      potential loyalist  potential loyalist  loyal      loyal
//	3     about to sleep about to sleep      need attention      loyal      loyal
//	2     hibernating    hibernating         at risk             at risk    cannot lose
//	1     lost           hibernating         at risk             at risk    cannot lose
//
// One change to the published map: its worst cell, R 1 and FM 1 — the
// accounts that bought least, least often and longest ago — is "lost", so
// that lost accounts are told apart from merely dormant ones.
var segmentGrid = [5][5]Segment{
	{Lost, Hibernating, AtRisk, AtRisk, CannotLose},                   // R 1
	{Hibernating, Hibernating, AtRisk, AtRisk, CannotLose},            // R 2
	{AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal},         // R 3
	{Promising, PotentialLoyalist, PotentialLoyalist, Loyal, Loyal},   // R 4
	{New, PotentialLoyalist, PotentialLoyalist, Champions, Champions}, // R 5
}

// SegmentOf names the segment of an R score and an FM score, each 1–5
// (scores outside are taken as the nearest end).
func SegmentOf(r, fm int) Segment {
	r, fm = min(max(r, 1), 5), min(max(fm, 1), 5)
	return segmentGrid[r-1][fm-1]
}
