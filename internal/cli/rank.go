package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/vfv/vfv/internal/ranking"
)

// rankFlags are the parsed flags of `vfv rank`.
type rankFlags struct {
	method    string
	input     string
	ref       string
	steps     int
	bootstrap int
	seed      uint64
	level     float64
	ri        string
	score     string
	ci        string
	order     bool
	compare   string
}

const rankUsage = `Usage: vfv rank --method bt|ahp|score [--input] FILE [flags]

Ranks items from a CSV file and writes JSON to stdout. FILE ("-" for stdin) is
  counts     a,b,wins_a,wins_b[,ties]      (bt, score; counts may be fractional)
  judgments  respondent,a,b,value[,skip][,group]
                                           (bt, score, ahp; value < 0 prefers a,
                                           > 0 prefers b, 0 is equal; a is the
                                           item shown first; group names the
                                           respondent's group(s), ";" between)
Graded judgments need the survey's scale, --steps N (values -N..N); only
binary judgments (every value -1, 0 or 1) may leave it out.
  matrix     header row and first column are item ids   (ahp)
Intervals (--ci) and the ci_method the output names:
  respondent  the default for judgments: respondent-level (cluster-robust)
              intervals that allow for several judgments per person and
              graded answers; ci_method "respondent-sandwich"
  model       the Fisher information of the Bradley–Terry fit (what R's BTm
              reports), which treats judgments as independent; the only
              choice for counts; ci_method "model"
  bootstrap   resampling respondents, --bootstrap N resamples (default 1000
              with --ci bootstrap); ci_method "bootstrap", never when every
              resample failed (bootstrap.failed then says so)
ahp without judgments and --score counts without --bootstrap have no
intervals (ci_method "none").
--order-effect (bt) also fits a first-position term, logit P(the item shown
first wins) = b_first - b_second + delta, and reports order_effect (with
the intervals --ci asks for: respondent or model).
--compare A,B (bt, judgments with a group column; B may be "rest", every
respondent not in A) adds "comparison": per item the difference of shares
A - B in share points with simultaneous 95% intervals over all items;
"clear" is true only where the interval excludes 0, and "detectable" is the
difference the data would mark clear with 80% power.
Judgments are tallied while the file is read (never held as text); unless
--ci model, each is also kept in 24 bytes.
See docs/ranking.md for the methods and the output.

Flags:
`

// runRank implements `vfv rank`.
func runRank(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	f, err := parseRankFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // the usage is printed; asking for it is not an error
	}
	if err != nil {
		return err
	}
	name := f.input
	if name == "-" {
		name = "stdin"
	}
	in, err := readRankInput(f, name, stdin)
	if err != nil {
		return reportInputError(err, name, stderr)
	}
	out, err := rankOutput(f, in)
	if err != nil {
		return reportInputError(err, name, stderr)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("rank: write output: %w", err)
	}
	return nil
}

// reportInputError prints one line per problem of an unreadable input and
// returns a one-line summary; other errors pass through.
func reportInputError(err error, input string, stderr io.Writer) error {
	var ie *ranking.InputError
	if !errors.As(err, &ie) {
		return err
	}
	for _, p := range ie.Problems {
		fmt.Fprintln(stderr, p)
	}
	return fmt.Errorf("rank: %d problem(s) in %s", len(ie.Problems), input)
}

func parseRankFlags(args []string, stderr io.Writer) (rankFlags, error) {
	var f rankFlags
	fs := rankFlagSet(&f)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, rankUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return f, err
		}
		return f, fmt.Errorf("%w: rank: %v", ErrUsage, err)
	}
	args = fs.Args()
	if f.input == "" && len(args) == 1 {
		f.input, args = args[0], nil // vfv rank --method bt FILE
	}
	problems := f.problems()
	if len(args) > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments %q", args))
	}
	if len(problems) > 0 {
		fs.Usage()
		return f, fmt.Errorf("%w: rank: %s", ErrUsage, strings.Join(problems, "; "))
	}
	return f, nil
}

