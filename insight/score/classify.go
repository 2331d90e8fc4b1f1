package score

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Axis is a dimension of the key account selection matrix.
type Axis string

// The two axes of Millman & Wilson's selection matrix: how attractive the
// account is to us, and how strong our business is with it.
const (
	Attractiveness Axis = "attractiveness"
	Strength       Axis = "strength"
)

// Scale is how a criterion turns its raw figure into a 0–100 score.
type Scale string

// The scales. Linear maps Min to 0 and Max to 100 in a straight line,
// clamped (Max below Min: lower is better). Percentile scores the figure's
// rank in the portfolio: the share of accounts below it, ties counting half,
// so that "large" means large for this company, not by a fixed yardstick.
const (
	Linear     Scale = "linear"
	Percentile Scale = "percentile"
)

// Criterion is one thing the company judges accounts on, on one axis.
type Criterion struct {
	// Key is the name of the figure in the values, e.g. "revenue_12m".
	Key string `json:"key"`
	// Name is the criterion in plain words; the key when empty.
	Name   string  `json:"name,omitempty"`
	Axis   Axis    `json:"axis"`
	Weight float64 `json:"weight"`
	Scale  Scale   `json:"scale"`
	// Min and Max bound a linear scale, in the figure's unit.
	Min float64 `json:"min,omitempty"`
	Max float64 `json:"max,omitempty"`
	// Unit names the figure's unit for display, e.g. "ratio", "years".
	Unit string `json:"unit,omitempty"`

	// sample is the portfolio's finite values of the figure, sorted, for
	// a percentile scale (set by WithPortfolio).
	sample []float64
}

// name is the criterion's display name.
func (c Criterion) name() string {
	if c.Name != "" {
		return c.Name
	}
	return c.Key
}

// Quadrant is a cell of the selection matrix, under a stable key; what the
// company calls it is a label in the configuration.
type Quadrant string

// The quadrants of Millman & Wilson's matrix, by the strategy each calls
// for, and Unclassified when an axis has no data at all.
const (
	InvestForGrowth   Quadrant = "invest_for_growth"  // attractive, strong
	InvestSelectively Quadrant = "invest_selectively" // attractive, weak
	Maintain          Quadrant = "maintain"           // less attractive, strong
	ManageForCash     Quadrant = "manage_for_cash"    // less attractive, weak
	Unclassified      Quadrant = "unclassified"
)

// Quadrants lists the four quadrants, most attractive and strongest first.
var Quadrants = []Quadrant{InvestForGrowth, InvestSelectively, Maintain, ManageForCash}

// MillmanWilsonLabels are the default labels: the strategy Millman & Wilson
// (1995) give each cell of their key account selection matrix.
func MillmanWilsonLabels() map[Quadrant]string {
	return map[Quadrant]string{InvestForGrowth: "Invest for growth", InvestSelectively: "Invest selectively", Maintain: "Maintain", ManageForCash: "Manage for cash"}
}

// FourSLabels are the same cells as the 4S model names them (McDonald &
// Woodburn's customer types): strategic customers are attractive and
// strong, star customers attractive where we are still weak, status
// customers less attractive where we are strong, streamline customers
// neither.
func FourSLabels() map[Quadrant]string {
	return map[Quadrant]string{InvestForGrowth: "Strategic", InvestSelectively: "Star", Maintain: "Status", ManageForCash: "Streamline"}
}

// QuadrantOf places two axis scores in the matrix: an axis at or above the
// threshold is high.
func QuadrantOf(attractiveness, strength, threshold float64) Quadrant {
	hiA, hiS := attractiveness >= threshold, strength >= threshold
	switch {
	case hiA && hiS:
		return InvestForGrowth
	case hiA:
		return InvestSelectively
	case hiS:
		return Maintain
	}
	return ManageForCash
}

// Classification is an account's place in the key account selection matrix,
// with the criteria it was reached from.
type Classification struct {
	// Attractiveness and Strength are the weighted scores of each axis'
	// criteria, 0–100.
	Attractiveness float64  `json:"attractiveness"`
	Strength       float64  `json:"strength"`
	Threshold      float64  `json:"threshold"`
	Quadrant       Quadrant `json:"quadrant"`
	Label          string   `json:"label"`
	Parts          []Part   `json:"parts"`
	// Note says which criteria were left out for lack of data.
	Note        string `json:"note,omitempty"`
	Explanation string `json:"explanation"`
}

