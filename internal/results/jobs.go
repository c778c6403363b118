package results

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// ResponseStreamer reads a campaign's responses; *store.Store implements it.
type ResponseStreamer interface {
	StreamResponses(ctx context.Context, campaign string, fn func(store.Response) error) error
}

// Job kinds.
const (
	// KindBootstrap: percentile intervals by resampling respondents.
	KindBootstrap = "bootstrap"
	// KindCompare: the difference in share points between a target group
	// and another (or the rest, B = ranking.Rest) per item, with
	// simultaneous respondent-level intervals over all items
	// (ranking.CompareGroups) and a mark where one excludes 0.
	KindCompare = "compare"
)

// JobSpec says what a bootstrap job computes.
type JobSpec struct {
	Kind      string
	Survey    *survey.Survey
	Campaigns []string
	Method    string
	// Group (bootstrap) selects a target group ("" or "all" is everyone);
	// A and B (compare) are the target groups compared, B may be
	// ranking.Rest (everyone else in the batches A is shown in) — never
	// everyone, which contains A.
	Group, A, B string
	Resamples   int
	Seed        uint64
	Lang        string
	// Owner is the e-mail of the staff member who started it; only they
	// read it.
	Owner string
	// Projects are the projects of Campaigns: the owner reads the result
	// only while still allowed to read results in each (the caller checks,
	// with Job.Projects).
	Projects []string
}

// Job is a running or finished bootstrap.
type Job struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	State string `json:"state"` // "reading", "resampling", "done", "failed"
	// Done and Total count resamples, so a client can show progress.
	Done   int64  `json:"done"`
	Total  int64  `json:"total"`
	Error  string `json:"error,omitempty"`
	Result any    `json:"result,omitempty"`
	// Projects are the job's projects (JobSpec.Projects), for the check
	// of who may still read it; not sent.
	Projects []string `json:"-"`
	owner    string
	ended    time.Time
}

// Jobs runs bootstrap jobs in the background, one at a time per server
// (they use every core), and keeps finished ones for an hour. Jobs live in
// this process's memory: a restart loses them, and the client starts again.
type Jobs struct {
	svc     *Service
	mu      sync.Mutex
	jobs    map[string]*jobState
	sem     chan struct{}
	baseCtx context.Context
	gauge   Gauge
}

// Gauge counts jobs queued or running (a Prometheus gauge).
type Gauge interface {
	Inc()
	Dec()
}

// SetGauge makes the runner count its jobs in g.
func (j *Jobs) SetGauge(g Gauge) { j.gauge = g }

type jobState struct {
	mu   sync.Mutex
	job  Job
	done atomic.Int64
}

// ErrJobNotFound is returned for an unknown (or someone else's) job.
var ErrJobNotFound = errors.New("job not found")

// ErrTooManyJobs is returned when an owner already has
// MaxActiveJobsPerOwner jobs queued or running.
var ErrTooManyJobs = errors.New("too many jobs queued or running")

// MaxActiveJobsPerOwner bounds the jobs one person may have queued or
// running at once: jobs run one at a time per server, so one person's
// queue would hold up everyone else's.
const MaxActiveJobsPerOwner = 3

// NewJobs returns a job runner reading the released responses of svc
// (Service.StreamReleased) under its small-group rule (Service.Shown).
// Jobs stop when ctx ends.
func NewJobs(ctx context.Context, svc *Service) *Jobs {
	return &Jobs{svc: svc, jobs: map[string]*jobState{}, sem: make(chan struct{}, 1), baseCtx: ctx}
}

// MaxResamples bounds a job's resamples.
const MaxResamples = 5000

// Start checks spec and starts a job.
func (j *Jobs) Start(spec JobSpec) (Job, error) {
	if spec.Resamples == 0 {
		spec.Resamples = ranking.DefaultResamples // docs/ranking.md: reports use at least 1000
	}
	if spec.Resamples < 10 || spec.Resamples > MaxResamples {
		return Job{}, badQuery("resamples", "resamples must be between 10 and %d", MaxResamples)
	}
	if spec.Method == "" {
		spec.Method = MethodBT
	}
	if spec.Kind != KindBootstrap && spec.Kind != KindCompare {
		return Job{}, badQuery("kind", "kind must be bootstrap or compare")
	}
	for _, g := range []struct{ field, id string }{{"group", spec.Group}, {"a", spec.A}, {"b", spec.B}} {
		if g.id != "" && g.id != "all" && !(g.field == "b" && g.id == ranking.Rest) {
			if _, ok := spec.Survey.Group(g.id); !ok {
				return Job{}, badQuery(g.field, "survey %s has no target group %q", spec.Survey.ID, g.id)
			}
		}
	}
	if spec.Kind == KindCompare && (spec.A == "" || spec.A == "all" || spec.B == "" || spec.B == "all" || spec.A == spec.B) {
		return Job{}, badQuery("b", "compare needs a target group a and another group or rest as b (everyone contains a)")
	}
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	total := spec.Resamples
	if spec.Kind == KindCompare {
		total = 1 // no resamples: done once computed
	}
	st := &jobState{job: Job{ID: hex.EncodeToString(id), Kind: spec.Kind, State: "reading", Total: int64(total),
		Projects: spec.Projects, owner: spec.Owner}}
	j.mu.Lock()
	j.gc()
	if j.active(spec.Owner) >= MaxActiveJobsPerOwner {
		j.mu.Unlock()
		return Job{}, ErrTooManyJobs
	}
	j.jobs[st.job.ID] = st
	j.mu.Unlock()
	go j.run(st, spec)
	return st.snapshot(), nil
}

