package score

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// simple is a configuration with linear criteria only, easy to follow by hand.
func simple() ClassifyConfig {
	return ClassifyConfig{Threshold: 50, Criteria: []Criterion{
		{Key: FigRevenue12M, Name: "revenue", Axis: Attractiveness, Weight: 2, Scale: Linear, Min: 0, Max: 200000, Unit: "money"},
		{Key: FigGrowth, Name: "growth", Axis: Attractiveness, Weight: 1, Scale: Linear, Min: -0.2, Max: 0.3, Unit: "ratio"},
		{Key: FigShareOfWallet, Name: "share of wallet", Axis: Strength, Weight: 1, Scale: Linear, Min: 0, Max: 1, Unit: "ratio"},
		{Key: FigStage, Name: "stage", Axis: Strength, Weight: 1, Scale: Linear, Min: 0, Max: 5, Unit: "stage"},
	}}
}

func TestClassifyByHand(t *testing.T) {
	values := map[string]float64{
		FigRevenue12M:    150000,                            // 150,000 / 200,000 = 75
		FigGrowth:        0.05,                              // (0.05 + 0.2) / 0.5 = 50
		FigShareOfWallet: 0.3,                               // 30
		FigStage:         float64(StagePartnership.Level()), // 4 / 5 = 80
	}
	// Attractiveness (2 × 75 + 1 × 50) / 3 = 66.67; strength (30 + 80) / 2
	// = 55: both at or above 50.
	got, err := Classify(values, simple())
	if err != nil {
		t.Fatal(err)
	}
	if got.Attractiveness != 66.7 || got.Strength != 55 || got.Quadrant != InvestForGrowth || got.Label != "Invest for growth" {
		t.Fatalf("classification %+v", got)
	}
	if want := "Attractiveness 66.7 and strength 55 against a threshold of 50: high attractiveness and high strength, Invest for growth."; got.Explanation != want {
		t.Errorf("explanation %q, want %q", got.Explanation, want)
	}
	if p := partByKey(t, got.Parts, FigGrowth); p.Axis != "attractiveness" || p.Share != 0.3333 || p.Explanation != "Growth is 5.0%: 50 on a straight line from 0 at -20.0% to 100 at 30.0%." {
		t.Errorf("growth part %+v", p)
	}
	if p := partByKey(t, got.Parts, FigStage); p.Explanation != "Stage is 4 (Partnership KAM): 80 on a straight line from 0 at 0 (Uncoupling KAM) to 100 at 5 (Synergistic KAM)." {
		t.Errorf("stage part %q", p.Explanation)
	}

	// With a threshold of 60 strength 55 is low: invest selectively, which
	// the 4S model calls a star.
	cfg := simple()
	cfg.Threshold, cfg.Labels = 60, FourSLabels()
	got, _ = Classify(values, cfg)
	if got.Quadrant != InvestSelectively || got.Label != "Star" {
		t.Errorf("at 60: %s %q", got.Quadrant, got.Label)
	}

	// Without growth, revenue carries attractiveness alone: 75.
	delete(values, FigGrowth)
	got, _ = Classify(values, simple())
	if got.Attractiveness != 75 || !strings.Contains(got.Note, "Attractiveness: Not enough data for growth") {
		t.Errorf("without growth: %v, note %q", got.Attractiveness, got.Note)
	}
	// Without any strength figure there is no quadrant.
	got, _ = Classify(map[string]float64{FigRevenue12M: 1, FigShareOfWallet: math.NaN()}, simple())
	if got.Quadrant != Unclassified || got.Label != "Unclassified" || got.Explanation != "Not classified: no criterion on the strength axis has data (share of wallet and stage)." ||
		partByKey(t, got.Parts, FigShareOfWallet).Explanation != "Not enough data: share_of_wallet is not a number." {
		t.Errorf("without strength: %+v", got)
	}
	checkFinite(t, got.Strength, got.Parts)
}

