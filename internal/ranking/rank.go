package ranking

import (
	"errors"
	"fmt"
	"strings"
)

// Options configures Rank, Bootstrap and Compare. The zero value works
// except for Scale.Steps, which must be set.
type Options struct {
	// Items fixes the items and their order in results; nil means every item
	// named in the judgments, sorted by id.
	Items     []string
	Scale     Scale
	BT        BTOptions
	Score     ScoreOptions
	AHP       AHPOptions
	Bootstrap BootstrapOptions
	// CI chooses the intervals of Bradley–Terry (and its shares and
	// scores) and of the AHP priorities; the default (CIDefault) is
	// respondent-level (CIRespondent) whenever there are two or more
	// respondents. Result.CIMethod says what was really used.
	CI IntervalMethod
}

// Result holds every method's results for one set of judgments (one target
// group, or everyone).
type Result struct {
	Items []string
	BT    BTResult
	Score ScoreResult
	// AHP is the analysis of the group matrix that aggregates individual
	// judgments (see GroupMatrix); nil when the judged pairs do not connect
	// all items, with the reason in Warnings.
	AHP *AHPResult
	// Bootstrap holds percentile intervals when Options.Bootstrap.Resamples > 0.
	Bootstrap   *BootstrapResult
	Respondents int
	// CIMethod names the method of the intervals in BT.Items (shares and
	// log-strengths) and Score.Items: CIMethodSandwich, CIMethodModel or
	// CIMethodBootstrap (never CIMethodBootstrap when every resample
	// failed: then the respondent-level intervals stay and Warnings says
	// so). AHP.CIMethod names that of the priorities.
	CIMethod string
	Warnings []string
}

// Rank computes Bradley–Terry, the win-probability score and AHP for the
// judgments, with Fisher-information intervals and, when asked for,
// bootstrap intervals over respondents.
//
// The intervals are those Options.CI asks for: by default respondent-level
// (cluster-robust, see docs/ranking.md), which accounts for several
// judgments by one person and for graded answers.
func Rank(js []Judgment, opts Options) (Result, error) {
	res, rs, cfg, err := rank(js, opts)
	if err != nil {
		return Result{}, err
	}
	return withIntervals(res, rs, cfg, opts), nil
}

// withIntervals adds the intervals opts.CI asks for to res.
func withIntervals(res Result, rs *respondents, cfg bootConfig, opts Options) Result {
	method := opts.CI
	b := opts.Bootstrap
	if method == CIDefault {
		method = CIRespondent
		if b.Resamples > 0 {
			method = CIBootstrap
		}
	}
	if method == CIBootstrap && b.Resamples <= 0 {
		b.Resamples = DefaultResamples
	}
	res.CIMethod = CIMethodModel
	if method != CIModel && len(rs.ids) >= 2 {
		res = withRespondentIntervals(res, rs, cfg)
	} else if method != CIModel {
		res.Warnings = append(res.Warnings, "respondent-level intervals need two or more respondents: the intervals are model-based")
	}
	if b.Resamples > 0 {
		b = b.withDefaults()
		res.Bootstrap = rs.bootstrap(cfg, b, 0).result(res.Items, len(rs.ids), b)
	}
	if method == CIBootstrap {
		res = useBootstrap(res)
	}
	return res
}

// withRespondentIntervals replaces the model-based intervals of res by
// respondent-level ones.
func withRespondentIntervals(res Result, rs *respondents, cfg bootConfig) Result {
	c, _ := NewCounts(res.Items)
	c.w = cfg.counts
	c.AddJudgments(res.BT.Judgments, res.BT.Skipped)
	cs := newClusterScores(rs.n, len(rs.ids))
	rs.btScores(cfg.fit.beta, cs)
	bt := robustBT(c, res.BT, cfg.fit, cs)
	if !finiteCov(bt.Cov) {
		res.Warnings = append(res.Warnings, "respondent-level intervals could not be computed: the intervals are model-based")
		return res
	}
	if bt.CIMethod != CIMethodSandwich {
		res.Warnings = append(res.Warnings, "respondent-level intervals need two or more respondents with judgments: the intervals are model-based")
		return res
	}
	res.BT, res.CIMethod = bt, CIMethodSandwich
	if cfg.score == ScoreBT {
		res.Score = ScoreFromBT(bt)
	}
	if res.AHP != nil {
		rs.ahpIntervals(res.AHP, bt.Level, cfg.ahp)
	}
	return res
}

