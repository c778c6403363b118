package cli

import (
	"fmt"

	"github.com/vfv/vfv/internal/ranking"
)

// rankOrder fits Bradley–Terry with a first-position term, with
// respondent-level or model-based intervals.
func rankOrder(f rankFlags, in *ranking.Input) (any, error) {
	fit := ranking.FitBTOrder
	if f.respondentCI() {
		fit = ranking.FitBTOrderRespondent
	}
	bt, oe, err := fit(in, ranking.BTOptions{Reference: f.ref, Level: f.level})
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	out := btJSON(bt, nil)
	out.OrderEffect = &orderEffectJSON{LogOdds: oe.LogOdds, SE: oe.SE, CILow: oe.CILow, CIHigh: oe.CIHigh}
	return out, nil
}

// orderEffectJSON is the first-position term δ on the log-odds scale:
// positive favours the item shown first.
type orderEffectJSON struct {
	LogOdds float64 `json:"log_odds"`
	SE      float64 `json:"se"`
	CILow   float64 `json:"ci_low"`
	CIHigh  float64 `json:"ci_high"`
}
