package ranking

import "testing"

// TestSimulationCoverage is the short version of the simulation suite
// (make sim runs every cell): representative cells, with enough surveys
// that the bounds mean something. Coverage is pooled over the items of
// every survey; with 3000–4000 intervals per cell its binomial standard
// error is about 0.35–0.4 points (items of one survey are correlated, so
// somewhat more), against bounds 2 points from 95%. The same cells with
// model-based intervals show what the default fixes: graded answers make
// them too wide (cover ~99.7%), and heterogeneous respondents judging all
// pairs too narrow.
func TestSimulationCoverage(t *testing.T) {
	tests := []struct {
		cell    simCell
		surveys int
	}{
		{simCell{items: 10, perResp: 15, respondents: 300, steps: 1, tau: 1}, 400},
		{simCell{items: 10, perResp: 15, respondents: 300, steps: 2, tau: 0}, 400},
		{simCell{items: 10, perResp: 15, respondents: 100, steps: 2, tau: 0.5}, 400},
		{simCell{items: 10, perResp: 0, respondents: 100, steps: 1, tau: 1}, 300},
		{simCell{items: 15, perResp: 20, respondents: 100, steps: 2, tau: 1}, 250},
		{simCell{items: 6, perResp: 7, respondents: 3000, steps: 2, tau: 0.5}, 150},
		{simCell{items: 6, perResp: 0, respondents: 30, steps: 2, tau: 1}, 500},
		{simCell{items: 15, perResp: 20, respondents: 30, steps: 1, tau: 0}, 300},
	}
	for k, tc := range tests {
		t.Run(tc.cell.String(), func(t *testing.T) {
			r := runCoverage(tc.cell, tc.surveys, uint64(100+k))
			lo, hi := coverageBounds(tc.cell)
			if r.rate() < lo || r.rate() > hi {
				t.Errorf("coverage %.1f%% over %d intervals, want %.0f–%.0f%%", 100*r.rate(), r.total, 100*lo, 100*hi)
			}
			t.Logf("coverage %.1f%% (±%.1f, 2 binomial SE), model-based %.1f%%, %d intervals", 100*r.rate(), 200*r.binomialSE(), 100*r.modelRate(), r.total)
		})
	}
}

// TestSimulationAHPCoverage: the respondent-level intervals of the AHP
// priorities of a group matrix hold the population priorities (those of
// the matrix of expected log-ratios) in 93–97% of cases.
func TestSimulationAHPCoverage(t *testing.T) {
	for k, tc := range []struct {
		cell    simCell
		surveys int
	}{
		{simCell{items: 10, perResp: 15, respondents: 300, steps: 2, tau: 0.5}, 200},
		{simCell{items: 6, perResp: 0, respondents: 100, steps: 1, tau: 1}, 300},
	} {
		t.Run(tc.cell.String(), func(t *testing.T) {
			eig, geo := runAHPCoverage(tc.cell, tc.surveys, uint64(200+k))
			for _, r := range []struct {
				name string
				res  coverageResult
			}{{"eigenvector", eig}, {"geometric mean", geo}} {
				if r.res.failed > 0 || r.res.rate() < 0.93 || r.res.rate() > 0.97 {
					t.Errorf("%s: coverage %.1f%% over %d intervals (%d surveys failed), want 93–97%%", r.name, 100*r.res.rate(), r.res.total, r.res.failed)
				}
				t.Logf("%s: coverage %.1f%% (±%.1f)", r.name, 100*r.res.rate(), 200*r.res.binomialSE())
			}
		})
	}
}