// useBootstrap copies the bootstrap intervals into the items of res where
// resamples gave them.
func useBootstrap(res Result) Result {
	b := res.Bootstrap
	if b.HasBT() {
		res.CIMethod = CIMethodBootstrap
		for i := range res.BT.Items {
			it, bi := &res.BT.Items[i], b.Items[i]
			it.CILow, it.CIHigh = bi.Share.Low, bi.Share.High
			it.LogCILow, it.LogCIHigh = bi.LogStrength.Low, bi.LogStrength.High
			res.Score.Items[i].CILow, res.Score.Items[i].CIHigh = bi.Score.Low, bi.Score.High
		}
		res.Score.HasCI, res.Score.Level = true, b.Level
	} else {
		res.Warnings = append(res.Warnings, "no bootstrap resample gave a fit: the intervals are not bootstrap intervals")
	}
	if res.AHP != nil && b.HasAHP() {
		for i := range res.AHP.Items {
			it, bi := &res.AHP.Items[i], b.Items[i]
			it.EigenCILow, it.EigenCIHigh = bi.PriorityEigen.Low, bi.PriorityEigen.High
			it.GeomeanCILow, it.GeomeanCIHigh = bi.PriorityGeomean.Low, bi.PriorityGeomean.High
		}
		res.AHP.HasCI, res.AHP.CIMethod, res.AHP.Level, res.AHP.DF = true, CIMethodBootstrap, b.Level, 0
	}
	return res
}

// Bootstrap returns only the bootstrap intervals of Rank (Resamples must be
// positive).
func Bootstrap(js []Judgment, opts Options) (BootstrapResult, error) {
	if opts.Bootstrap.Resamples <= 0 {
		return BootstrapResult{}, fmt.Errorf("ranking: bootstrap: %d resamples, want at least 1", opts.Bootstrap.Resamples)
	}
	opts.CI = CIBootstrap
	res, err := Rank(js, opts)
	if err != nil {
		return BootstrapResult{}, err
	}
	return *res.Bootstrap, nil
}

func (o BootstrapOptions) withDefaults() BootstrapOptions {
	if o.Level <= 0 || o.Level >= 1 {
		o.Level = DefaultLevel
	}
	return o
}

// rank computes the point estimates and returns what a bootstrap needs.
func rank(js []Judgment, opts Options) (Result, *respondents, bootConfig, error) {
	items := opts.Items
	if items == nil {
		items = ItemsOf(js)
	}
	return rankWith(items, opts, func(scale Scale) (*respondents, error) {
		return collectRespondents(js, items, scale)
	})
}

// rankWith is rank on the respondents that collect groups.
func rankWith(items []string, opts Options, collect func(Scale) (*respondents, error)) (Result, *respondents, bootConfig, error) {
	scoreOpts, err := opts.Score.withDefaults()
	if err != nil {
		return Result{}, nil, bootConfig{}, err
	}
	if err := opts.CI.check(); err != nil {
		return Result{}, nil, bootConfig{}, err
	}
	ahpOpts := opts.AHP.withDefaults()
	if err := ahpOpts.RandomIndex.check(); err != nil {
		return Result{}, nil, bootConfig{}, err
	}
	rs, err := collect(opts.Scale)
	if err != nil {
		return Result{}, nil, bootConfig{}, err
	}
	c, err := NewCounts(items)
	if err != nil {
		return Result{}, nil, bootConfig{}, err
	}
	n := len(items)
	rs.sums(nil, c.w, make([]float64, n*n), make([]float64, n*n))
	c.AddJudgments(rs.judgments, rs.skipped)
	bt, fit, err := fitBT(c, opts.BT)
	if err != nil {
		return Result{}, nil, bootConfig{}, err
	}
	res := Result{Items: items, BT: bt, Respondents: len(rs.ids), CIMethod: CIMethodModel}
	if scoreOpts.Method == ScoreCounts {
		res.Score = ScoreFromCounts(c)
	} else {
		res.Score = ScoreFromBT(bt)
	}
	if bt.Regularised {
		res.Warnings = append(res.Warnings, "bradley-terry regularised: "+strings.Join(bt.Existence.Reasons(), "; "))
	}
	ahp, err := AHP(rs.matrix(items), ahpOpts)
	switch {
	case errors.Is(err, ErrDisconnected):
		res.Warnings = append(res.Warnings, "ahp not computed: the judged pairs do not connect all items")
	case err != nil:
		return Result{}, nil, bootConfig{}, err
	default:
		res.AHP = &ahp
	}
	ref, _ := referenceIndex(c.index, opts.BT.Reference)
	cfg := bootConfig{bt: opts.BT.withDefaults(), ref: ref, score: scoreOpts.Method, ahp: ahpOpts, start: fit.beta, fit: fit, counts: c.w}
	return res, rs, cfg, nil
}
