package web

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/store"
)

// An account's key-account standing: where the selection matrix placed it
// (quadrant, attractiveness and strength), whether it met the company's
// definition of a key account, and the relational stage its manager judges
// it to be in, with the history of each, newest first. The stage is the one
// thing here a person sets, with the form this file serves.

// standingRows is how many history entries the page lists.
const standingRows = 12

// standing is the key-account standing of an account page.
type standing struct {
	Latest  *classRow // nil before the first classification or stage
	History []classRow
	// More counts the older entries not listed.
	More int
	// Stages are the choices of the stage form, the current one selected;
	// CanEdit is false for users who may change nothing (viewers,
	// read-only access), who get no form.
	Stages  []option
	CanEdit bool
	// Saved is set after the form saved a stage; Error says why it did not.
	Saved bool
	Error string
}

// classRow is one entry of the classification history.
type classRow struct {
	Date                     string
	Quadrant                 string // its label, as the settings name it
	Classified               bool   // a quadrant was computed
	Attractiveness, Strength string
	KeyAccount               bool
	Stage                    string // the stage's name; "" when none was set
}

// standing reads an account's classification history for p.
func (a *App) standing(ctx context.Context, p *kam.Principal, id int64, cfg score.ClassifyConfig) (standing, error) {
	s := standing{CanEdit: p.CanWrite()}
	entries, err := a.st.ClassificationHistory(ctx, p, id)
	if err != nil {
		return s, err
	}
	for i, e := range entries {
		if i == standingRows {
			s.More = len(entries) - i
			break
		}
		s.History = append(s.History, viewClass(e, cfg))
	}
	current := ""
	if len(s.History) > 0 {
		s.Latest = &s.History[0]
		current = entries[0].Stage
	}
	for _, st := range score.Stages {
		s.Stages = append(s.Stages, option{Value: string(st), Label: st.Name(), Selected: string(st) == current})
	}
	return s, nil
}

// viewClass puts one classification entry in words.
func viewClass(e store.Classification, cfg score.ClassifyConfig) classRow {
	r := classRow{Date: e.At, KeyAccount: e.KeyAccount, Classified: e.Quadrant != ""}
	if day, _, ok := strings.Cut(e.At, "T"); ok {
		r.Date = day
	}
	r.Quadrant = quadrantLabel(score.Quadrant(e.Quadrant), cfg)
	if r.Classified && e.Quadrant != string(score.Unclassified) {
		r.Attractiveness, r.Strength = figure(e.Attractiveness), figure(e.Strength)
	}
	if e.Stage != "" {
		r.Stage = score.Stage(e.Stage).Name()
	}
	return r
}

// quadrantLabel names a quadrant as the settings do, Millman & Wilson's
// words by default.
func quadrantLabel(q score.Quadrant, cfg score.ClassifyConfig) string {
	switch q {
	case "":
		return "Not classified yet"
	case score.Unclassified:
		return "Unclassified"
	}
	if l := cfg.Labels[q]; l != "" {
		return l
	}
	if l := score.MillmanWilsonLabels()[q]; l != "" {
		return l
	}
	return label(q)
}

// figure formats an axis score of 0–100 with at most one decimal.
func figure(x float64) string {
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}

// setStage records the stage of an account, refusing anything but one of
// the six stages.
func (a *App) setStage(ctx context.Context, p *kam.Principal, id int64, value string) error {
	if value == "" {
		return kam.FieldError("stage", "Choose a relational stage.")
	}
	st, err := score.ParseStage(value)
	if err != nil {
		return kam.FieldError("stage", "%s.", capitalise(err.Error()))
	}
	return a.st.SetStage(ctx, p, id, string(st))
}
