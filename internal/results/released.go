package results

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/release"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// Batch is one sealed release batch of a campaign with what it adds to
// every set shown in it: for everyone and each target group the counters
// (respondents and pair histograms), for each background answer its
// respondents. Sets withheld in the batch have no counters here at all.
type Batch struct {
	Campaign string
	From, To string
	N        int64
	Sets     map[string]map[string]int64
	Withheld map[string]string
	// Labels tells whether single respondents of the batch (a story) may
	// carry the labels of their target groups (release.Labels).
	Labels bool
	// atoms are the batch's respondents for release.Labels and Columns.
	atoms []release.Atom
	// judged are the sets whose judgment figures the batch shows
	// (release.Judgments); the others' counters here hold no judgment.
	judged map[string]bool
}

// Released is what of a campaign may be shown: its sealed batches, and
// how many respondents are not (yet) in one.
type Released struct {
	Campaign string
	Batches  []Batch
	// Pending counts the respondents stored but not released: today's,
	// and those of a batch still waiting for more answers.
	Pending int64
	// Version names the batches, so that caches change with a new batch.
	Version string
}

// releaseCache keeps each campaign's batches per survey version, day and
// number of respondents before today (a new past response, as from an
// import, recomputes them).
type releaseCache struct {
	mu sync.Mutex
	m  map[string]*Released
}

// Released returns the campaign's release batches, computed from its
// responses and cached; the rule is internal/release.
func (s *Service) Released(ctx context.Context, sv *survey.Survey, code string) (*Released, error) {
	today := s.today()
	all, err := s.counters.Counters(ctx, collect.CounterID(code, response.GroupAll))
	if err != nil {
		return nil, err
	}
	var past int64
	for f, n := range all {
		if d, ok := response.DayOfField(f); ok && d < today {
			past += n
		}
	}
	key := strings.Join([]string{code, sv.Version, today, itoa(past)}, "|")
	s.released.mu.Lock()
	r, ok := s.released.m[key]
	s.released.mu.Unlock()
	if !ok {
		if r, err = s.computeReleased(ctx, sv, code, today, all); err != nil {
			return nil, err
		}
		s.released.mu.Lock()
		if s.released.m == nil || len(s.released.m) > maxCached {
			s.released.m = map[string]*Released{}
		}
		s.released.m[key] = r
		s.released.mu.Unlock()
	}
	out := *r
	out.Pending = all[response.FieldRespondents] - released(r)
	if out.Pending < 0 {
		out.Pending = 0
	}
	return &out, nil
}

func released(r *Released) int64 {
	var n int64
	for _, b := range r.Batches {
		n += b.N
	}
	return n
}

// day is one day's counters parsed for the release rule: its atoms and
// its counters per set.
type day struct {
	date   string
	atoms  []release.Atom
	judges []release.Atom
	sets   map[string]map[string]int64
}

// parseDay reads a day's counter document (response.DayGroup).
func parseDay(date string, fields map[string]int64) day {
	d := day{date: date, sets: map[string]map[string]int64{}}
	add := func(set, f string, v int64) {
		if d.sets[set] == nil {
			d.sets[set] = map[string]int64{}
		}
		d.sets[set][f] += v
	}
	for f, v := range fields {
		if v == 0 {
			continue
		}
		if sets, ok := response.ParseSigField(f); ok {
			d.atoms = append(d.atoms, release.Atom{Sets: sets, N: int(v)})
			continue
		}
		if sets, ok := response.ParseJudgeSigField(f); ok {
			d.judges = append(d.judges, release.Atom{Sets: sets, N: int(v)})
			continue
		}
		switch {
		case f == response.FieldRespondents || f == response.FieldJudges || strings.HasPrefix(f, "p|"):
			add(response.GroupAll, f, v)
		case strings.HasPrefix(f, "bg|"):
			add(f, response.FieldRespondents, v)
		case strings.HasPrefix(f, "g:"):
			if set, field, ok := strings.Cut(f, "|"); ok {
				add(set, field, v)
			}
		}
	}
	for _, as := range [][]release.Atom{d.atoms, d.judges} {
		sort.Slice(as, func(i, j int) bool {
			return strings.Join(as[i].Sets, ",") < strings.Join(as[j].Sets, ",")
		})
	}
	return d
}

// judgmentField tells the counter fields computed from judgments (pair
// histograms, judges) from the members' count.
func judgmentField(f string) bool {
	return f == response.FieldJudges || strings.HasPrefix(f, "p|")
}

// batchSize is the least number of respondents in a batch: the survey's
// minimum group size, never below the default, so that a survey version
// that lowers it does not re-form the batches already released.
func batchSize(sv *survey.Survey) int { return max(sv.MinGroupSize, survey.DefaultMinGroupSize) }

