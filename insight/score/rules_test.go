package score

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
)

const definition = `{"all": [
	{"field": "revenue_12m", "op": ">=", "value": 250000},
	{"any": [
		{"field": "tier", "op": "in", "value": ["key", "Strategic"]},
		{"field": "quadrant", "op": "=", "value": "invest_for_growth"}
	]}
]}`

func TestRulesByHand(t *testing.T) {
	r, err := ParseRules([]byte(definition))
	if err != nil {
		t.Fatal(err)
	}
	if want := "revenue_12m >= 250,000 and (tier in key, strategic or quadrant = invest_for_growth)"; r.String() != want {
		t.Errorf("definition %q, want %q", r.String(), want)
	}
	for _, c := range []struct {
		name   string
		facts  Facts
		key    bool
		reason string
		failed []string
	}{
		// 312,400 ≥ 250,000, and the quadrant holds though the tier does not.
		{"big and growing", Facts{Numbers: map[string]float64{FigRevenue12M: 312400}, Texts: map[string]string{FieldTier: "core", FieldQuadrant: "invest_for_growth"}}, true,
			"Key account: revenue_12m >= 250,000 (is 312,400) and quadrant = invest_for_growth (is invest_for_growth).",
			[]string{"tier in key, strategic (is core)"}},
		// Tier matches without regard to case.
		{"strategic tier", Facts{Numbers: map[string]float64{FigRevenue12M: 250000}, Texts: map[string]string{FieldTier: "STRATEGIC"}}, true,
			"Key account: revenue_12m >= 250,000 (is 250,000) and tier in key, strategic (is STRATEGIC).",
			[]string{"quadrant = invest_for_growth (not set)"}},
		{"too small", Facts{Numbers: map[string]float64{FigRevenue12M: 120000}, Texts: map[string]string{FieldTier: "key"}}, false,
			"Not a key account: revenue_12m >= 250,000 (is 120,000).",
			[]string{"revenue_12m >= 250,000 (is 120,000)", "quadrant = invest_for_growth (not set)"}},
		{"nothing known", Facts{}, false,
			"Not a key account: revenue_12m >= 250,000 (no figure), tier in key, strategic (not set) and quadrant = invest_for_growth (not set).",
			[]string{"revenue_12m >= 250,000 (no figure)", "tier in key, strategic (not set)", "quadrant = invest_for_growth (not set)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := r.Evaluate(c.facts)
			if got.Key != c.key || got.Reason != c.reason || !slices.Equal(got.Unmatched, c.failed) {
				t.Errorf("got %+v\nwant key %v, reason %q, unmatched %q", got, c.key, c.reason, c.failed)
			}
		})
	}
}