// rankFlagSet declares rank's flags into f.
func rankFlagSet(f *rankFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("rank", flag.ContinueOnError)
	fs.StringVar(&f.method, "method", "", "bt (Bradley–Terry), ahp or score (win probability)")
	fs.StringVar(&f.input, "input", "", "CSV file to read, - for stdin")
	fs.StringVar(&f.ref, "ref", "", "bt: item whose log-strength is 0 (default: log-strengths sum to 0)")
	fs.IntVar(&f.steps, "steps", 0, "judgments: steps of the survey's weighting scale (values -N..N); required unless every value is -1, 0 or 1")
	fs.IntVar(&f.bootstrap, "bootstrap", 0, "judgments: bootstrap resamples over respondents for the intervals (0: none; 1000 with --ci bootstrap)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the bootstrap")
	fs.Float64Var(&f.level, "level", ranking.DefaultLevel, "confidence level of the intervals")
	fs.StringVar(&f.ri, "ri", string(ranking.RISaaty1980), "ahp: random-index table for the consistency ratio")
	fs.StringVar(&f.score, "score", string(ranking.ScoreBT), "score: estimator, bt (Bradley–Terry) or counts (All Our Ideas' (W+1)/(W+L+2))")
	fs.BoolVar(&f.order, "order-effect", false, "bt, judgments: also fit a first-position term (column a is the item shown first) and report order_effect")
	fs.StringVar(&f.ci, "ci", "", "intervals: respondent (default for judgments), model (Fisher information; counts) or bootstrap")
	fs.StringVar(&f.compare, "compare", "", "bt, judgments with a group column: compare groups A,B (B may be rest) in share points")
	return fs
}

// problems lists every inconsistency among the flags.
func (f rankFlags) problems() []string {
	var ps []string
	switch f.method {
	case "bt", "ahp", "score":
	case "":
		ps = append(ps, "--method is required (bt, ahp or score)")
	default:
		ps = append(ps, fmt.Sprintf("--method %q: want bt, ahp or score", f.method))
	}
	if f.input == "" {
		ps = append(ps, "--input is required")
	}
	if f.steps < 0 || f.bootstrap < 0 {
		ps = append(ps, "--steps and --bootstrap must not be negative")
	}
	if !(f.level > 0 && f.level < 1) {
		ps = append(ps, fmt.Sprintf("--level %v: want a number between 0 and 1", f.level))
	}
	if f.ref != "" && f.method != "bt" {
		ps = append(ps, "--ref applies only to --method bt")
	}
	if f.score != string(ranking.ScoreBT) && f.score != string(ranking.ScoreCounts) {
		ps = append(ps, fmt.Sprintf("--score %q: want bt or counts", f.score))
	}
	if f.order && (f.method != "bt" || f.bootstrap > 0 || f.ci == "bootstrap") {
		ps = append(ps, "--order-effect applies only to --method bt without --bootstrap")
	}
	if f.compare != "" {
		if a, b, ok := strings.Cut(f.compare, ","); !ok || strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" || strings.Contains(b, ",") {
			ps = append(ps, fmt.Sprintf("--compare %q: want two groups A,B (B may be rest)", f.compare))
		}
		if f.method != "bt" || f.order {
			ps = append(ps, "--compare applies only to --method bt, without --order-effect")
		}
	}
	if !slices.Contains(ranking.RandomIndices(), ranking.RandomIndex(f.ri)) {
		ps = append(ps, fmt.Sprintf("--ri %q: want one of %v", f.ri, ranking.RandomIndices()))
	}
	return append(ps, f.ciProblems()...)
}

