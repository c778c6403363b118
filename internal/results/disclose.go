package results

import (
	"sort"

	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/survey"
)

// Disclose decides which of the groups (response.GroupAll and each target
// group, keyed as in the counters) may be shown, given their summed
// counters:
//
//   - a group with fewer respondents than the survey's minimum group size
//     is hidden, and so is one whose judgments come from fewer than that
//     many respondents (Judged);
//   - a hidden group must not be recoverable by subtraction: if everyone's
//     counters equal the hidden group's plus those of some set of shown
//     groups (the hidden group's complement is on screen, alone or as a
//     union of disjoint groups), the smallest group of that set is hidden
//     too, and the check repeats.
//
// Counters are compared field by field (respondents and every pair
// histogram cell), so the rule holds whatever the groups' definitions.
func Disclose(sv *survey.Survey, sets map[string]map[string]int64) map[string]bool {
	min := int64(sv.MinGroupSize)
	shown := map[string]bool{}
	keys := []string{}
	for _, g := range sv.Groups {
		keys = append(keys, response.GroupKey(g.ID))
	}
	all := sets[response.GroupAll]
	shown[response.GroupAll] = all[response.FieldRespondents] >= min && Judged(sv, all)
	for _, k := range keys {
		shown[k] = shown[response.GroupAll] && sets[k][response.FieldRespondents] >= min && Judged(sv, sets[k])
	}
	for changed := true; changed; {
		changed = false
		for _, hidden := range keys {
			// A group hidden for want of judges has enough members and
			// no judgment in its counters (each batch adds 0 or at least
			// k judges): nothing to recover.
			n := sets[hidden][response.FieldRespondents]
			if shown[hidden] || n == 0 || n >= min && !Judged(sv, sets[hidden]) {
				continue
			}
			if set := complementSet(hidden, keys, shown, sets); set != nil {
				sort.Slice(set, func(a, b int) bool {
					return sets[set[a]][response.FieldRespondents] < sets[set[b]][response.FieldRespondents]
				})
				shown[set[0]] = false
				changed = true
			}
		}
	}
	return shown
}

// ReasonJudges is why a set with enough members shows no figure computed
// from judgments: fewer than the minimum group size of them made at least
// one judgment (the others answered "vet inte" throughout), in the
// selected batches that show its judgments (release.Judgments).
const ReasonJudges = "judges"

// Judged reports whether figures computed from judgments — shares,
// scores, priorities, intervals, comparisons, order effect, consistency,
// summaries, charts — may be shown for a set, given its summed counters
// (Selection.Sets): whether at least the survey's minimum group size of
// its respondents judged a pair. This is the one home of that rule;
// Disclose applies it to every group. The counters sum only the batches
// where release.Judgments shows the set's judgments, each with 0 or at
// least k judges, so the count cannot be probed by difference either
// (docs/privacy.md, "Members who judged nothing").
func Judged(sv *survey.Survey, counters map[string]int64) bool {
	return counters[response.FieldJudges] >= int64(max(sv.MinGroupSize, 1))
}

// maxSubsetGroups bounds the subset search (2^12 sums); surveys with more
// target groups get only the first ones checked (documented limit).
const maxSubsetGroups = 12

// complementSet finds shown groups whose counters plus hidden's equal
// everyone's; nil when none (or when everyone is hidden). Surveys have few
// target groups, so every subset is tried.
func complementSet(hidden string, keys []string, shown map[string]bool, sets map[string]map[string]int64) []string {
	if !shown[response.GroupAll] {
		return nil
	}
	var cand []string
	for _, k := range keys {
		if shown[k] && k != hidden {
			cand = append(cand, k)
		}
	}
	if len(cand) > maxSubsetGroups {
		cand = cand[:maxSubsetGroups]
	}
	all := sets[response.GroupAll]
	for mask := 1; mask < 1<<len(cand); mask++ {
		sum := map[string]int64{}
		for f, v := range sets[hidden] {
			sum[f] += v
		}
		var set []string
		for i, k := range cand {
			if mask&(1<<i) != 0 {
				set = append(set, k)
				for f, v := range sets[k] {
					sum[f] += v
				}
			}
		}
		if equalCounts(sum, all) {
			return set
		}
	}
	return nil
}

func equalCounts(a, b map[string]int64) bool {
	for f, v := range a {
		if b[f] != v {
			return false
		}
	}
	for f, v := range b {
		if a[f] != v {
			return false
		}
	}
	return true
}