func TestRulesOnStagesAndNumbers(t *testing.T) {
	r, err := ParseRules([]byte(`{"any": [{"field": "relational_stage", "op": ">=", "value": "Mid-KAM"}, {"field": "orders_12m", "op": "in", "value": [12, 24]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		facts Facts
		key   bool
	}{
		{Facts{Texts: map[string]string{FigStage: "partnership"}}, true},
		{Facts{Texts: map[string]string{FigStage: "mid_kam"}}, true},
		// Uncoupling ranks below pre-KAM, whatever came before.
		{Facts{Texts: map[string]string{FigStage: "uncoupling_kam"}}, false},
		{Facts{Texts: map[string]string{FigStage: "early_kam"}}, false},
		// The stage's level in the figures serves when no text is given.
		{Facts{Numbers: map[string]float64{FigStage: 3}}, true},
		{Facts{Numbers: map[string]float64{FigStage: 2.5}}, false},
		{Facts{Numbers: map[string]float64{FigOrders12M: 24}}, true},
		{Facts{Numbers: map[string]float64{FigOrders12M: 23}}, false},
		{Facts{Texts: map[string]string{FigStage: "gold"}}, false},
	} {
		if got := r.Evaluate(c.facts); got.Key != c.key {
			t.Errorf("%+v: %+v, want key %v", c.facts, got, c.key)
		}
	}
	// A definition built in code is checked the same way.
	coded := Rule{All: []Rule{{Field: FigHealth, Op: "<=", Value: 40}, {Field: FieldStatus, Op: "in", Value: []string{"active", "at_risk"}}}}
	if err := coded.Validate(); err != nil {
		t.Fatal(err)
	}
	got := coded.Evaluate(Facts{Numbers: map[string]float64{FigHealth: 40}, Texts: map[string]string{FieldStatus: "at_risk"}})
	if !got.Key || len(got.Matched) != 2 {
		t.Errorf("coded rule %+v", got)
	}
	// An invalid one holds for nobody and says why.
	bad := Rule{Field: "revenue", Op: ">=", Value: 1}
	if got := bad.Evaluate(Facts{Numbers: map[string]float64{"revenue": 2}}); got.Key || !strings.HasPrefix(got.Reason, `Invalid key-account rules: rules: unknown field "revenue"`) {
		t.Errorf("invalid rule %+v", got)
	}
	if s := bad.String(); !strings.HasPrefix(s, "invalid rules:") {
		t.Errorf("invalid rule reads %q", s)
	}
}

func TestRuleErrors(t *testing.T) {
	deep := `{"field": "health", "op": ">=", "value": 1}`
	for range 6 {
		deep = `{"all": [` + deep + `]}`
	}
	var many []string
	for range 101 {
		many = append(many, `{"field": "health", "op": ">=", "value": 1}`)
	}
	for doc, says := range map[string]string{
		`{"field": "revenue", "op": ">=", "value": 1}`:                                                                 `rules: unknown field "revenue" (known: attractiveness, country,`,
		`{"field": "revenue_12m", "op": ">", "value": 1}`:                                                              `rules: revenue_12m: unknown operator ">" (use >=, <=, = or in)`,
		`{"field": "tier", "op": ">=", "value": "key"}`:                                                                "rules: tier is a text: use = or in, not >=",
		`{"field": "tier", "op": "=", "value": "keyy"}`:                                                                `rules: tier "keyy" is not one of key, strategic, core, standard`,
		`{"field": "quadrant", "op": "=", "value": "grow"}`:                                                            `quadrant "grow" is not one of invest_for_growth`,
		`{"field": "revenue_12m", "op": ">=", "value": "a lot"}`:                                                       `rules: revenue_12m is a number: "a lot" is not`,
		`{"field": "country", "op": "=", "value": 12}`:                                                                 "rules: country is a text: 12 is not",
		`{"field": "relational_stage", "op": ">=", "value": "gold"}`:                                                   `relational stage "gold" is not one of pre_kam`,
		`{"field": "revenue_12m", "op": ">="}`:                                                                         "rules: revenue_12m >=: no value",
		`{"field": "tier", "op": "in", "value": []}`:                                                                   "rules: tier in: give a non-empty list of values",
		`{"field": "tier", "op": "in", "value": "key"}`:                                                                "rules: tier in: give a non-empty list of values",
		`{"field": "tier", "op": "=", "value": ["key"]}`:                                                               "rules: tier =: give one value; a list goes with in",
		`{"op": "=", "value": 1}`:                                                                                      "rules: condition without a field",
		`{"field": "tier", "op": "=", "value": "key", "all": [{"field": "health", "op": ">=", "value": 1}]}`:           "rules: a rule is either a condition",
		`{"all": [{"field": "health", "op": ">=", "value": 1}], "any": [{"field": "health", "op": ">=", "value": 1}]}`: "not both",
		`{}`:                           "rules: empty rule",
		`{"all": []}`:                  "rules: all is empty",
		`{"any": [{}]}`:                "rules.any[0]: empty rule",
		`{"all": [{"feild": "tier"}]}`: `key-account rules: unknown field "feild"`,
		`{"all": [{"field": "health", "op": ">=", "value": 1}, {"any": [{"field": "tier", "op": "=", "value": "gold"}]}]}`: `rules.all[1].any[0]: tier "gold"`,
		deep: "groups nested deeper than 6",
		`{"any": [` + strings.Join(many, ",") + `]}`: "rules.any[100]: more than 100 conditions",
		`not json`: "key-account rules: invalid character",
	} {
		_, err := ParseRules([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), says) {
			short := doc
			if len(short) > 80 {
				short = short[:80] + "…"
			}
			t.Errorf("%s: error %v, want %q", short, err, says)
		}
	}
}

func TestRulesRoundTrip(t *testing.T) {
	r, err := ParseRules([]byte(definition))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseRules(b)
	if err != nil || back.String() != r.String() {
		t.Errorf("round trip %s: %q, %v", b, back.String(), err)
	}
	// Every field a rule can name is listed in the error for unknown ones,
	// and each takes a value of its kind.
	var fields []string
	for f := range ruleFields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	if !strings.Contains(knownFields(), strings.Join(fields, ", ")) {
		t.Errorf("known fields %q", knownFields())
	}
	for _, f := range fields {
		value := any(1.5)
		switch ruleFields[f] {
		case textField:
			value = "x"
			if known := knownTexts(f); known != nil {
				value = known[0]
			}
		case stageField:
			value = "pre"
		}
		if err := (Rule{Field: f, Op: "=", Value: value}).Validate(); err != nil {
			t.Errorf("%s = %v: %v", f, value, err)
		}
	}
}
