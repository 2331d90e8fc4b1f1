// Package score turns an account's figures into the scores kam shows next to
// it — a health score, a place in the key account selection matrix, an RFM
// segment — and says how each was reached. Every score is a weighted sum of
// parts; every part carries its weight, its 0–100 score, the raw figure it
// came from and a sentence with that figure, so that an account manager can
// check any number by hand and argue with it. Parts without enough data are
// left out and the remaining weights scaled up, and the result says so.
//
// Like package insight, everything here is a pure function of its inputs:
// the store supplies the figures and keeps the results over time.
package score

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Part is one weighted component of a score, with everything needed to
// explain it: what was measured (Raw, in Unit), how it scored, how much it
// counted and a sentence saying so with the figures.
type Part struct {
	// Key is the stable machine name, e.g. "payment" or "revenue_12m".
	Key string `json:"key"`
	// Name is the part's name in plain words.
	Name string `json:"name"`
	// Axis is the matrix axis a classification criterion counts on
	// ("attractiveness" or "strength"); empty for health parts.
	Axis string `json:"axis,omitempty"`
	// Weight is the weight as configured.
	Weight float64 `json:"weight"`
	// Share is the part's share of the total once parts without data are
	// left out: its weight over the sum of the weights of the parts with
	// data (0 when the part itself has no data).
	Share float64 `json:"share"`
	// Score is the part's score, 0–100 (0 when it has no data).
	Score float64 `json:"score"`
	// Raw is the figure the score comes from, in Unit; 0 without data.
	Raw float64 `json:"raw"`
	// Unit names what Raw counts, e.g. "days late", "ratio", "money" (in
	// the account's currency), "of 4 roles".
	Unit string `json:"unit,omitempty"`
	// Contribution is Share × Score: the points this part adds to the
	// total, rounded to 0.1, so the contributions can differ from the total
	// by a rounding.
	Contribution float64 `json:"contribution"`
	// EnoughData is false when the part was left out for lack of data.
	EnoughData bool `json:"enough_data"`
	// Explanation says in plain words what was measured and how it scored.
	Explanation string `json:"explanation"`
}

// combine sets each part's share and contribution and returns the weighted
// score of the parts with data, with a note naming the parts left out. ok is
// false when no part with a positive weight has data: there is no score.
func combine(parts []Part) (total float64, note string, ok bool) {
	var sum float64
	var left []string
	for _, p := range parts {
		switch {
		case p.Weight <= 0:
		case p.EnoughData:
			sum += p.Weight
		default:
			left = append(left, p.Name)
		}
	}
	for i := range parts {
		p := &parts[i]
		p.Share, p.Contribution = 0, 0
		if p.EnoughData && p.Weight > 0 && sum > 0 {
			p.Share = p.Weight / sum
			p.Contribution = p.Share * p.Score
			total += p.Contribution
		}
	}
	for i := range parts {
		parts[i].Share = round(parts[i].Share, 4)
		parts[i].Contribution = round(parts[i].Contribution, 1)
	}
	if sum == 0 {
		return 0, "Not enough data for any part (" + joinAnd(left) + ").", false
	}
	if len(left) > 0 {
		note = fmt.Sprintf("Not enough data for %s: left out, and the other weights scaled up to make 100%%.", joinAnd(left))
	}
	return round(total, 1), note, true
}

// noData is a part left out for lack of data, with the reason.
func noData(key, name string, weight float64, reason string) Part {
	return Part{Key: key, Name: name, Weight: weight, Explanation: "Not enough data: " + reason + "."}
}

// clamp keeps x within [lo, hi]; NaN becomes lo, so that no NaN can leak
// out of a score.
func clamp(x, lo, hi float64) float64 {
	switch {
	case math.IsNaN(x) || x < lo:
		return lo
	case x > hi:
		return hi
	}
	return x
}

// finite reports whether x is a usable number.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// round rounds x half away from zero to n decimals.
func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}

// num formats a figure for a sentence: whole numbers without decimals,
// others with at most two, thousands grouped.
func num(x float64) string {
	if x == 0 {
		x = 0 // −0 prints as "-0"
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return group(fmt.Sprintf("%.0f", x))
	}
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
	return group(s)
}

// group puts thousands separators into a formatted number.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// pct formats a ratio as a signed percentage, e.g. 0.125 → "+12.5%".
func pct(r float64) string { return fmt.Sprintf("%+.1f%%", r*100) }

// plural is "1 order", "2 orders".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%s %s", num(float64(n)), many)
}

// joinAnd lists words as "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// jsonError makes a decoding error read as a configuration error.
func jsonError(err error) error {
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}