// Classify places an account in the selection matrix from its named figures
// (see Figures). Each axis is the weighted mean of its criteria's scores;
// criteria whose figure is missing or not a number are left out and the
// axis' other weights scaled up. Percentile criteria need the portfolio
// (WithPortfolio); without it they are left out. It fails only on an invalid
// configuration.
func Classify(values map[string]float64, cfg ClassifyConfig) (Classification, error) {
	if err := cfg.Validate(); err != nil {
		return Classification{}, err
	}
	c := Classification{Threshold: cfg.Threshold}
	var notes, empty []string
	for _, axis := range []Axis{Attractiveness, Strength} {
		var parts []Part
		for _, cr := range cfg.Criteria {
			if cr.Axis == axis {
				parts = append(parts, criterionPart(cr, values))
			}
		}
		total, note, has := combine(parts)
		if note != "" {
			notes = append(notes, fmt.Sprintf("%s: %s", axisName(axis), note))
		}
		if !has {
			empty = append(empty, fmt.Sprintf("no criterion on the %s axis has data (%s)", axis, joinAnd(names(parts))))
		}
		if axis == Attractiveness {
			c.Attractiveness = total
		} else {
			c.Strength = total
		}
		c.Parts = append(c.Parts, parts...)
	}
	c.Note = strings.Join(notes, " ")
	if len(empty) > 0 {
		c.Quadrant, c.Label = Unclassified, "Unclassified"
		c.Explanation = "Not classified: " + strings.Join(empty, "; ") + "."
		return c, nil
	}
	c.Quadrant = QuadrantOf(c.Attractiveness, c.Strength, cfg.Threshold)
	c.Label = cfg.label(c.Quadrant)
	c.Explanation = fmt.Sprintf("Attractiveness %s and strength %s against a threshold of %s: %s, %s.",
		num(c.Attractiveness), num(c.Strength), num(cfg.Threshold), level(c.Attractiveness, cfg.Threshold)+" attractiveness and "+level(c.Strength, cfg.Threshold)+" strength", c.Label)
	return c, nil
}

// ClassifyAll classifies a portfolio, ranking percentile criteria against
// it; results are in the portfolio's order.
func ClassifyAll(portfolio []map[string]float64, cfg ClassifyConfig) ([]Classification, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithPortfolio(portfolio)
	out := make([]Classification, len(portfolio))
	for i, v := range portfolio {
		c, err := Classify(v, cfg)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// WithPortfolio returns a copy of the configuration whose percentile
// criteria rank figures against the given portfolio's values, so that a
// single account can be classified later (an account page) on the same
// footing as in ClassifyAll.
func (cfg ClassifyConfig) WithPortfolio(portfolio []map[string]float64) ClassifyConfig {
	crit := make([]Criterion, len(cfg.Criteria))
	for i, cr := range cfg.Criteria {
		cr.sample = nil
		if cr.Scale == Percentile {
			for _, v := range portfolio {
				if x, ok := v[cr.Key]; ok && finite(x) {
					cr.sample = append(cr.sample, x)
				}
			}
			sort.Float64s(cr.sample)
		}
		crit[i] = cr
	}
	cfg.Criteria = crit
	return cfg
}

// criterionPart scores one criterion on an account's values.
func criterionPart(cr Criterion, values map[string]float64) Part {
	v, has := values[cr.Key]
	switch {
	case !has:
		p := noData(cr.Key, cr.name(), cr.Weight, "no figure for "+cr.Key)
		p.Axis = string(cr.Axis)
		return p
	case !finite(v):
		p := noData(cr.Key, cr.name(), cr.Weight, cr.Key+" is not a number")
		p.Axis = string(cr.Axis)
		return p
	}
	p := Part{Key: cr.Key, Name: cr.name(), Axis: string(cr.Axis), Weight: cr.Weight, Raw: v, Unit: cr.Unit, EnoughData: true}
	said := fmt.Sprintf("%s is %s", capital(cr.name()), figure(v, cr.Unit))
	switch cr.Scale {
	case Linear:
		p.Score = round(clamp(100*(v-cr.Min)/(cr.Max-cr.Min), 0, 100), 1)
		p.Explanation = fmt.Sprintf("%s: %s on a straight line from 0 at %s to 100 at %s.", said, num(p.Score), figure(cr.Min, cr.Unit), figure(cr.Max, cr.Unit))
	case Percentile:
		n := len(cr.sample)
		if n == 0 {
			p := noData(cr.Key, cr.name(), cr.Weight, "no portfolio to rank "+cr.Key+" against")
			p.Axis = string(cr.Axis)
			return p
		}
		below := sort.SearchFloat64s(cr.sample, v)
		equal := sort.SearchFloat64s(cr.sample, math.Nextafter(v, math.Inf(1))) - below
		p.Score = round(100*(float64(below)+float64(equal)/2)/float64(n), 1)
		p.Explanation = fmt.Sprintf("%s: higher than %d and equal to %d of the %d accounts in the portfolio (equal ones count half), so %s.", said, below, equal, n, num(p.Score))
	}
	return p
}

// figure formats a raw figure with its unit: ratios as percentages, stage
// levels with the stage's name, money without a unit (the caller knows the
// currency), others as "3 years".
func figure(v float64, unit string) string {
	switch unit {
	case "ratio":
		return fmt.Sprintf("%.1f%%", v*100)
	case "stage":
		for _, st := range Stages {
			if float64(st.Level()) == v {
				return fmt.Sprintf("%d (%s)", st.Level(), st.Name())
			}
		}
		return num(round(v, 2))
	case "", "money":
		return num(round(v, 2))
	}
	return num(round(v, 2)) + " " + unit
}

// capital starts a sentence with a capital letter.
func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// names lists the parts' names.
func names(parts []Part) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.Name
	}
	return out
}

func axisName(a Axis) string {
	if a == Attractiveness {
		return "Attractiveness"
	}
	return "Strength"
}

func level(score, threshold float64) string {
	if score >= threshold {
		return "high"
	}
	return "low"
}