// addInto adds fields to the counters of key in sums.
func addInto(sums map[string]map[string]int64, key string, fields map[string]int64) {
	sum := sums[key]
	if sum == nil {
		sum = make(map[string]int64, len(fields))
		sums[key] = sum
	}
	for f, v := range fields {
		sum[f] += v
	}
}

// computeReleased builds the campaign's batches from its day counters
// (one document per day, read by _id), or, where those are missing or
// disagree with the campaign's count of the day (counters from before
// they existed: `vfv recount` writes them), from its responses.
func (s *Service) computeReleased(ctx context.Context, sv *survey.Survey, code, today string, all map[string]int64) (*Released, error) {
	days, ok, err := s.daysFromCounters(ctx, code, today, all)
	if err != nil {
		return nil, err
	}
	if !ok {
		if days, err = s.daysFromResponses(ctx, sv, code, today); err != nil {
			return nil, err
		}
	}
	return assemble(sv, code, today, days), nil
}

func (s *Service) daysFromCounters(ctx context.Context, code, today string, all map[string]int64) ([]day, bool, error) {
	var days []day
	for f, n := range all {
		date, ok := response.DayOfField(f)
		if !ok || date >= today || n == 0 {
			continue
		}
		c, err := s.counters.Counters(ctx, collect.CounterID(code, response.DayGroup(date)))
		if err != nil {
			return nil, false, err
		}
		if c[response.FieldRespondents] != n || !response.CountsJudges(c) {
			return nil, false, nil
		}
		days = append(days, parseDay(date, c))
	}
	return days, true, nil
}

