package score

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam/insight"
)

// DefaultThreshold is the axis score from which an axis counts as high: the
// middle of the scale.
const DefaultThreshold = 50.0

// ClassifyConfig is a company's key account selection matrix: its criteria
// on the two axes, the threshold between low and high, and what it calls
// the quadrants.
type ClassifyConfig struct {
	Criteria  []Criterion `json:"criteria"`
	Threshold float64     `json:"threshold"`
	// Labels names the quadrants; a quadrant left out keeps its Millman &
	// Wilson label.
	Labels map[Quadrant]string `json:"labels,omitempty"`
}

// DefaultClassifyConfig is DefaultCriteria, a threshold of 50 and Millman &
// Wilson's labels.
func DefaultClassifyConfig() ClassifyConfig {
	return ClassifyConfig{Criteria: DefaultCriteria(), Threshold: DefaultThreshold, Labels: MillmanWilsonLabels()}
}

// label is what the configuration calls a quadrant.
func (cfg ClassifyConfig) label(q Quadrant) string {
	if l := cfg.Labels[q]; l != "" {
		return l
	}
	return MillmanWilsonLabels()[q]
}

// Validate checks a configuration and names the first problem: a threshold
// outside 0–100, a criterion without a key or with a repeated one, an unknown
// axis or scale, a negative weight, a linear scale whose ends are equal, an
// axis without a positive weight, a label for an unknown quadrant.
func (cfg ClassifyConfig) Validate() error {
	if !finite(cfg.Threshold) || cfg.Threshold <= 0 || cfg.Threshold >= 100 {
		return fmt.Errorf("threshold %s: must be above 0 and below 100", num(cfg.Threshold))
	}
	seen := map[string]bool{}
	weight := map[Axis]float64{}
	for i, cr := range cfg.Criteria {
		at := fmt.Sprintf("criteria[%d]", i)
		if cr.Key != "" {
			at += " (" + cr.Key + ")"
		}
		switch {
		case !validKey(cr.Key):
			return fmt.Errorf("%s: key must be lower-case letters, digits and _, such as revenue_12m", at)
		case seen[cr.Key]:
			return fmt.Errorf("%s: key used by an earlier criterion", at)
		case cr.Axis != Attractiveness && cr.Axis != Strength:
			return fmt.Errorf("%s: axis %q is not attractiveness or strength", at, cr.Axis)
		case !finite(cr.Weight):
			return fmt.Errorf("%s: weight is not a number", at)
		case cr.Weight < 0:
			return fmt.Errorf("%s: weight %s is negative (use 0 to turn a criterion off)", at, num(cr.Weight))
		case cr.Scale != Linear && cr.Scale != Percentile:
			return fmt.Errorf("%s: scale %q is not linear or percentile", at, cr.Scale)
		case cr.Scale == Linear && (!finite(cr.Min) || !finite(cr.Max)):
			return fmt.Errorf("%s: min and max must be numbers", at)
		case cr.Scale == Linear && cr.Min == cr.Max:
			return fmt.Errorf("%s: min and max are both %s; a linear scale needs two different ends", at, num(cr.Min))
		}
		seen[cr.Key] = true
		weight[cr.Axis] += cr.Weight
	}
	for _, axis := range []Axis{Attractiveness, Strength} {
		if weight[axis] <= 0 {
			return fmt.Errorf("no criterion with a positive weight on the %s axis", axis)
		}
	}
	for q, l := range cfg.Labels {
		switch {
		case !isQuadrant(q):
			return fmt.Errorf("labels: unknown quadrant %q (use invest_for_growth, invest_selectively, maintain, manage_for_cash)", q)
		case strings.TrimSpace(l) == "":
			return fmt.Errorf("labels: the label of %s is empty", q)
		case len(l) > 60:
			return fmt.Errorf("labels: the label of %s is longer than 60 characters", q)
		}
	}
	return nil
}