// ciProblems checks --ci against the method and --bootstrap.
func (f rankFlags) ciProblems() []string {
	switch f.ci {
	case "":
	case "respondent":
		switch {
		case f.bootstrap > 0:
			return []string{"--ci respondent and --bootstrap exclude each other"}
		case f.method == "score" && f.score == string(ranking.ScoreCounts):
			return []string{"--ci respondent: --score counts has no respondent-level intervals; use --bootstrap N"}
		}
	case "model":
		switch {
		case f.bootstrap > 0:
			return []string{"--ci model and --bootstrap exclude each other"}
		case f.method == "ahp":
			return []string{"--ci model: ahp has no model-based intervals; use --ci respondent or --bootstrap N"}
		case f.method == "score" && f.score == string(ranking.ScoreCounts):
			return []string{"--ci model: --score counts has no model-based intervals; use --bootstrap N"}
		}
	case "bootstrap":
	default:
		return []string{fmt.Sprintf("--ci %q: want respondent, model or bootstrap", f.ci)}
	}
	return nil
}

// resamples is the number of bootstrap resamples asked for.
func (f rankFlags) resamples() int {
	if f.ci == "bootstrap" && f.bootstrap == 0 {
		return ranking.DefaultResamples
	}
	return f.bootstrap
}

// respondentCI reports whether judgments get respondent-level intervals.
func (f rankFlags) respondentCI() bool {
	return f.ci == "respondent" || (f.ci == "" && f.bootstrap == 0)
}

// tallies reports whether the method needs only the win matrix, so that
// judgments need not be kept once tallied.
func (f rankFlags) tallies() bool {
	return (f.method == "bt" || f.method == "score") && f.resamples() == 0 && !f.respondentCI() && f.compare == ""
}

func readRankInput(f rankFlags, name string, stdin io.Reader) (*ranking.Input, error) {
	src := stdin
	if f.input != "-" {
		file, err := os.Open(f.input)
		if err != nil {
			return nil, fmt.Errorf("rank: %w", err)
		}
		defer file.Close()
		src = file
	}
	// AHP and the bootstrap need every judgment: kept in compact form.
	return ranking.ReadTallied(src, name, ranking.TallyOptions{Steps: f.steps, Keep: !f.tallies()})
}

// rankOutput checks that the method fits the input and computes the output.
func rankOutput(f rankFlags, in *ranking.Input) (any, error) {
	wants := map[string][]ranking.InputKind{
		"bt":    {ranking.InputCounts, ranking.InputJudgments},
		"score": {ranking.InputCounts, ranking.InputJudgments},
		"ahp":   {ranking.InputMatrix, ranking.InputJudgments},
	}
	if !slices.Contains(wants[f.method], in.Kind) {
		return nil, fmt.Errorf("%w: rank: --method %s cannot use %s, which holds a %s", ErrUsage, f.method, f.input, in.Kind)
	}
	if in.Kind != ranking.InputJudgments && (f.resamples() > 0 || f.steps > 0 || f.order || f.ci == "respondent" || f.compare != "") {
		return nil, fmt.Errorf("%w: rank: --bootstrap, --ci respondent|bootstrap, --compare, --steps and --order-effect need judgments (respondent,a,b,value); %s holds a %s", ErrUsage, f.input, in.Kind)
	}
	if in.Kind == ranking.InputJudgments && f.steps == 0 && in.MaxAbsValue > 1 {
		return nil, fmt.Errorf("%w: rank: %s holds graded values (largest |value| %v): give the survey's scale with --steps N (values -N..N); it is not guessed from the file", ErrUsage, f.input, in.MaxAbsValue)
	}
	if f.ref != "" && !slices.Contains(in.Items, f.ref) {
		return nil, fmt.Errorf("%w: rank: --ref %q is not an item in %s", ErrUsage, f.ref, f.input)
	}
	switch in.Kind {
	case ranking.InputCounts:
		return rankCounts(f, in.Counts)
	case ranking.InputMatrix:
		res, err := ranking.AHP(in.Matrix, ranking.AHPOptions{RandomIndex: ranking.RandomIndex(f.ri)})
		if err != nil {
			return nil, fmt.Errorf("rank: %w", err)
		}
		return ahpJSON(res, nil), nil
	}
	if f.tallies() || f.order {
		return rankTallied(f, in)
	}
	if (f.method == "bt" || f.method == "score") && f.respondentCI() {
		return rankRespondent(f, in)
	}
	return rankJudgments(f, in)
}

