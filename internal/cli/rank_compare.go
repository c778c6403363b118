package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vfv/vfv/internal/ranking"
)

// rankRespondent ranks tallied judgments with respondent-level intervals
// (bt and score), and compares groups when asked.
func rankRespondent(f rankFlags, in *ranking.Input) (any, error) {
	steps := f.steps
	if steps == 0 {
		steps = 1 // binary: rankOutput refused graded values without --steps
	} else if err := in.CheckScale(steps); err != nil {
		return nil, err
	}
	bt, err := ranking.FitBTRespondent(in, ranking.BTOptions{Reference: f.ref, Level: f.level})
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	c := in.Counts
	info := &judgmentInfo{Steps: in.Steps, Judgments: c.Judgments(), Skipped: c.Skipped(), Respondents: in.Respondents}
	if f.method == "score" {
		sc := ranking.ScoreFromBT(bt)
		if f.score == string(ranking.ScoreCounts) {
			sc = ranking.ScoreFromCounts(c)
		}
		out := scoreJSON(sc, bt, nil)
		out.judgmentInfo = info
		return out, nil
	}
	out := btJSON(bt, nil)
	out.judgmentInfo = info
	if f.compare != "" {
		cmp, err := rankCompare(f, in, steps)
		if err != nil {
			return nil, err
		}
		out.Comparison = cmp
	}
	return out, nil
}

// rankCompare compares the groups of --compare A,B.
func rankCompare(f rankFlags, in *ranking.Input, steps int) (*comparisonJSON, error) {
	a, b, _ := strings.Cut(f.compare, ",")
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if len(in.Groups) == 0 {
		return nil, fmt.Errorf("%w: rank: --compare needs a group column in %s (respondent,a,b,value,group)", ErrUsage, f.input)
	}
	for _, g := range []string{a, b} {
		if g != ranking.Rest && !slices.Contains(in.Groups, g) {
			return nil, fmt.Errorf("%w: rank: --compare: no respondent of group %q in %s; its groups are %s", ErrUsage, g, f.input, strings.Join(in.Groups, ", "))
		}
	}
	s, err := in.Sample(ranking.Scale{Steps: steps})
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	gc, err := s.CompareGroups(a, b, ranking.CompareOptions{Level: f.level, Seed: f.seed, BT: ranking.BTOptions{Reference: f.ref}})
	if err != nil {
		return nil, fmt.Errorf("%w: rank: --compare: %v", ErrUsage, err)
	}
	out := &comparisonJSON{
		A: gc.A, B: gc.B, Method: gc.Method, Level: gc.Level, Critical: gc.Critical, DF: gc.DF,
		RespondentsA: gc.RespondentsA, RespondentsB: gc.RespondentsB, Shared: gc.Shared, Warnings: gc.Warnings,
	}
	for _, d := range gc.Items {
		out.Items = append(out.Items, comparisonItemJSON{
			ID: d.ID, Difference: d.Difference, CILow: d.CILow, CIHigh: d.CIHigh, Clear: d.Clear,
			SE: d.SE, Detectable: d.Detectable, ShareA: d.ShareA, ShareB: d.ShareB,
		})
	}
	return out, nil
}

// comparisonJSON is the output of --compare: differences A - B in share
// points with simultaneous intervals.
type comparisonJSON struct {
	A            string               `json:"a"`
	B            string               `json:"b"`
	Method       string               `json:"method"`
	Level        float64              `json:"level"`
	Critical     float64              `json:"critical"`
	DF           float64              `json:"df"`
	RespondentsA int                  `json:"respondents_a"`
	RespondentsB int                  `json:"respondents_b"`
	Shared       int                  `json:"shared"`
	Items        []comparisonItemJSON `json:"items"`
	Warnings     []string             `json:"warnings,omitempty"`
}

type comparisonItemJSON struct {
	ID         string  `json:"id"`
	Difference float64 `json:"difference"`
	CILow      float64 `json:"ci_low"`
	CIHigh     float64 `json:"ci_high"`
	Clear      bool    `json:"clear"`
	SE         float64 `json:"se"`
	Detectable float64 `json:"detectable"`
	ShareA     float64 `json:"share_a"`
	ShareB     float64 `json:"share_b"`
}
