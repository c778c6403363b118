package response

import (
	"sort"
	"strconv"
	"strings"

	"github.com/vfv/vfv/internal/survey"
)

// GroupAll names the counters of every respondent of a campaign; a target
// group's counters are named "g:" + its id.
const GroupAll = "all"

// Answer is a stored answer as the counters see it.
type Answer struct {
	Date       string
	Lang       string
	Background map[string]string
	Judgments  []Weighed
	HasStory   bool
}

// Weighed is one judgment of a stored answer: A shown first, Value
// negative for A, Skip for "can't decide".
type Weighed struct {
	A, B  string
	Value int
	Skip  bool
}

// Increment is what one answer adds to the counters of one group.
type Increment struct {
	// Group is GroupAll or "g:" + a target group's id.
	Group  string
	Fields map[string]int64
}

// Counter field names. Pair fields hold integer histograms, so counters
// kept incrementally equal a recount exactly, and the mapping from the
// scale to wins stays a choice made when results are computed.
const (
	// FieldRespondents counts respondents.
	FieldRespondents = "n"
	// FieldStories counts answers with a story (GroupAll only).
	FieldStories = "stories"
	// FieldJudges counts respondents who made at least one judgment (a
	// pair not answered "vet inte"): the people behind a set's judgment
	// figures, which the release rule counts apart from its members
	// (release.Judgments, docs/privacy.md).
	FieldJudges = "j"
	// FieldJudgesCounted, in day counters only, counts every respondent
	// counted since FieldJudges existed, judge or not: a day whose count
	// differs from FieldRespondents holds answers counted before, whose
	// judges are unknown to the counters.
	FieldJudgesCounted = "jn"
)

// Judged reports whether an answer holds at least one judgment, i.e.
// whether its respondent counts in FieldJudges.
func Judged(js []Weighed) bool {
	for _, j := range js {
		if !j.Skip {
			return true
		}
	}
	return false
}

// PairField names the counter of answers that weighed items a and b with
// value v (from the lexicographically smaller item's side: negative
// favours a), or skipped the pair when skip.
func PairField(a, b string, v int, skip bool) string {
	if a > b {
		a, b, v = b, a, -v
	}
	if skip {
		return "p|" + a + "|" + b + "|s"
	}
	return "p|" + a + "|" + b + "|" + strconv.Itoa(v)
}

// DayField counts answers stored on a day (GroupAll only).
func DayField(date string) string { return "d|" + date }

// DayOfField returns the date of a DayField; ok is false for any other
// field.
func DayOfField(f string) (date string, ok bool) { return strings.CutPrefix(f, "d|") }

// CountsJudges reports whether a day's counters count the judges of all
// its respondents: answers counted by a vfv before FieldJudges existed
// are not (a recount rewrites them; until then results read the day from
// its responses).
func CountsJudges(day map[string]int64) bool {
	return day[FieldJudgesCounted] == day[FieldRespondents]
}

// BackgroundField counts answers giving an answer to a background question
// (GroupAll only).
func BackgroundField(question, answer string) string { return "bg|" + question + "|" + answer }

// LangField counts answers given in a language (GroupAll only).
func LangField(lang string) string { return "lang|" + lang }

// GroupKey is the counter group name of a target group.
func GroupKey(groupID string) string { return "g:" + groupID }

// Increments returns what a answers adds to the counters of the campaign
// as a whole and of every target group of sv it belongs to.
func Increments(sv *survey.Survey, a Answer) []Increment {
	pairs := map[string]int64{FieldRespondents: 1}
	for _, j := range a.Judgments {
		pairs[PairField(j.A, j.B, j.Value, j.Skip)]++
	}
	if Judged(a.Judgments) {
		pairs[FieldJudges] = 1
	}
	all := make(map[string]int64, len(pairs)+8)
	for k, v := range pairs {
		all[k] = v
	}
	all[DayField(a.Date)]++
	if a.Lang != "" {
		all[LangField(a.Lang)]++
	}
	for q, ans := range a.Background {
		all[BackgroundField(q, ans)]++
	}
	if a.HasStory {
		all[FieldStories]++
	}
	out := []Increment{{Group: GroupAll, Fields: all}}
	for _, g := range sv.Groups {
		if g.Matches(a.Background) {
			out = append(out, Increment{Group: GroupKey(g.ID), Fields: pairs})
		}
	}
	if a.Date != "" {
		out = append(out, Increment{Group: DayGroup(a.Date), Fields: dayFields(sv, a, pairs)})
	}
	return out
}