func TestQuadrants(t *testing.T) {
	for _, c := range []struct {
		a, s float64
		want Quadrant
	}{{50, 50, InvestForGrowth}, {50, 49.9, InvestSelectively}, {49.9, 50, Maintain}, {0, 0, ManageForCash}, {100, 100, InvestForGrowth}} {
		if got := QuadrantOf(c.a, c.s, 50); got != c.want {
			t.Errorf("QuadrantOf(%v, %v) = %s, want %s", c.a, c.s, got, c.want)
		}
	}
	four := FourSLabels()
	if four[InvestForGrowth] != "Strategic" || four[InvestSelectively] != "Star" || four[Maintain] != "Status" || four[ManageForCash] != "Streamline" {
		t.Errorf("4S labels %v", four)
	}
}

func TestClassifyAllRanksAgainstThePortfolio(t *testing.T) {
	portfolio := []map[string]float64{
		{FigRevenue12M: 100, FigProducts: 2, FigHealth: 40},
		{FigRevenue12M: 200, FigProducts: 5, FigHealth: 60},
		{FigRevenue12M: 200, FigProducts: 5},
		{FigRevenue12M: 400, FigProducts: 10, FigGrowth: 0.1, FigHealth: 80, FigTenureYears: 2.5},
	}
	got, err := ClassifyAll(portfolio, DefaultClassifyConfig())
	if err != nil {
		t.Fatal(err)
	}
	// Revenue 400 is above 3 of 4 and equal to itself: (3 + ½) / 4 = 87.5;
	// 10 products the same; growth (0.1 + 0.2) / 0.5 = 60. Potential is not
	// given, so the weights 35, 20, 15 share the axis:
	// (35 × 87.5 + 20 × 60 + 15 × 87.5) / 70 = 5,575 / 70 = 79.64.
	// Strength: health 80 and tenure 2.5 / 5 = 50 with weights 25 and 15:
	// (25 × 80 + 15 × 50) / 40 = 68.75.
	top := got[3]
	if top.Attractiveness != 79.6 || top.Strength != 68.8 || top.Quadrant != InvestForGrowth {
		t.Errorf("top account %+v", top)
	}
	if p := partByKey(t, top.Parts, FigRevenue12M); p.Score != 87.5 ||
		p.Explanation != "Revenue of the last 12 months is 400: higher than 3 and equal to 1 of the 4 accounts in the portfolio (equal ones count half), so 87.5." {
		t.Errorf("revenue part %+v", p)
	}
	// Revenue 200: above 1, equal to 2: (1 + 1) / 4 = 50.
	if p := partByKey(t, got[1].Parts, FigRevenue12M); p.Score != 50 {
		t.Errorf("revenue 200 scored %v, want 50", p.Score)
	}
	// Revenue 100: ½ / 4 = 12.5; products the same. Strength health 40: manage for cash.
	if got[0].Attractiveness != 12.5 || got[0].Strength != 40 || got[0].Quadrant != ManageForCash {
		t.Errorf("bottom account %+v", got[0])
	}
	// The third account has no strength figure at all.
	if got[2].Quadrant != Unclassified {
		t.Errorf("account without strength figures: %s", got[2].Quadrant)
	}

	// Alone, percentile criteria have nothing to rank against.
	alone, _ := Classify(portfolio[3], DefaultClassifyConfig())
	if p := partByKey(t, alone.Parts, FigRevenue12M); p.EnoughData || !strings.Contains(p.Explanation, "no portfolio to rank revenue_12m against") {
		t.Errorf("revenue without a portfolio %+v", p)
	}
	// WithPortfolio lets a single account be ranked as in ClassifyAll.
	one, _ := Classify(portfolio[3], DefaultClassifyConfig().WithPortfolio(portfolio))
	if one.Attractiveness != top.Attractiveness {
		t.Errorf("single account %v, in the portfolio %v", one.Attractiveness, top.Attractiveness)
	}
}

