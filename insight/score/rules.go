package score

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/kamhq/kam"
)

// Rule is a company's own definition of a key account, or one part of it:
// either a condition on a named figure ({"field": "revenue_12m", "op": ">=",
// "value": 250000}) or a group of rules that must all hold ({"all": [...]})
// or of which one must ({"any": [...]}). The language is deliberately
// small — four operators, no arithmetic — so that a definition read from a
// settings page can neither run code nor surprise anyone.
type Rule struct {
	All   []Rule `json:"all,omitempty"`
	Any   []Rule `json:"any,omitempty"`
	Field string `json:"field,omitempty"`
	// Op is ">=", "<=", "=" or "in".
	Op string `json:"op,omitempty"`
	// Value is a number or a text; for "in", a list of them.
	Value any `json:"value,omitempty"`
}

// The text fields rules can name, besides the numeric figures (FigRevenue12M
// and the others) and the relational stage. Tier, status, quadrant and
// rfm_segment only take their known values.
const (
	FieldTier       = "tier"
	FieldStatus     = "status"
	FieldQuadrant   = "quadrant"
	FieldRFMSegment = "rfm_segment"
	FieldSegment    = "segment"
	FieldCountry    = "country"
	FieldIndustry   = "industry"
)

type fieldKind int

const (
	numberField fieldKind = iota
	textField
	stageField
)

// ruleFields are the fields rules can name, with their kind.
var ruleFields = map[string]fieldKind{
	FigRevenue12M: numberField, FigRevenuePrev12M: numberField, FigGrowth: numberField, FigOrders12M: numberField,
	FigProducts: numberField, FigDaysSinceLast: numberField, FigTenureYears: numberField, FigPotential: numberField,
	FigShareOfWallet: numberField, FigHealth: numberField, FigAttractiveness: numberField, FigStrength: numberField,
	FigStage:  stageField,
	FieldTier: textField, FieldStatus: textField, FieldQuadrant: textField, FieldRFMSegment: textField,
	FieldSegment: textField, FieldCountry: textField, FieldIndustry: textField,
}

// Limits that keep a definition small enough to read.
const (
	maxRuleDepth      = 6
	maxRuleConditions = 100
)

// Facts are what is known of one account for its rules: figures by name
// (Figures, plus health, attractiveness, strength…) and texts (tier,
// status, quadrant, relational_stage, …). The relational stage is read
// from Texts, or else from its level in Numbers.
type Facts struct {
	Numbers map[string]float64 `json:"numbers,omitempty"`
	Texts   map[string]string  `json:"texts,omitempty"`
}

// RuleResult is whether an account meets the definition, and why.
type RuleResult struct {
	Key bool `json:"key"`
	// Matched and Unmatched list every condition, with the account's
	// figure, that held and that did not.
	Matched   []string `json:"matched"`
	Unmatched []string `json:"unmatched"`
	// Reason names the conditions that decided it.
	Reason string `json:"reason"`
}

// ParseRules reads a key-account definition from JSON, refusing unknown
// keys, unknown fields, unknown operators, values of the wrong kind (a text
// for a number, "key-ish" for a tier), empty groups, and definitions nested
// deeper than 6 or with more than 100 conditions.
func ParseRules(data []byte) (Rule, error) {
	var r Rule
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Rule{}, fmt.Errorf("key-account rules: %w", jsonError(err))
	}
	n, _, err := normalize(r, "rules", 1, 0)
	if err != nil {
		return Rule{}, fmt.Errorf("key-account rules: %w", err)
	}
	return n, nil
}

// Validate checks a definition built in code as ParseRules checks JSON.
func (r Rule) Validate() error {
	_, _, err := normalize(r, "rules", 1, 0)
	return err
}

// String writes the definition in one line, e.g. `revenue_12m >= 250,000
// and (tier in key, strategic or quadrant = invest_for_growth)`.
func (r Rule) String() string {
	n, _, err := normalize(r, "rules", 1, 0)
	if err != nil {
		return "invalid rules: " + err.Error()
	}
	return describe(n, true)
}

// Evaluate tells whether an account's facts meet the definition. A condition
// on a figure the account lacks does not hold. Invalid rules hold for no
// account, and the reason says what is wrong.
func (r Rule) Evaluate(f Facts) RuleResult {
	n, _, err := normalize(r, "rules", 1, 0)
	if err != nil {
		return RuleResult{Reason: "Invalid key-account rules: " + err.Error()}
	}
	var res RuleResult
	ok, why := n.eval(f, &res)
	res.Key = ok
	if ok {
		res.Reason = "Key account: " + joinAnd(why) + "."
	} else {
		res.Reason = "Not a key account: " + joinAnd(why) + "."
	}
	return res
}