// active counts owner's jobs queued or running (called with j.mu held).
func (j *Jobs) active(owner string) int {
	n := 0
	for _, st := range j.jobs {
		if job := st.snapshot(); job.owner == owner && job.ended.IsZero() {
			n++
		}
	}
	return n
}

// Get returns a job of owner.
func (j *Jobs) Get(id, owner string) (Job, error) {
	j.mu.Lock()
	st, ok := j.jobs[id]
	j.mu.Unlock()
	if !ok || st.job.owner != owner {
		return Job{}, ErrJobNotFound
	}
	return st.snapshot(), nil
}

func (st *jobState) snapshot() Job {
	st.mu.Lock()
	defer st.mu.Unlock()
	j := st.job
	j.Done = st.done.Load()
	return j
}

func (st *jobState) set(f func(j *Job)) {
	st.mu.Lock()
	f(&st.job)
	st.mu.Unlock()
}

// gc drops jobs finished over an hour ago (called with j.mu held).
func (j *Jobs) gc() {
	for id, st := range j.jobs {
		if e := st.snapshot().ended; !e.IsZero() && time.Since(e) > time.Hour {
			delete(j.jobs, id)
		}
	}
}

func (j *Jobs) run(st *jobState, spec JobSpec) {
	if j.gauge != nil {
		j.gauge.Inc()
		defer j.gauge.Dec()
	}
	select {
	case j.sem <- struct{}{}:
	case <-j.baseCtx.Done(): // shutting down before its turn came
		st.set(func(job *Job) { job.ended, job.State, job.Error = time.Now(), "failed", "the server is shutting down" })
		return
	}
	defer func() { <-j.sem }()
	res, err := j.compute(st, spec)
	st.set(func(job *Job) {
		job.ended = time.Now()
		if err != nil {
			job.State, job.Error = "failed", err.Error()
			return
		}
		job.State, job.Result = "done", res
	})
}