// rankTallied ranks judgments that were tallied while the file was read.
func rankTallied(f rankFlags, in *ranking.Input) (any, error) {
	if f.steps > 0 {
		if err := in.CheckScale(f.steps); err != nil {
			return nil, err
		}
	}
	var out any
	var err error
	if f.order {
		out, err = rankOrder(f, in)
	} else {
		out, err = rankCounts(f, in.Counts)
	}
	if err != nil {
		return nil, err
	}
	c := in.Counts
	info := &judgmentInfo{Steps: in.Steps, Judgments: c.Judgments(), Skipped: c.Skipped(), Respondents: in.Respondents}
	switch o := out.(type) {
	case *btOutput:
		o.judgmentInfo = info
	case *scoreOutput:
		o.judgmentInfo = info
	}
	return out, nil
}

func rankCounts(f rankFlags, c *ranking.Counts) (any, error) {
	bt, err := ranking.FitBT(c, ranking.BTOptions{Reference: f.ref, Level: f.level})
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	if f.method == "score" {
		if f.score == string(ranking.ScoreCounts) {
			return scoreJSON(ranking.ScoreFromCounts(c), bt, nil), nil
		}
		return scoreJSON(ranking.ScoreFromBT(bt), bt, nil), nil
	}
	return btJSON(bt, nil), nil
}

func rankJudgments(f rankFlags, in *ranking.Input) (any, error) {
	steps := f.steps
	if steps == 0 {
		steps = 1 // binary: rankOutput refused graded values without --steps
	} else if err := in.CheckScale(steps); err != nil {
		return nil, err
	}
	res, err := ranking.RankTallied(in, ranking.Options{
		Scale:     ranking.Scale{Steps: steps},
		BT:        ranking.BTOptions{Reference: f.ref, Level: f.level},
		Score:     ranking.ScoreOptions{Method: ranking.ScoreMethod(f.score)},
		AHP:       ranking.AHPOptions{RandomIndex: ranking.RandomIndex(f.ri)},
		Bootstrap: ranking.BootstrapOptions{Resamples: f.resamples(), Seed: f.seed, Level: f.level},
		CI:        rankCI(f),
	})
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	info := &judgmentInfo{Steps: steps, Judgments: res.BT.Judgments, Skipped: res.BT.Skipped, Respondents: res.Respondents}
	if b := res.Bootstrap; b != nil {
		info.Bootstrap = &bootstrapJSON{Resamples: b.Resamples, Seed: b.Seed, Regularised: b.Regularised, Failed: b.Failed, AHPFailed: b.AHPFailed}
	}
	switch f.method {
	case "bt":
		out := btJSON(res.BT, res.Bootstrap)
		out.judgmentInfo = info
		return out, nil
	case "score":
		out := scoreJSON(res.Score, res.BT, res.Bootstrap)
		out.judgmentInfo = info
		return out, nil
	}
	if res.AHP == nil {
		return nil, fmt.Errorf("rank: ahp: the judged pairs do not connect all items in %s", f.input)
	}
	out := ahpJSON(*res.AHP, nil)
	out.judgmentInfo = info
	return out, nil
}

// rankCI maps --ci (and --bootstrap) to ranking's interval method.
func rankCI(f rankFlags) ranking.IntervalMethod {
	switch {
	case f.ci == "model":
		return ranking.CIModel
	case f.resamples() > 0:
		return ranking.CIBootstrap
	}
	return ranking.CIRespondent
}

// judgmentInfo is reported when the input held judgments.
type judgmentInfo struct {
	Steps       int            `json:"steps"`
	Judgments   int            `json:"judgments"`
	Skipped     int            `json:"skipped"`
	Respondents int            `json:"respondents"`
	Bootstrap   *bootstrapJSON `json:"bootstrap,omitempty"`
}