// DayGroup names the counters of one day's answers, from which the
// release batches are built (internal/release): everything the release
// rule and the released figures need, per day.
func DayGroup(date string) string { return "day:" + date }

// Day counter fields: a target group's respondents and pairs are prefixed
// with its key and "|" (DayGroupField); each answer's sets, as one
// signature field, count the atoms the release rule works on; a second
// one (JudgeSigField) counts those of the respondents who judged.
const (
	sigPrefix      = "sig|"
	judgeSigPrefix = "jsig|"
)

// DayGroupField names a target group's field in a day's counters.
func DayGroupField(groupKey, field string) string { return groupKey + "|" + field }

// SigField names the count of respondents who belong to exactly sets.
func SigField(sets []string) string { return sigPrefix + strings.Join(sets, ",") }

// JudgeSigField names the count of respondents who belong to exactly
// sets and made at least one judgment (Judged).
func JudgeSigField(sets []string) string { return judgeSigPrefix + strings.Join(sets, ",") }

// ParseSigField returns the sets of a signature field; ok is false for
// any other field.
func ParseSigField(f string) (sets []string, ok bool) { return parseSig(f, sigPrefix) }

// ParseJudgeSigField returns the sets of a judges' signature field
// (JudgeSigField); ok is false for any other field.
func ParseJudgeSigField(f string) (sets []string, ok bool) { return parseSig(f, judgeSigPrefix) }

func parseSig(f, prefix string) ([]string, bool) {
	rest, ok := strings.CutPrefix(f, prefix)
	if !ok {
		return nil, false
	}
	if rest == "" {
		return []string{}, true
	}
	return strings.Split(rest, ","), true
}

func dayFields(sv *survey.Survey, a Answer, pairs map[string]int64) map[string]int64 {
	out := make(map[string]int64, 4*len(pairs))
	for k, v := range pairs {
		out[k] = v
	}
	sets := Sets(sv, a.Background)
	out[SigField(sets)]++
	out[FieldJudgesCounted]++
	if pairs[FieldJudges] > 0 {
		out[JudgeSigField(sets)]++
	}
	for _, set := range sets {
		if strings.HasPrefix(set, "g:") {
			for k, v := range pairs {
				out[DayGroupField(set, k)] += v
			}
		} else {
			out[set]++
		}
	}
	return out
}

// Sets lists, sorted, the sets a respondent with this background belongs
// to besides everyone: their target groups ("g:" + id) and background
// answers (BackgroundField). Figures staff see are about these sets.
func Sets(sv *survey.Survey, background map[string]string) []string {
	var sets []string
	for _, g := range Groups(sv, background) {
		sets = append(sets, GroupKey(g))
	}
	for _, q := range sv.Background {
		if a, ok := background[q.ID]; ok && a != "" {
			sets = append(sets, BackgroundField(q.ID, a))
		}
	}
	sort.Strings(sets)
	return sets
}

// TopItem is the item a respondent weighted highest: the largest average
// share of a win over the pairs it appeared in (the preferred item of a
// judgment gets (1 + |v|/steps)/2, the other the rest; "equal" is half
// each; skips count for neither). Ties go to the item listed first in the
// survey; "" when nothing was weighed.
func TopItem(sv *survey.Survey, js []Weighed) string {
	wins := map[string]float64{}
	seen := map[string]float64{}
	steps := float64(sv.Scale.Steps)
	for _, j := range js {
		if j.Skip {
			continue
		}
		x := float64(abs(j.Value)) / steps
		pref, other := (1+x)/2, (1-x)/2
		switch {
		case j.Value < 0:
			wins[j.A] += pref
			wins[j.B] += other
		case j.Value > 0:
			wins[j.A] += other
			wins[j.B] += pref
		default:
			wins[j.A] += 0.5
			wins[j.B] += 0.5
		}
		seen[j.A]++
		seen[j.B]++
	}
	best, bestAvg := "", -1.0
	for _, it := range sv.Items {
		if seen[it.ID] == 0 {
			continue
		}
		if avg := wins[it.ID] / seen[it.ID]; avg > bestAvg {
			best, bestAvg = it.ID, avg
		}
	}
	return best
}

// Groups lists the ids of the target groups of sv that background matches.
func Groups(sv *survey.Survey, background map[string]string) []string {
	out := []string{}
	for _, g := range sv.Groups {
		if g.Matches(background) {
			out = append(out, g.ID)
		}
	}
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