func TestClassifyConfigErrors(t *testing.T) {
	base := simple
	for _, c := range []struct {
		edit func(*ClassifyConfig)
		says string
	}{
		{func(c *ClassifyConfig) { c.Threshold = 0 }, "threshold 0: must be above 0 and below 100"},
		{func(c *ClassifyConfig) { c.Threshold = 100 }, "threshold 100"},
		{func(c *ClassifyConfig) { c.Threshold = math.NaN() }, "threshold NaN"},
		{func(c *ClassifyConfig) { c.Criteria[0].Key = "" }, "criteria[0]: key must be lower-case letters"},
		{func(c *ClassifyConfig) { c.Criteria[0].Key = "Revenue" }, "criteria[0] (Revenue): key must be"},
		{func(c *ClassifyConfig) { c.Criteria[1].Key = FigRevenue12M }, "criteria[1] (revenue_12m): key used by an earlier criterion"},
		{func(c *ClassifyConfig) { c.Criteria[1].Axis = "size" }, `criteria[1] (growth): axis "size" is not attractiveness or strength`},
		{func(c *ClassifyConfig) { c.Criteria[2].Weight = -1 }, "criteria[2] (share_of_wallet): weight -1 is negative"},
		{func(c *ClassifyConfig) { c.Criteria[2].Weight = math.Inf(1) }, "weight is not a number"},
		{func(c *ClassifyConfig) { c.Criteria[0].Scale = "log" }, `scale "log" is not linear or percentile`},
		{func(c *ClassifyConfig) { c.Criteria[0].Max = 0 }, "min and max are both 0"},
		{func(c *ClassifyConfig) { c.Criteria[0].Min = math.NaN() }, "min and max must be numbers"},
		{func(c *ClassifyConfig) { c.Criteria[2].Weight, c.Criteria[3].Weight = 0, 0 }, "no criterion with a positive weight on the strength axis"},
		{func(c *ClassifyConfig) { c.Criteria = nil }, "attractiveness axis"},
		{func(c *ClassifyConfig) { c.Labels = map[Quadrant]string{"grow": "Grow"} }, `labels: unknown quadrant "grow"`},
		{func(c *ClassifyConfig) { c.Labels = map[Quadrant]string{Maintain: " "} }, "the label of maintain is empty"},
	} {
		cfg := base()
		c.edit(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("error %v, want %q", err, c.says)
		}
		if _, err := Classify(nil, cfg); err == nil {
			t.Errorf("Classify accepted %+v", cfg)
		}
		if _, err := ClassifyAll(nil, cfg); err == nil {
			t.Errorf("ClassifyAll accepted %+v", cfg)
		}
	}
	if err := DefaultClassifyConfig().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

func TestParseClassifyConfig(t *testing.T) {
	cfg, err := ParseClassifyConfig([]byte(`{"threshold": 60, "labels": "4s"}`))
	if err != nil || cfg.Threshold != 60 || cfg.label(Maintain) != "Status" || len(cfg.Criteria) != len(DefaultCriteria()) {
		t.Errorf("parsed %+v, %v", cfg, err)
	}
	cfg, err = ParseClassifyConfig([]byte(`{"labels": {"maintain": "Keep warm"}, "criteria": [
		{"key": "revenue_12m", "axis": "attractiveness", "weight": 1, "scale": "percentile"},
		{"key": "health", "axis": "strength", "weight": 1, "scale": "linear", "min": 0, "max": 100}]}`))
	if err != nil || cfg.Threshold != 50 || cfg.label(Maintain) != "Keep warm" || cfg.label(InvestForGrowth) != "Invest for growth" || len(cfg.Criteria) != 2 {
		t.Errorf("parsed %+v, %v", cfg, err)
	}
	// The configuration survives a round trip through JSON.
	b, _ := json.Marshal(DefaultClassifyConfig())
	if back, err := ParseClassifyConfig(b); err != nil || len(back.Criteria) != 8 || !reflect.DeepEqual(back.Criteria, DefaultCriteria()) {
		t.Errorf("round trip %+v, %v", back, err)
	}
	for doc, says := range map[string]string{
		`{"treshold": 60}`:          `classification config: unknown field "treshold"`,
		`{"labels": "5s"}`:          `labels: unknown preset "5s"`,
		`{"labels": 4}`:             "labels: give a preset name or an object",
		`{"labels": {"grow": "x"}}`: `unknown quadrant "grow"`,
		`{"threshold": -1}`:         "threshold -1",
		`{"criteria": [{"key": "revenue_12m", "axis": "attractiveness", "weight": 1, "scale": "percentile", "bogus": 1}]}`: `unknown field "bogus"`,
		`{"criteria": []}`: "no criterion with a positive weight on the attractiveness axis",
		`[]`:               "classification config: cannot unmarshal array",
	} {
		if _, err := ParseClassifyConfig([]byte(doc)); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: error %v, want %q", doc, err, says)
		}
	}
}

