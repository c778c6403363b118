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
	Warnings    []string
}

// Rank computes Bradley–Terry, the win-probability score and AHP for the
// judgments, with Fisher-information intervals and, when asked for,
// bootstrap intervals over respondents.
func Rank(js []Judgment, opts Options) (Result, error) {
	res, rs, cfg, err := rank(js, opts)
	if err != nil {
		return Result{}, err
	}
	return withBootstrap(res, rs, cfg, opts.Bootstrap), nil
}

// withBootstrap adds bootstrap intervals to res when b asks for resamples.
func withBootstrap(res Result, rs *respondents, cfg bootConfig, b BootstrapOptions) Result {
	if b.Resamples > 0 {
		b = b.withDefaults()
		res.Bootstrap = rs.bootstrap(cfg, b, 0).result(res.Items, len(rs.ids), b)
	}
	return res
}

// Bootstrap returns only the bootstrap intervals of Rank (Resamples must be
// positive).
func Bootstrap(js []Judgment, opts Options) (BootstrapResult, error) {
	if opts.Bootstrap.Resamples <= 0 {
		return BootstrapResult{}, fmt.Errorf("ranking: bootstrap: %d resamples, want at least 1", opts.Bootstrap.Resamples)
	}
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
	bt, start, err := fitBT(c, opts.BT)
	if err != nil {
		return Result{}, nil, bootConfig{}, err
	}
	res := Result{Items: items, BT: bt, Respondents: len(rs.ids)}
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
	cfg := bootConfig{bt: opts.BT.withDefaults(), ref: ref, score: scoreOpts.Method, ahp: ahpOpts, start: start}
	return res, rs, cfg, nil
}