func (j *Jobs) compute(st *jobState, spec JobSpec) (any, error) {
	ctx := j.baseCtx
	sv := spec.Survey
	shown, err := j.svc.Shown(ctx, sv, spec.Campaigns)
	if err != nil {
		return nil, err
	}
	groups := []string{spec.Group}
	if spec.Kind == KindCompare {
		groups = []string{spec.A}
		if spec.B != ranking.Rest {
			groups = append(groups, spec.B)
		}
	}
	for _, g := range groups {
		key := response.GroupAll
		if g != "" && g != "all" {
			key = response.GroupKey(g)
		}
		if !shown[key] {
			return nil, fmt.Errorf("group %q has too few answers, or too few who made a comparison, to be shown", g)
		}
	}
	if spec.Kind == KindCompare {
		return j.compare(st, spec)
	}
	var js []ranking.Judgment
	err = j.svc.StreamReleased(ctx, sv, spec.Campaigns, func(r store.Response, b *Batch, in []string) error {
		g := spec.Group
		if !b.Judged(response.GroupAll) || g != "" && g != "all" && !b.Judged(response.GroupKey(g)) {
			return nil // judgments of too few to show (release.Judgments)
		}
		if g == "" || g == "all" || slices.Contains(in, response.GroupKey(g)) {
			for _, jd := range r.Judgments {
				js = append(js, ranking.Judgment{Respondent: r.ID, A: jd.A, B: jd.B, Value: float64(jd.Value), Skip: jd.Skip})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	st.set(func(job *Job) { job.State, job.Total = "resampling", int64(spec.Resamples) })
	items := make([]string, len(sv.Items))
	for i, it := range sv.Items {
		items[i] = it.ID
	}
	opts := ranking.Options{Items: items, Scale: ranking.Scale{Steps: sv.Scale.Steps}, Bootstrap: ranking.BootstrapOptions{
		Resamples: spec.Resamples, Seed: spec.Seed,
		Progress:  func(int, int) { st.done.Add(1) },
		Cancelled: func() bool { return ctx.Err() != nil },
	}}
	b, err := ranking.Bootstrap(js, opts)
	if err != nil {
		return nil, err
	}
	return bootstrapResult(sv, spec, b), nil
}

// compare computes a compare job from the released respondents: A against
// B, or against the rest of the batches A is shown in (as the results'
// own comparisons, Analysis).
func (j *Jobs) compare(st *jobState, spec JobSpec) (any, error) {
	ctx := j.baseCtx
	sv := spec.Survey
	sel, err := j.svc.Select(ctx, sv, spec.Campaigns, "", "")
	if err != nil {
		return nil, err
	}
	a := response.GroupKey(spec.A)
	groups := []string{a}
	b := restOf(a)
	if spec.B != ranking.Rest {
		b = response.GroupKey(spec.B)
		groups = append(groups, b)
	}
	sample, err := j.svc.gather(ctx, sv, spec.Campaigns, sel, groups, nil)
	if err != nil {
		return nil, err
	}
	gc, err := sample.CompareGroups(a, b, ranking.CompareOptions{Seed: spec.Seed})
	if err != nil {
		return nil, err
	}
	if gc.RespondentsA < sv.MinGroupSize || gc.RespondentsB < sv.MinGroupSize {
		return nil, fmt.Errorf("group %q or %q has too few answers to be compared", spec.A, spec.B)
	}
	st.done.Add(1)
	return compareResult(sv, spec, gc), nil
}

// IntervalItem is one item's bootstrap interval (0–100 scale).
type IntervalItem struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
}

// opt rounds x, or is nil when no resample produced it (NaN).
func opt(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return ptr(round(x))
}

// BootstrapResult is the result of a bootstrap job. CIMethod is
// "bootstrap" when resamples gave the method's intervals, "none" when
// every one failed (then no interval is given).
type BootstrapResult struct {
	Method      string         `json:"method"`
	CIMethod    string         `json:"ci_method"`
	Group       string         `json:"group,omitempty"`
	Resamples   int            `json:"resamples"`
	Seed        uint64         `json:"seed"`
	Respondents int            `json:"respondents"`
	Items       []IntervalItem `json:"items"`
}

func pick(method string, share, score, eigen ranking.Interval) ranking.Interval {
	switch method {
	case MethodScore:
		return score
	case MethodAHP:
		return ranking.Interval{Low: 100 * eigen.Low, High: 100 * eigen.High}
	}
	return share
}

func bootstrapResult(sv *survey.Survey, spec JobSpec, b ranking.BootstrapResult) BootstrapResult {
	r := BootstrapResult{Method: spec.Method, Group: spec.Group, Resamples: b.Resamples, Seed: b.Seed, Respondents: b.Respondents, CIMethod: CIMethodNone}
	has := b.HasBT()
	if spec.Method == MethodAHP {
		has = b.HasAHP()
	}
	if has {
		r.CIMethod = ranking.CIMethodBootstrap
	}
	for i, it := range b.Items {
		iv := pick(spec.Method, it.Share, it.Score, it.PriorityEigen)
		r.Items = append(r.Items, IntervalItem{ID: it.ID, Label: sv.Items[i].Label.In(spec.Lang), CILow: opt(iv.Low), CIHigh: opt(iv.High)})
	}
	return r
}

// DiffItem is one item's difference between groups A and B in share
// points, with its simultaneous interval; ExcludesZero marks a clear
// difference, Detectable the smallest the data could have marked.
type DiffItem struct {
	ID           string   `json:"id"`
	Label        string   `json:"label"`
	A            float64  `json:"a"`
	B            float64  `json:"b"`
	Diff         float64  `json:"diff"`
	CILow        *float64 `json:"ci_low"`
	CIHigh       *float64 `json:"ci_high"`
	ExcludesZero bool     `json:"excludes_zero"`
	Detectable   float64  `json:"detectable"`
}

// CompareResult is the result of a compare job. Method is the results
// method the differences are in (bt: share points); CIMethod how the
// intervals were computed (ranking.CompareMethod).
type CompareResult struct {
	Method       string     `json:"method"`
	CIMethod     string     `json:"ci_method"`
	A            string     `json:"a"`
	B            string     `json:"b"`
	RespondentsA int        `json:"respondents_a"`
	RespondentsB int        `json:"respondents_b"`
	Resamples    int        `json:"resamples"`
	Seed         uint64     `json:"seed"`
	Items        []DiffItem `json:"items"`
}

func compareResult(sv *survey.Survey, spec JobSpec, c ranking.GroupComparison) CompareResult {
	r := CompareResult{Method: MethodBT, CIMethod: c.Method, A: spec.A, B: spec.B, RespondentsA: c.RespondentsA, RespondentsB: c.RespondentsB, Seed: spec.Seed}
	for i, it := range c.Items {
		r.Items = append(r.Items, DiffItem{ID: it.ID, Label: sv.Items[i].Label.In(spec.Lang), A: round(it.ShareA), B: round(it.ShareB),
			Diff: round(it.Difference), CILow: opt(it.CILow), CIHigh: opt(it.CIHigh), ExcludesZero: it.Clear, Detectable: round(it.Detectable)})
	}
	return r
}
