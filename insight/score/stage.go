package score

import (
	"fmt"
	"slices"
	"strings"
)

// Stage is where a key account relationship stands in Millman & Wilson's
// relational development model, from a transactional start (pre-KAM) to
// joint value creation (synergistic KAM), or coming apart (uncoupling KAM).
// No figure tells the stage: the key account manager sets it, and kam keeps
// its history.
type Stage string

// The relational stages, in the model's order. Uncoupling can follow any
// other stage.
const (
	StagePre         Stage = "pre_kam"
	StageEarly       Stage = "early_kam"
	StageMid         Stage = "mid_kam"
	StagePartnership Stage = "partnership_kam"
	StageSynergistic Stage = "synergistic_kam"
	StageUncoupling  Stage = "uncoupling_kam"
)

// Stages lists every stage in the model's order.
var Stages = []Stage{StagePre, StageEarly, StageMid, StagePartnership, StageSynergistic, StageUncoupling}

// Valid reports whether s is one of the six stages.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// Level is the depth of the relationship the stage stands for, for ordering
// and scoring: pre-KAM 1, early 2, mid 3, partnership 4, synergistic 5. An
// uncoupling relationship is 0, below pre-KAM, whatever depth it had: it is
// the weakest position to sell from. An unknown stage is -1.
func (s Stage) Level() int {
	switch s {
	case StageUncoupling:
		return 0
	case StagePre:
		return 1
	case StageEarly:
		return 2
	case StageMid:
		return 3
	case StagePartnership:
		return 4
	case StageSynergistic:
		return 5
	}
	return -1
}

// CompareStages orders stages by Level, for sorting accounts by the depth of
// their relationship: negative when a is shallower than b.
func CompareStages(a, b Stage) int { return a.Level() - b.Level() }

// Name is the stage as the literature writes it: "Pre-KAM", "Mid-KAM",
// "Partnership KAM".
func (s Stage) Name() string {
	switch s {
	case StagePre:
		return "Pre-KAM"
	case StageEarly:
		return "Early-KAM"
	case StageMid:
		return "Mid-KAM"
	case StagePartnership:
		return "Partnership KAM"
	case StageSynergistic:
		return "Synergistic KAM"
	case StageUncoupling:
		return "Uncoupling KAM"
	}
	return string(s)
}

// ParseStage reads a stage as people write it: "partnership_kam",
// "Partnership KAM", "partnership-kam" or just "partnership", in any case.
// Anything else is an error listing the stages.
func ParseStage(s string) (Stage, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer("-", "_", " ", "_").Replace(k)
	k = strings.TrimSuffix(k, "_kam")
	if k != "" {
		if st := Stage(k + "_kam"); st.Valid() {
			return st, nil
		}
	}
	return "", fmt.Errorf("relational stage %q is not one of %s", s, stageList())
}

// UnmarshalText reads a stage from JSON or a form with ParseStage, so that a
// misspelt stage is refused where it enters; empty stays unset.
func (s *Stage) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = ""
		return nil
	}
	st, err := ParseStage(string(b))
	if err != nil {
		return err
	}
	*s = st
	return nil
}

func stageList() string {
	names := make([]string, len(Stages))
	for i, st := range Stages {
		names[i] = string(st)
	}
	return strings.Join(names, ", ")
}
