package ranking

import (
	"math/rand/v2"
	"testing"
)

// benchSurvey simulates respondents×perResp graded judgments (2% skipped)
// on 30 items with strengths spread over [-1.5, 1.5].
func benchSurvey(respondents, perResp int) ([]Judgment, []string) {
	const n = 30
	beta := make([]float64, n)
	for i := range beta {
		beta[i] = -1.5 + 3*float64(i)/float64(n-1)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	js := simulate(rng, simConfig{beta: beta, respondents: respondents, perResp: perResp, steps: 3, weighted: true, skipRate: 0.02}, "resp")
	return js, simItems(n)
}

// BenchmarkFitBTFromRaw tallies 1.5 million raw judgments (100,000
// respondents × 15) on 30 items and fits Bradley–Terry with standard errors.
func BenchmarkFitBTFromRaw(b *testing.B) {
	js, items := benchSurvey(100_000, 15)
	scale := Scale{Steps: 3}
	for b.Loop() {
		c, err := Tally(js, items, scale)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := FitBT(c, BTOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(js)), "ns/judgment")
}

// BenchmarkFitBTFromCounts fits the same survey from its 30×30 win matrix,
// as a server holding per-pair counters would.
func BenchmarkFitBTFromCounts(b *testing.B) {
	js, items := benchSurvey(100_000, 15)
	c, err := Tally(js, items, Scale{Steps: 3})
	if err != nil {
		b.Fatal(err)
	}
	var res BTResult
	for b.Loop() {
		if res, err = FitBT(c, BTOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Iterations), "newton-iterations")
}

// BenchmarkBootstrap runs a 200-resample bootstrap over 100,000 respondents
// (1.5 million judgments, 30 items), refitting Bradley–Terry, the score and
// AHP in every resample; it includes grouping the judgments by respondent.
func BenchmarkBootstrap(b *testing.B) {
	js, items := benchSurvey(100_000, 15)
	opts := Options{Items: items, Scale: Scale{Steps: 3}, Bootstrap: BootstrapOptions{Resamples: 200, Seed: 1}}
	for b.Loop() {
		if _, err := Bootstrap(js, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/200, "ms/resample")
}

// BenchmarkRankRespondent is what the results service does with 100,000
// respondents' judgments in memory (1.5 million, 30 items): build a Sample
// respondent by respondent, then Rank it with the default respondent-level
// intervals (Bradley–Terry, score and AHP priorities), compare the first
// half with the rest, and summarise consistency. Each is a sub-benchmark.
func BenchmarkRankRespondent(b *testing.B) {
	js, items := benchSurvey(100_000, 15)
	scale := Scale{Steps: 3}
	half := func(id string) []string {
		if id < "resp050000" {
			return []string{"a"}
		}
		return []string{"b"}
	}
	s, err := NewSampleFromJudgments(js, items, scale, half)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("sample", func(b *testing.B) {
		for b.Loop() {
			if _, err := NewSampleFromJudgments(js, items, scale, half); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rank", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Rank(Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rank-judgments", func(b *testing.B) {
		for b.Loop() {
			if _, err := Rank(js, Options{Items: items, Scale: scale}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("compare-rest", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.CompareGroups("a", Rest, CompareOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("consistency", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Consistency(""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
