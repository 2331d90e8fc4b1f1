package portfolio

import (
	"context"
	"fmt"
	"math"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/store"
)

// AccountSegment is where an account stands in the portfolio: its health,
// its place in the key-account selection matrix, its RFM segment, and
// whether it meets the company's definition of a key account — each with
// its parts and reasons.
type AccountSegment struct {
	AccountRef
	Health score.HealthScore `json:"health"`
	// HealthTrend is how the stored health moved over the 90 days to the
	// day judged (from the days a recompute ran).
	HealthTrend    score.ScoreTrend     `json:"health_trend"`
	Classification score.Classification `json:"classification"`
	Stage          string               `json:"relational_stage,omitempty"`
	RFM            score.RFMScore       `json:"rfm"`
	KeyAccount     score.RuleResult     `json:"key_account"`
}

// Segments classifies every account p may see as of a day, ranking the
// percentile criteria and RFM quintiles within that portfolio, with every
// score's parts and explanations.
func Segments(ctx context.Context, st *store.Store, p *kam.Principal, asOf kam.Date, cfg Config) ([]AccountSegment, error) {
	return segments(ctx, st, p, asOf, cfg, true)
}

// segments is Segments; without detail it keeps the figures and drops the
// parts and sentences as it goes, so that classifying 200,000 accounts
// holds a few hundred bytes of each rather than kilobytes.
func segments(ctx context.Context, st *store.Store, p *kam.Principal, asOf kam.Date, cfg Config, detail bool) ([]AccountSegment, error) {
	names, err := LoadNames(ctx, st, p)
	if err != nil {
		return nil, err
	}
	stages, err := st.Stages(ctx)
	if err != nil {
		return nil, err
	}
	healthHistory, err := st.HealthSince(ctx, p, asOf.AddDays(-90))
	if err != nil {
		return nil, err
	}
	var out []AccountSegment
	var values []map[string]float64
	var texts []map[string]string
	var rfm []score.RFMInput
	err = st.EachHistory(ctx, p, asOf, func(a *kam.Account, h *insight.History) error {
		in := HealthInput(h, asOf)
		in.Rollup.Products = insight.Summarise(h, asOf).Products
		seg := AccountSegment{AccountRef: names.Ref(a), Stage: stages[a.ID]}
		var past []score.Point
		for _, pt := range healthHistory[a.ID] {
			if !asOf.Before(pt.Date) {
				past = append(past, pt)
			}
		}
		seg.HealthTrend = score.Trend(past)
		seg.Health, err = score.Health(in, cfg.Health)
		if err != nil {
			return err
		}
		v := score.Figures(in.Rollup)
		if seg.Health.Band != score.BandUnknown {
			v[score.FigHealth] = seg.Health.Score
		}
		if stage, err := score.ParseStage(seg.Stage); err == nil && seg.Stage != "" {
			v[score.FigStage] = float64(stage.Level())
		}
		if !detail {
			seg.Health = score.HealthScore{Score: seg.Health.Score, Band: seg.Health.Band}
			seg.HealthTrend = score.ScoreTrend{}
		}
		out = append(out, seg)
		values = append(values, v)
		texts = append(texts, map[string]string{score.FieldTier: a.Tier, score.FieldStatus: string(a.Status), score.FieldSegment: a.Segment,
			score.FieldCountry: a.Country, score.FieldIndustry: a.Industry, score.FigStage: seg.Stage})
		rfm = append(rfm, score.RFMInputOf(a.ID, in.Rollup))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("segments: %w", err)
	}
	if err := cfg.Classify.Validate(); err != nil {
		return nil, fmt.Errorf("segments: %w", err)
	}
	ranked := cfg.Classify.WithPortfolio(values)
	rfmScores := score.RFM(rfm, score.RFMOptions{})
	for i := range out {
		class, err := score.Classify(values[i], ranked)
		if err != nil {
			return nil, fmt.Errorf("segments: %w", err)
		}
		if !detail {
			class = score.Classification{Attractiveness: class.Attractiveness, Strength: class.Strength,
				Threshold: class.Threshold, Quadrant: class.Quadrant, Label: class.Label}
		}
		classes := []score.Classification{class}
		out[i].Classification = class
		out[i].RFM = rfmScores[i]
		numbers := values[i]
		numbers[score.FigAttractiveness] = round1(classes[0].Attractiveness)
		numbers[score.FigStrength] = round1(classes[0].Strength)
		texts[i][score.FieldQuadrant] = string(classes[0].Quadrant)
		texts[i][score.FieldRFMSegment] = string(rfmScores[i].Segment)
		out[i].KeyAccount = cfg.KeyAccount.Evaluate(score.Facts{Numbers: numbers, Texts: texts[i]})
		if !detail {
			out[i].KeyAccount = score.RuleResult{Key: out[i].KeyAccount.Key}
			out[i].RFM.Explanation = ""
		}
		values[i], texts[i] = nil, nil // done with them
	}
	return out, nil
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// RecordSegments classifies the whole portfolio as of a day and appends to
// each account's classification history where its quadrant or key-account
// standing changed; it returns how many changed.
func RecordSegments(ctx context.Context, st *store.Store, asOf kam.Date, cfg Config) (int, error) {
	segs, err := segments(ctx, st, kam.System(), asOf, cfg, false)
	if err != nil {
		return 0, err
	}
	cs := make([]store.Classification, len(segs))
	for i, s := range segs {
		cs[i] = store.Classification{AccountID: s.AccountID, Quadrant: string(s.Classification.Quadrant),
			Attractiveness: round1(s.Classification.Attractiveness), Strength: round1(s.Classification.Strength), KeyAccount: s.KeyAccount.Key}
	}
	return st.RecordClassifications(ctx, cs)
}
