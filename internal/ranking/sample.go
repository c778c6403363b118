package ranking

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Sample collects judgments respondent by respondent, with the groups each
// respondent belongs to, for ranking everyone or one group with
// respondent-level intervals (Rank, RankGroup), comparing groups
// (CompareGroups) and measuring each respondent's consistency
// (Consistency). Each respondent is reduced to one entry per judged pair as
// they are added, so a sample of 100,000 respondents with 15 judgments each
// holds about 40 MB. A Sample is not safe for concurrent Adds; its
// read-only methods may run concurrently once adding is done.
type Sample struct {
	items  []string
	index  map[string]int
	scale  Scale
	rs     respondents // in order of Add
	seen   map[string]int32
	groups []string
	gindex map[string]int
	member []uint64   // per respondent: bit k set when in groups[k]
	counts [][2]int32 // per respondent: judgments and skips
	buf    []respEntry
}

// MaxGroups is the number of distinct groups a Sample can hold.
const MaxGroups = 64

// Errors from building a Sample or choosing groups.
var (
	ErrDuplicateRespondent = errors.New("respondent added twice")
	ErrEmptyRespondent     = errors.New("empty respondent id")
	ErrTooManyGroups       = fmt.Errorf("more than %d groups", MaxGroups)
	ErrUnknownGroup        = errors.New("unknown group")
	ErrNestedGroups        = errors.New("one group contains the other; compare a group with the rest (ranking.Rest) instead")
	ErrTooFewRespondents   = errors.New("fewer than two respondents")
)

// Rest names the complement of a group in CompareGroups: every respondent
// of the sample who is not in it.
const Rest = "rest"

// NewSample returns an empty sample over items (in that order) and scale.
func NewSample(items []string, scale Scale) (*Sample, error) {
	if len(items) < 2 {
		return nil, fmt.Errorf("ranking: sample: %d items: %w", len(items), ErrTooFewItems)
	}
	scale, err := scale.withDefaults()
	if err != nil {
		return nil, err
	}
	index, err := indexItems(items)
	if err != nil {
		return nil, err
	}
	return &Sample{
		items: slices.Clone(items), index: index, scale: scale,
		rs:   respondents{n: len(items), start: []int{0}},
		seen: make(map[string]int32), gindex: make(map[string]int),
	}, nil
}