// eval evaluates a normalised rule, recording each condition in res, and
// returns the conditions that decided the outcome.
func (r Rule) eval(f Facts, res *RuleResult) (bool, []string) {
	if r.Field != "" {
		ok, text := r.holds(f)
		if ok {
			res.Matched = append(res.Matched, text)
		} else {
			res.Unmatched = append(res.Unmatched, text)
		}
		return ok, []string{text}
	}
	all := r.All != nil
	kids := r.All
	if !all {
		kids = r.Any
	}
	var held, failed []string
	for _, k := range kids {
		ok, why := k.eval(f, res)
		if ok {
			held = append(held, why...)
		} else {
			failed = append(failed, why...)
		}
	}
	switch {
	case all && len(failed) == 0:
		return true, held
	case all:
		return false, failed
	case len(held) > 0:
		return true, held
	}
	return false, failed
}

// holds evaluates one condition and describes it with the account's figure.
func (r Rule) holds(f Facts) (bool, string) {
	cond := describe(r, false)
	switch ruleFields[r.Field] {
	case numberField:
		v, ok := f.Numbers[r.Field]
		if !ok || !finite(v) {
			return false, cond + " (no figure)"
		}
		return compare(r.Op, v, r.Value, cmpFloat), fmt.Sprintf("%s (is %s)", cond, num(round(v, 4)))
	case stageField:
		st, ok := stageFact(f)
		if !ok {
			return false, cond + " (no stage set)"
		}
		return compare(r.Op, st.Level(), r.Value, func(a int, b string) int { return a - Stage(b).Level() }), fmt.Sprintf("%s (is %s)", cond, st)
	}
	v := strings.TrimSpace(f.Texts[r.Field])
	if v == "" {
		return false, cond + " (not set)"
	}
	return compare(r.Op, v, r.Value, func(a, b string) int {
		if strings.EqualFold(a, b) {
			return 0
		}
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	}), fmt.Sprintf("%s (is %s)", cond, v)
}

// compare applies an operator to an account's value and a rule's value
// (a V, or a []V for "in").
func compare[A, V any](op string, a A, value any, cmp func(A, V) int) bool {
	if op == "in" {
		list, _ := value.([]V)
		return slices.ContainsFunc(list, func(v V) bool { return cmp(a, v) == 0 })
	}
	v, ok := value.(V)
	if !ok {
		return false
	}
	c := cmp(a, v)
	switch op {
	case ">=":
		return c >= 0
	case "<=":
		return c <= 0
	}
	return c == 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// stageFact is the account's relational stage, from its text or its level.
func stageFact(f Facts) (Stage, bool) {
	if t := f.Texts[FigStage]; t != "" {
		st, err := ParseStage(t)
		return st, err == nil
	}
	if lv, ok := f.Numbers[FigStage]; ok {
		for _, st := range Stages {
			if float64(st.Level()) == lv {
				return st, true
			}
		}
	}
	return "", false
}

// describe writes a normalised rule; top is false inside a group, where a
// nested group needs brackets.
func describe(r Rule, top bool) string {
	if r.Field != "" {
		var vals []string
		switch v := r.Value.(type) {
		case float64:
			vals = []string{num(v)}
		case string:
			vals = []string{v}
		case []float64:
			for _, x := range v {
				vals = append(vals, num(x))
			}
		case []string:
			vals = v
		}
		return r.Field + " " + r.Op + " " + strings.Join(vals, ", ")
	}
	kids, word := r.All, " and "
	if r.All == nil {
		kids, word = r.Any, " or "
	}
	parts := make([]string, len(kids))
	for i, k := range kids {
		parts[i] = describe(k, len(kids) == 1 && top)
	}
	s := strings.Join(parts, word)
	if !top && len(kids) > 1 {
		return "(" + s + ")"
	}
	return s
}

// knownFields lists the field names for an error message.
func knownFields() string {
	names := make([]string, 0, len(ruleFields))
	for k := range ruleFields {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// knownTexts are the values the enumerated text fields take.
func knownTexts(field string) []string {
	var out []string
	switch field {
	case FieldTier:
		out = slices.Clone(kam.Tiers)
	case FieldStatus:
		for _, s := range kam.AccountStatuses {
			out = append(out, string(s))
		}
	case FieldQuadrant:
		for _, q := range append(slices.Clone(Quadrants), Unclassified) {
			out = append(out, string(q))
		}
	case FieldRFMSegment:
		for _, s := range Segments {
			out = append(out, string(s))
		}
	}
	return out
}