type bootstrapJSON struct {
	Resamples   int    `json:"resamples"`
	Seed        uint64 `json:"seed"`
	Regularised int    `json:"regularised"`
	Failed      int    `json:"failed"`
	AHPFailed   int    `json:"ahp_failed"`
}

type btItemJSON struct {
	ID          string  `json:"id"`
	LogStrength float64 `json:"log_strength"`
	SE          float64 `json:"se"`
	Share       float64 `json:"share"`
	CILow       float64 `json:"ci_low"`
	CIHigh      float64 `json:"ci_high"`
	LogCILow    float64 `json:"log_ci_low"`
	LogCIHigh   float64 `json:"log_ci_high"`
	Wins        float64 `json:"wins"`
	Losses      float64 `json:"losses"`
}

type btOutput struct {
	Method           string           `json:"method"`
	Items            []btItemJSON     `json:"items"`
	LogLikelihood    float64          `json:"log_likelihood"`
	Deviance         float64          `json:"deviance"`
	Iterations       int              `json:"iterations"`
	Converged        bool             `json:"converged"`
	Regularised      bool             `json:"regularised"`
	Regularisation   []string         `json:"regularisation,omitempty"`
	Parameterisation string           `json:"parameterisation"`
	Reference        string           `json:"reference,omitempty"`
	CIMethod         string           `json:"ci_method"`
	CIScale          string           `json:"ci_scale"`
	Level            float64          `json:"level"`
	OrderEffect      *orderEffectJSON `json:"order_effect,omitempty"`
	Comparison       *comparisonJSON  `json:"comparison,omitempty"`
	*judgmentInfo
}

func btJSON(bt ranking.BTResult, boot *ranking.BootstrapResult) *btOutput {
	out := &btOutput{
		Method: "bt", LogLikelihood: bt.LogLikelihood, Deviance: bt.Deviance,
		Iterations: bt.Iterations, Converged: bt.Converged, Regularised: bt.Regularised,
		Regularisation: bt.Existence.Reasons(), Parameterisation: "sum_to_zero", Reference: bt.Reference,
		CIMethod: bt.CIMethod, CIScale: "share_percent", Level: bt.Level,
	}
	if bt.Reference != "" {
		out.Parameterisation = "reference"
	}
	for i, it := range bt.Items {
		item := btItemJSON{
			ID: it.ID, LogStrength: it.LogStrength, SE: it.SE, Share: it.Share,
			CILow: it.CILow, CIHigh: it.CIHigh, LogCILow: it.LogCILow, LogCIHigh: it.LogCIHigh,
			Wins: it.Wins, Losses: it.Losses,
		}
		// A bootstrap bound is NaN only if every resample failed; then the
		// other bound stays, ci_method names it and bootstrap.failed says
		// why.
		if b := boot; b.HasBT() && !math.IsNaN(b.Items[i].Share.Low) {
			bi := b.Items[i]
			item.CILow, item.CIHigh = bi.Share.Low, bi.Share.High
			item.LogCILow, item.LogCIHigh = bi.LogStrength.Low, bi.LogStrength.High
		}
		out.Items = append(out.Items, item)
	}
	if boot.HasBT() {
		out.CIMethod, out.Level = "bootstrap", boot.Level
	}
	return out
}

type scoreItemJSON struct {
	ID     string   `json:"id"`
	Score  float64  `json:"score"`
	CILow  *float64 `json:"ci_low,omitempty"`
	CIHigh *float64 `json:"ci_high,omitempty"`
}

type scoreOutput struct {
	Method      string          `json:"method"`
	Items       []scoreItemJSON `json:"items"`
	ScoreMethod string          `json:"score_method"`
	CIMethod    string          `json:"ci_method"` // respondent-sandwich, model, bootstrap or none
	Level       float64         `json:"level,omitempty"`
	Regularised bool            `json:"regularised"`
	*judgmentInfo
}

