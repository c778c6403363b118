package release

// Judgments applies the release rule to the judges of one batch: the
// respondents who made at least one judgment (a pair not answered "vet
// inte"), as atoms. It returns the sets whose judgment figures — shares,
// scores, priorities, intervals, comparisons, anything computed from
// judgments — may be shown for the batch.
//
// A set's members and its judges differ by those who skipped every pair:
// a shown group of k where k−1 skipped everything would show the one
// judge's own shares. So the judges of the sets that carry judgment
// figures (everyone and the target groups that shown, Decide's choice,
// holds) are checked by the same rule as members: 1..k−1 judges, or
// judges that a difference, sum or intersection of other sets' judges
// would single out, withhold the set's judgment figures in the batch. Its
// members (count, background answers, stories) stay as shown allows. A
// set with no judges has no judgment figure and is not in the result.
// Background answers carry no judgment figure and are left out.
func Judgments(judges []Atom, shown map[string]bool, k int) map[string]bool {
	if !shown[All] {
		return map[string]bool{}
	}
	atoms := make([]Atom, 0, len(judges))
	for _, a := range judges {
		var sets []string
		for _, s := range a.Sets {
			if IsGroup(s) && shown[s] {
				sets = append(sets, s)
			}
		}
		atoms = append(atoms, Atom{Sets: sets, N: a.N})
	}
	ok, _ := Decide(atoms, k)
	return ok
}