func (s *Service) daysFromResponses(ctx context.Context, sv *survey.Survey, code, today string) ([]day, error) {
	if s.responses == nil {
		return nil, nil
	}
	fields := map[string]map[string]int64{}
	err := s.responses.StreamResponses(ctx, code, func(r store.Response) error {
		if r.Date >= today {
			return nil
		}
		rsv, err := s.surveyOf(ctx, sv, r)
		if err != nil {
			return err
		}
		for _, inc := range response.Increments(rsv, collect.AnswerOf(r)) {
			if inc.Group != response.DayGroup(r.Date) {
				continue
			}
			addInto(fields, r.Date, inc.Fields)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var days []day
	for date, f := range fields {
		days = append(days, parseDay(date, f))
	}
	return days, nil
}

// assemble seals the days into batches and sums each batch's counters of
// the sets shown in it.
func assemble(sv *survey.Survey, code, today string, days []day) *Released {
	sort.Slice(days, func(i, j int) bool { return days[i].date < days[j].date })
	in := make([]release.Day, len(days))
	for i, d := range days {
		in[i] = release.Day{Date: d.date, Atoms: d.atoms}
	}
	bs, _ := release.Seal(in, release.Options{K: batchSize(sv), Today: today})
	out := &Released{Campaign: code}
	var version []string
	for _, b := range bs {
		rb := Batch{Campaign: code, From: b.From, To: b.To, N: int64(b.N), Sets: map[string]map[string]int64{}, Withheld: b.Withheld}
		var judges []release.Atom
		for _, d := range days {
			if d.date < b.From || d.date > b.To {
				continue
			}
			rb.atoms = append(rb.atoms, d.atoms...)
			judges = append(judges, d.judges...)
			for set, fields := range d.sets {
				if !b.Shown[set] {
					continue
				}
				addInto(rb.Sets, set, fields)
			}
		}
		rb.judged = release.Judgments(judges, b.Shown, batchSize(sv))
		for set, fields := range rb.Sets {
			if rb.judged[set] {
				continue
			}
			for f := range fields {
				if judgmentField(f) {
					delete(fields, f)
				}
			}
		}
		rb.Labels = release.Labels(rb.atoms, b.Shown, sv.MinGroupSize)
		out.Batches = append(out.Batches, rb)
		version = append(version, b.Key())
	}
	out.Version = code + ":" + strings.Join(version, ",")
	return out
}

// Selection is the released data of a scope and period: the sums per set
// over the selected batches, with what a reader needs to know about them.
type Selection struct {
	// Sets are summed counters per set key (response.GroupAll, target
	// groups, background answers), only from batches the set is shown in.
	Sets map[string]map[string]int64
	// Withheld gives, for a set left out of at least one selected batch
	// that has members of it, the reason (release.ReasonDifference wins
	// over release.ReasonFew).
	Withheld map[string]string
	// Version names the campaigns and batches selected (cache keys).
	Version string
	// From and To are the first and last day of the selected batches;
	// Through the last released day of the scope, Pending the respondents
	// of the scope not released yet.
	From, To, Through string
	Pending           int64
	Batches           []Batch
}

// Partial reports whether set is left out of some selected batch — for
// want of members or because it was withheld there, which it does not
// tell apart: whether a withheld week had 0 or 1..k-1 of the set is a
// figure about fewer than k.
func (s Selection) Partial(set string) bool {
	for _, b := range s.Batches {
		if b.Sets[set] == nil {
			return true
		}
	}
	return false
}

// PartialJudgments reports whether set's judgment figures leave out some
// selected batch (Batch.Judged) — for want of members or of judges, or
// withheld there, which it does not tell apart, as Partial.
func (s Selection) PartialJudgments(set string) bool {
	for i := range s.Batches {
		if !s.Batches[i].Judged(set) {
			return true
		}
	}
	return false
}

// ruleVersion names the release rule in every Selection.Version, so that
// intervals stored under an earlier rule (one that counted no judges) are
// computed again rather than shown.
const ruleVersion = "judges1"

// Select sums the released batches of the campaigns that lie wholly
// within [from, to] (either may be empty). Every figure shown to staff is
// computed from a Selection: this is the one place the release rule
// reaches every output (docs/privacy.md).
func (s *Service) Select(ctx context.Context, sv *survey.Survey, campaigns []string, from, to string) (Selection, error) {
	sel := Selection{Sets: map[string]map[string]int64{response.GroupAll: {}}, Withheld: map[string]string{}}
	var version []string
	for _, code := range campaigns {
		r, err := s.Released(ctx, sv, code)
		if err != nil {
			return Selection{}, err
		}
		version = append(version, r.Version)
		sel.Pending += r.Pending
		for _, b := range r.Batches {
			if b.To > sel.Through {
				sel.Through = b.To
			}
			if (from != "" && b.From < from) || (to != "" && b.To > to) {
				continue
			}
			sel.Batches = append(sel.Batches, b)
			if sel.From == "" || b.From < sel.From {
				sel.From = b.From
			}
			if b.To > sel.To {
				sel.To = b.To
			}
			for set, fields := range b.Sets {
				addInto(sel.Sets, set, fields)
			}
			for set, why := range b.Withheld {
				if sel.Withheld[set] != release.ReasonDifference {
					sel.Withheld[set] = why
				}
			}
		}
	}
	sort.Strings(version)
	sel.Version = ruleVersion + "|" + sv.Version + "|" + strings.Join(version, ";") + "|" + from + "|" + to
	return sel, nil
}

// StreamReleased calls fn with every released response of the campaigns
// (one in a sealed batch), with its batch and the sets it belongs to that
// are shown in the batch — under the survey version it was answered in,
// as the counters count it. A job or export that reads responses counts
// a respondent in a set only where sets holds it, exactly as the released
// figures do.
func (s *Service) StreamReleased(ctx context.Context, sv *survey.Survey, campaigns []string, fn func(r store.Response, b *Batch, sets []string) error) error {
	if s.responses == nil {
		return nil
	}
	for _, code := range campaigns {
		rel, err := s.Released(ctx, sv, code)
		if err != nil {
			return err
		}
		err = s.responses.StreamResponses(ctx, code, func(r store.Response) error {
			for i := range rel.Batches {
				b := &rel.Batches[i]
				if r.Date < b.From || r.Date > b.To {
					continue
				}
				rsv, err := s.surveyOf(ctx, sv, r)
				if err != nil {
					return err
				}
				sets := []string{response.GroupAll}
				for _, set := range response.Sets(rsv, r.Background) {
					if b.Sets[set] != nil {
						sets = append(sets, set)
					}
				}
				return fn(r, b, sets)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Judged reports whether the batch shows set's judgment figures
// (release.Judgments): a job or analysis that reads responses counts a
// respondent's judgments in set, or in its rest, only where it holds.
func (b *Batch) Judged(set string) bool { return b.judged[set] }

// JudgedSets is the batch's sets whose judgment figures it shows
// (release.Judgments), for release.Columns.
func (b *Batch) JudgedSets() map[string]bool {
	out := make(map[string]bool, len(b.judged))
	for set, ok := range b.judged {
		out[set] = ok
	}
	return out
}

// Atoms are the batch's respondents by the sets they belong to.
func (b *Batch) Atoms() []release.Atom { return b.atoms }

// Shown is the batch's shown sets (everyone included).
func (b *Batch) Shown() map[string]bool {
	out := map[string]bool{response.GroupAll: true}
	for set := range b.Sets {
		out[set] = true
	}
	return out
}