func scoreJSON(s ranking.ScoreResult, bt ranking.BTResult, boot *ranking.BootstrapResult) *scoreOutput {
	out := &scoreOutput{Method: "score", ScoreMethod: string(s.Method), CIMethod: ranking.CIMethodNone, Regularised: bt.Regularised && s.Method == ranking.ScoreBT}
	if s.HasCI {
		out.CIMethod, out.Level = bt.CIMethod, s.Level
	}
	if boot.HasBT() { // when every resample failed, the Fisher intervals (if any) stay
		out.CIMethod, out.Level = "bootstrap", boot.Level
	}
	for i, it := range s.Items {
		item := scoreItemJSON{ID: it.ID, Score: it.Score}
		switch {
		case boot.HasBT():
			item.CILow, item.CIHigh = finite(boot.Items[i].Score.Low), finite(boot.Items[i].Score.High)
		case s.HasCI:
			item.CILow, item.CIHigh = finite(it.CILow), finite(it.CIHigh)
		}
		out.Items = append(out.Items, item)
	}
	return out
}

type ahpItemJSON struct {
	ID              string   `json:"id"`
	PriorityEigen   float64  `json:"priority_eigen"`
	PriorityGeomean float64  `json:"priority_geomean"`
	EigenCILow      *float64 `json:"eigen_ci_low,omitempty"`
	EigenCIHigh     *float64 `json:"eigen_ci_high,omitempty"`
	GeomeanCILow    *float64 `json:"geomean_ci_low,omitempty"`
	GeomeanCIHigh   *float64 `json:"geomean_ci_high,omitempty"`
}

type ahpOutput struct {
	Method        string        `json:"method"`
	Items         []ahpItemJSON `json:"items"`
	LambdaMax     *float64      `json:"lambda_max"`
	CI            *float64      `json:"ci"`
	CR            *float64      `json:"cr"`
	Complete      bool          `json:"complete"`
	RandomIndex   string        `json:"random_index"`
	LambdaGeomean *float64      `json:"lambda_geomean,omitempty"`
	CIMethod      string        `json:"ci_method"` // respondent-sandwich, bootstrap or none
	Level         float64       `json:"level,omitempty"`
	*judgmentInfo
}

func ahpJSON(r ranking.AHPResult, boot *ranking.BootstrapResult) *ahpOutput {
	out := &ahpOutput{Method: "ahp", Complete: r.Complete, RandomIndex: string(r.RandomIndex), CIMethod: ranking.CIMethodNone}
	if r.Complete {
		out.LambdaMax, out.CI, out.LambdaGeomean = finite(r.LambdaMax), finite(r.CI), finite(r.LambdaGeomean)
	}
	if r.HasCR {
		out.CR = finite(r.CR)
	}
	// Intervals from boot when a resample gave priorities, else those r
	// carries (respondent-level, or bootstrap already copied in by Rank).
	switch {
	case boot.HasAHP():
		out.CIMethod, out.Level = ranking.CIMethodBootstrap, boot.Level
	case r.HasCI:
		out.CIMethod, out.Level = r.CIMethod, r.Level
	}
	for i, it := range r.Items {
		item := ahpItemJSON{ID: it.ID, PriorityEigen: it.PriorityEigen, PriorityGeomean: it.PriorityGeomean}
		switch {
		case boot.HasAHP():
			b := boot.Items[i]
			item.EigenCILow, item.EigenCIHigh = finite(b.PriorityEigen.Low), finite(b.PriorityEigen.High)
			item.GeomeanCILow, item.GeomeanCIHigh = finite(b.PriorityGeomean.Low), finite(b.PriorityGeomean.High)
		case r.HasCI:
			item.EigenCILow, item.EigenCIHigh = finite(it.EigenCILow), finite(it.EigenCIHigh)
			item.GeomeanCILow, item.GeomeanCIHigh = finite(it.GeomeanCILow), finite(it.GeomeanCIHigh)
		}
		out.Items = append(out.Items, item)
	}
	return out
}

// finite returns &x, or nil (JSON null) for NaN and infinities.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