func TestParseStage(t *testing.T) {
	for in, want := range map[string]Stage{
		"pre_kam": StagePre, "Pre-KAM": StagePre, "pre": StagePre, " early ": StageEarly, "Mid-KAM": StageMid,
		"Partnership KAM": StagePartnership, "partnership-kam": StagePartnership, "SYNERGISTIC": StageSynergistic,
		"uncoupling_kam": StageUncoupling,
	} {
		if got, err := ParseStage(in); err != nil || got != want {
			t.Errorf("ParseStage(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "kam", "_kam", "late", "partner", "pre_kam_kam"} {
		if _, err := ParseStage(in); err == nil || !strings.Contains(err.Error(), "is not one of pre_kam, early_kam, mid_kam, partnership_kam, synergistic_kam, uncoupling_kam") {
			t.Errorf("ParseStage(%q): %v", in, err)
		}
	}
}

func TestStageOrder(t *testing.T) {
	// The model's order, with uncoupling below pre-KAM.
	byLevel := slices.Clone(Stages)
	slices.SortFunc(byLevel, CompareStages)
	want := []Stage{StageUncoupling, StagePre, StageEarly, StageMid, StagePartnership, StageSynergistic}
	if !slices.Equal(byLevel, want) {
		t.Errorf("by level %v, want %v", byLevel, want)
	}
	for i, st := range want {
		if st.Level() != i || !st.Valid() {
			t.Errorf("%s: level %d valid %v", st, st.Level(), st.Valid())
		}
	}
	if Stage("late_kam").Level() != -1 || Stage("late_kam").Valid() || Stage("").Valid() {
		t.Error("unknown stages are not told apart")
	}
	if StagePartnership.Name() != "Partnership KAM" || StageMid.Name() != "Mid-KAM" || Stage("x").Name() != "x" {
		t.Error("stage names")
	}
}

func TestStageJSON(t *testing.T) {
	var v struct {
		Stage Stage `json:"stage"`
	}
	if err := json.Unmarshal([]byte(`{"stage": "Synergistic KAM"}`), &v); err != nil || v.Stage != StageSynergistic {
		t.Errorf("read %s, %v", v.Stage, err)
	}
	if err := json.Unmarshal([]byte(`{"stage": ""}`), &v); err != nil || v.Stage != "" {
		t.Errorf("empty stage: %q, %v", v.Stage, err)
	}
	if err := json.Unmarshal([]byte(`{"stage": "gold"}`), &v); err == nil {
		t.Error("accepted a stage called gold")
	}
	b, _ := json.Marshal(struct {
		Stage Stage `json:"stage"`
	}{StageEarly})
	if string(b) != `{"stage":"early_kam"}` {
		t.Errorf("wrote %s", b)
	}
}