// ParseClassifyConfig reads a configuration from JSON. What is left out
// keeps its default: no "criteria" means DefaultCriteria, no "threshold"
// 50. "labels" is a preset name ("millman_wilson" or "4s") or an object
// naming some or all quadrants. Unknown fields are errors.
//
//	{"threshold": 60, "labels": "4s",
//	 "criteria": [{"key": "revenue_12m", "axis": "attractiveness", "weight": 2, "scale": "percentile"},
//	              {"key": "share_of_wallet", "axis": "strength", "weight": 1, "scale": "linear", "min": 0, "max": 0.5, "unit": "ratio"}]}
func ParseClassifyConfig(data []byte) (ClassifyConfig, error) {
	var raw struct {
		Criteria  *[]Criterion    `json:"criteria"`
		Threshold *float64        `json:"threshold"`
		Labels    json.RawMessage `json:"labels"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return ClassifyConfig{}, fmt.Errorf("classification config: %w", jsonError(err))
	}
	cfg := DefaultClassifyConfig()
	if raw.Criteria != nil {
		cfg.Criteria = *raw.Criteria
	}
	if raw.Threshold != nil {
		cfg.Threshold = *raw.Threshold
	}
	if len(raw.Labels) > 0 && string(raw.Labels) != "null" {
		labels, err := parseLabels(raw.Labels)
		if err != nil {
			return ClassifyConfig{}, fmt.Errorf("classification config: %w", err)
		}
		cfg.Labels = labels
	}
	if err := cfg.Validate(); err != nil {
		return ClassifyConfig{}, fmt.Errorf("classification config: %w", err)
	}
	return cfg, nil
}

// parseLabels reads a preset name or a map of labels, the quadrants it
// leaves out keeping Millman & Wilson's.
func parseLabels(b json.RawMessage) (map[Quadrant]string, error) {
	var preset string
	if json.Unmarshal(b, &preset) == nil {
		switch strings.ToLower(strings.TrimSpace(preset)) {
		case "millman_wilson", "millman-wilson", "default":
			return MillmanWilsonLabels(), nil
		case "4s", "four_s":
			return FourSLabels(), nil
		}
		return nil, fmt.Errorf("labels: unknown preset %q (use millman_wilson, 4s or an object of labels)", preset)
	}
	var m map[Quadrant]string
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, errors.New("labels: give a preset name or an object such as {\"invest_for_growth\": \"Strategic\"}")
	}
	labels := MillmanWilsonLabels()
	for q, l := range m {
		labels[q] = l
	}
	return labels, nil
}

func isQuadrant(q Quadrant) bool { return slices.Contains(Quadrants, q) }

// validKey reports whether a figure name is safe to store and show:
// lower-case letters, digits and underscores, starting with a letter.
func validKey(k string) bool {
	if k == "" || len(k) > 64 || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for _, r := range k {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// The names of the figures criteria and key-account rules refer to. Money
// is in currency units (250000 = 250,000.00), ratios are fractions (0.25 =
// 25%).
const (
	FigRevenue12M     = "revenue_12m"           // net revenue of the last 365 days
	FigRevenuePrev12M = "revenue_prev_12m"      // net revenue of the 365 days before
	FigGrowth         = "growth"                // revenue_12m on revenue_prev_12m, ratio
	FigOrders12M      = "orders_12m"            // orders of the last 365 days
	FigProducts       = "products"              // distinct products bought in the last 365 days
	FigDaysSinceLast  = "days_since_last_order" // days since the latest order
	FigTenureYears    = "tenure_years"          // years since the first order (or since the account began, if the caller knows)
	FigPotential      = "potential"             // whitespace: revenue the account could still give us, estimated by the caller
	FigShareOfWallet  = "share_of_wallet"       // our share of the account's spend in our categories, ratio, given by the caller
	FigStage          = "relational_stage"      // Stage.Level: 0 uncoupling, 1 pre-KAM … 5 synergistic
	FigHealth         = "health"                // the health score, 0–100
	FigAttractiveness = "attractiveness"        // the attractiveness axis, 0–100
	FigStrength       = "strength"              // the strength axis, 0–100
)

// Figures returns the figures kam computes from an account's roll-up:
// revenue, orders and products of the last 12 months, the revenue before,
// and, when the history allows, growth, days since the last order and
// tenure. Figures the history cannot tell are left out rather than set to
// 0, so that a criterion on them says "not enough data". The caller adds
// what only it knows: potential, share_of_wallet, health, and
// relational_stage as float64(stage.Level()) — only when a stage is set, as
// an unknown stage's -1 would score like uncoupling.
func Figures(r insight.Rollup) map[string]float64 {
	v := map[string]float64{
		FigRevenue12M:     r.Revenue12M.Float(),
		FigRevenuePrev12M: r.RevenuePrev12M.Float(),
		FigOrders12M:      float64(r.Orders12M),
		FigProducts:       float64(r.Products),
	}
	if r.HasGrowth && finite(r.Growth) {
		v[FigGrowth] = r.Growth
	}
	if r.DaysSinceLast >= 0 {
		v[FigDaysSinceLast] = float64(r.DaysSinceLast)
	}
	if !r.FirstOrder.IsZero() && !r.AsOf.IsZero() && !r.AsOf.Before(r.FirstOrder) {
		v[FigTenureYears] = round(float64(r.FirstOrder.DaysUntil(r.AsOf))/365.25, 2)
	}
	return v
}

// DefaultCriteria are the criteria kam can score from what it holds.
//
// Attractiveness (what the account is worth to us): revenue of the last 12
// months 35 and the potential still to win 30, both ranked in the portfolio;
// growth 20, from 0 at −20% to 100 at +30%; product breadth 15, ranked.
//
// Strength (how well placed we are with it): share of wallet 35, from 0 to
// 100%; the relational stage 25, from 0 (uncoupling) to 5 (synergistic);
// the health score 25; tenure 15, from 0 to 5 years.
//
// Figures the caller does not give (potential, share of wallet, stage) are
// left out with their weight spread over the others.
func DefaultCriteria() []Criterion {
	return []Criterion{
		{Key: FigRevenue12M, Name: "revenue of the last 12 months", Axis: Attractiveness, Weight: 35, Scale: Percentile, Unit: "money"},
		{Key: FigPotential, Name: "potential (whitespace)", Axis: Attractiveness, Weight: 30, Scale: Percentile, Unit: "money"},
		{Key: FigGrowth, Name: "revenue growth", Axis: Attractiveness, Weight: 20, Scale: Linear, Min: -0.2, Max: 0.3, Unit: "ratio"},
		{Key: FigProducts, Name: "product breadth", Axis: Attractiveness, Weight: 15, Scale: Percentile, Unit: "products"},
		{Key: FigShareOfWallet, Name: "share of wallet", Axis: Strength, Weight: 35, Scale: Linear, Min: 0, Max: 1, Unit: "ratio"},
		{Key: FigStage, Name: "relational stage", Axis: Strength, Weight: 25, Scale: Linear, Min: 0, Max: 5, Unit: "stage"},
		{Key: FigHealth, Name: "health", Axis: Strength, Weight: 25, Scale: Linear, Min: 0, Max: 100},
		{Key: FigTenureYears, Name: "tenure", Axis: Strength, Weight: 15, Scale: Linear, Min: 0, Max: 5, Unit: "years"},
	}
}