// NewSampleFromJudgments groups judgments by respondent into a Sample;
// groupsOf (nil for none) names each respondent's groups. Items nil means
// every item named, sorted.
func NewSampleFromJudgments(js []Judgment, items []string, scale Scale, groupsOf func(respondent string) []string) (*Sample, error) {
	if items == nil {
		items = ItemsOf(js)
	}
	s, err := NewSample(items, scale)
	if err != nil {
		return nil, err
	}
	ids, who := numberRespondents(js) // ids sorted
	start := make([]int, len(ids)+1)
	for _, r := range who {
		start[r+1]++
	}
	for r := range ids {
		start[r+1] += start[r]
	}
	byResp := make([]int32, len(js))
	fill := slices.Clone(start[:len(ids)])
	for k, r := range who {
		byResp[fill[r]] = int32(k)
		fill[r]++
	}
	var one []Judgment
	for r, id := range ids {
		one = one[:0]
		for _, k := range byResp[start[r]:start[r+1]] {
			one = append(one, js[k])
		}
		var gs []string
		if groupsOf != nil {
			gs = groupsOf(id)
		}
		if err := s.Add(id, gs, one); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Add adds one respondent's judgments (their Respondent field is ignored)
// and the groups they belong to. A respondent may be added once; a
// respondent without judgments counts as a respondent but adds no
// information.
func (s *Sample) Add(respondent string, groups []string, js []Judgment) error {
	if respondent == "" {
		return fmt.Errorf("ranking: sample: %w", ErrEmptyRespondent)
	}
	if _, dup := s.seen[respondent]; dup {
		return fmt.Errorf("ranking: sample: respondent %q: %w", respondent, ErrDuplicateRespondent)
	}
	var mask uint64
	for _, g := range groups {
		k, ok := s.gindex[g]
		if !ok {
			if len(s.groups) == MaxGroups {
				return fmt.Errorf("ranking: sample: group %q: %w", g, ErrTooManyGroups)
			}
			k = len(s.groups)
			s.gindex[g] = k
			s.groups = append(s.groups, g)
		}
		mask |= 1 << k
	}
	n := len(s.items)
	buf := s.buf[:0]
	judged, skipped := 0, 0
	for k, j := range js {
		a, b, x, err := checkJudgment(j, s.index, s.scale)
		if err != nil {
			return fmt.Errorf("ranking: sample: respondent %q, judgment %d: %w", respondent, k, err)
		}
		if j.Skip {
			skipped++
			continue
		}
		judged++
		wa, wb := s.scale.wins(j.Value, x)
		lr := s.scale.logRatio(j.Value, x)
		if a > b {
			a, b, wa, wb, lr = b, a, wb, wa, -lr
		}
		buf = append(buf, respEntry{pair: int32(a*n + b), wij: wa, wji: wb, lr: lr, count: 1})
	}
	s.rs.appendEntries(buf)
	s.buf = buf
	s.rs.start = append(s.rs.start, len(s.rs.pair))
	s.rs.judgments += judged
	s.rs.skipped += skipped
	s.seen[respondent] = int32(len(s.rs.ids))
	s.rs.ids = append(s.rs.ids, respondent)
	s.member = append(s.member, mask)
	s.counts = append(s.counts, [2]int32{int32(judged), int32(skipped)})
	return nil
}

// Items returns the items in result order.
func (s *Sample) Items() []string { return slices.Clone(s.items) }

// Respondents returns the number of respondents added.
func (s *Sample) Respondents() int { return len(s.rs.ids) }

// Groups returns the groups named so far, in order of first appearance.
func (s *Sample) Groups() []string { return slices.Clone(s.groups) }

// Rank ranks every respondent's judgments as Rank does (opts.Items and
// opts.Scale are ignored: the sample's are used).
func (s *Sample) Rank(opts Options) (Result, error) {
	return s.rankView(s.view(func(int) bool { return true }), opts)
}

// RankGroup ranks the judgments of the respondents in group; Rest is not
// a group here.
func (s *Sample) RankGroup(group string, opts Options) (Result, error) {
	in, err := s.selector(group)
	if err != nil {
		return Result{}, err
	}
	return s.rankView(s.view(in), opts)
}

func (s *Sample) rankView(rs *respondents, opts Options) (Result, error) {
	opts.Items = s.items
	res, rs, cfg, err := rankWith(s.items, opts, func(Scale) (*respondents, error) { return rs, nil })
	if err != nil {
		return Result{}, err
	}
	return withIntervals(res, rs, cfg, opts), nil
}

// selector returns the membership test of a named group.
func (s *Sample) selector(group string) (func(r int) bool, error) {
	k, ok := s.gindex[group]
	if !ok {
		return nil, fmt.Errorf("ranking: group %q: %w", group, ErrUnknownGroup)
	}
	bit := uint64(1) << k
	return func(r int) bool { return s.member[r]&bit != 0 }, nil
}

// view returns the respondents for which in is true, ordered by id (so that
// bootstrap resamples do not depend on the order of Add), with orig[k] the
// sample position of the k-th.
func (s *Sample) view(in func(r int) bool) *respondents {
	sel := make([]int32, 0, len(s.rs.ids))
	for r := range s.rs.ids {
		if in(r) {
			sel = append(sel, int32(r))
		}
	}
	slices.SortFunc(sel, func(a, b int32) int { return cmp.Compare(s.rs.ids[a], s.rs.ids[b]) })
	src := &s.rs
	size := 0
	for _, r := range sel {
		size += src.start[r+1] - src.start[r]
	}
	rs := &respondents{
		n: src.n, ids: make([]string, len(sel)), start: make([]int, 1, len(sel)+1), orig: sel,
		pair: make([]int32, 0, size), wij: make([]float64, 0, size), wji: make([]float64, 0, size), lr: make([]float64, 0, size),
	}
	for k, r := range sel {
		rs.ids[k] = src.ids[r]
		a, b := src.start[r], src.start[r+1]
		rs.pair = append(rs.pair, src.pair[a:b]...)
		rs.wij = append(rs.wij, src.wij[a:b]...)
		rs.wji = append(rs.wji, src.wji[a:b]...)
		rs.lr = append(rs.lr, src.lr[a:b]...)
		rs.start = append(rs.start, len(rs.pair))
	}
	for _, r := range sel {
		rs.judgments += int(s.counts[r][0])
		rs.skipped += int(s.counts[r][1])
	}
	return rs
}
