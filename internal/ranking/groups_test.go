package ranking

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// groupSample is a 5-item survey of 600 respondents: the first 200 in
// group "a", the next 200 in "b", the rest in "c"; respondents 150–249 are
// also in "ab" (so "ab" overlaps both a and b). Group a prefers item 0
// more (shift on the log scale).
func groupSample(t *testing.T, shift float64) *Sample {
	t.Helper()
	beta := []float64{-0.8, -0.3, 0, 0.4, 0.7}
	shifted := append([]float64(nil), beta...)
	shifted[0] += shift
	c := simCell{items: 5, perResp: 6, respondents: 600, steps: 2, tau: 0.5}
	return simSample(rand.New(rand.NewPCG(11, 12)), c, func(r int) []float64 {
		if r < 200 {
			return shifted
		}
		return beta
	}, func(r int) []string {
		var gs []string
		switch {
		case r < 200:
			gs = append(gs, "a")
		case r < 400:
			gs = append(gs, "b")
		default:
			gs = append(gs, "c")
		}
		if r >= 150 && r < 250 {
			gs = append(gs, "ab")
		}
		return gs
	})
}

func TestCompareGroupsRefusesNestedAndUnknown(t *testing.T) {
	s := groupSample(t, 0)
	if err := s.Add("all", []string{"a", "everyone"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		a, b string
		want error
	}{
		{"a", "a", ErrNestedGroups},
		{"everyone", "a", ErrNestedGroups}, // "everyone" (one respondent) lies inside a
		{"a", "nobody", ErrUnknownGroup},
		{"everyone", Rest, ErrTooFewRespondents},
	} {
		t.Run(tc.a+" vs "+tc.b, func(t *testing.T) {
			if _, err := s.CompareGroups(tc.a, tc.b, CompareOptions{}); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestCompareGroupsDifferences: the differences are the groups' own shares
// subtracted; against the rest the complement is used; a clear mark
// needs the simultaneous interval to exclude 0; an overlap (shared
// respondents) makes the difference less uncertain than independent groups
// of the same sizes would.
func TestCompareGroupsDifferences(t *testing.T) {
	s := groupSample(t, 0.8)
	ra, err := s.RankGroup("a", Options{})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := s.RankGroup("b", Options{})
	if err != nil {
		t.Fatal(err)
	}
	gc, err := s.CompareGroups("a", "b", CompareOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if gc.Method != CompareMethod || gc.RespondentsA != 200 || gc.RespondentsB != 200 || gc.Shared != 0 || gc.DF != 199 {
		t.Fatalf("comparison %+v", gc)
	}
	if gc.Critical <= tQuantile(0.95, 199) || gc.Critical >= tQuantile(1-0.05/5, 199) {
		t.Errorf("critical value %v, want between the pointwise %v and Bonferroni's %v", gc.Critical, tQuantile(0.95, 199), tQuantile(1-0.05/5, 199))
	}
	for i, d := range gc.Items {
		want := ra.BT.Items[i].Share - rb.BT.Items[i].Share
		if math.Abs(d.Difference-want) > 1e-9 || math.Abs(d.ShareA-ra.BT.Items[i].Share) > 1e-9 {
			t.Errorf("%s: difference %v, want %v", d.ID, d.Difference, want)
		}
		if d.Clear != (d.CILow > 0 || d.CIHigh < 0) {
			t.Errorf("%s: clear %v with interval %v–%v", d.ID, d.Clear, d.CILow, d.CIHigh)
		}
		if math.Abs(d.Detectable-(gc.Critical+normalQuantile(0.6))*d.SE) > 1e-12 {
			t.Errorf("%s: detectable %v, want (c + z_0.8)·se", d.ID, d.Detectable)
		}
	}
	if !gc.Items[0].Clear {
		t.Errorf("item 0, shifted by 0.8 in group a, not marked clear: %+v", gc.Items[0])
	}
	rest, err := s.CompareGroups("a", Rest, CompareOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rest.RespondentsB != 400 || rest.Shared != 0 || rest.B != Rest {
		t.Errorf("against the rest: %d respondents, %d shared, b %q; want 400, 0, rest", rest.RespondentsB, rest.Shared, rest.B)
	}
	ov, err := s.CompareGroups("a", "ab", CompareOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if ov.Shared != 50 || ov.RespondentsB != 100 {
		t.Errorf("a and ab share %d respondents of %d, want 50 of 100", ov.Shared, ov.RespondentsB)
	}
}

// TestCompareGroupsOverlapByHand: for overlapping groups the variance of
// each difference equals the sum over respondents of the squared
// difference of their influences on the two groups' shares, which for the
// shared respondents cancels partly; checked against the variance computed
// from separate influence vectors.
func TestCompareGroupsOverlapByHand(t *testing.T) {
	s := groupSample(t, 0)
	n := len(s.items)
	inflOf := func(group string) []float64 {
		in, _ := s.selector(group)
		out := make([]float64, len(s.rs.ids)*n)
		if _, _, err := s.shareInfluence(s.view(in), BTOptions{}, out, 1); err != nil {
			t.Fatal(err)
		}
		return out
	}
	fa, fb := inflOf("a"), inflOf("ab")
	gc, err := s.CompareGroups("a", "ab", CompareOptions{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range gc.Items {
		v, vInd := 0.0, 0.0
		for r := range s.rs.ids {
			x, y := fa[r*n+i], fb[r*n+i]
			v += (x - y) * (x - y)
			vInd += x*x + y*y
		}
		if math.Abs(d.SE-math.Sqrt(v)) > 1e-9 {
			t.Errorf("%s: se %v, want %v", d.ID, d.SE, math.Sqrt(v))
		}
		if !(d.SE < math.Sqrt(vInd)) {
			t.Errorf("%s: se %v with the overlap, not below %v as if independent", d.ID, d.SE, math.Sqrt(vInd))
		}
	}
}

// TestCompareGroupsFalseMarks: with no true difference, at most about 5%
// of comparisons mark any of 10 items (disjoint halves and a group against
// the rest; 300 simulated surveys each, binomial SE 1.3 points, so the
// bound of 7% is 1.6 SE above 5%), and a real difference is marked often.
func TestCompareGroupsFalseMarks(t *testing.T) {
	c := simCell{items: 10, perResp: 15, respondents: 400, steps: 2, tau: 0.5}
	for _, vsRest := range []bool{false, true} {
		t.Run(fmt.Sprintf("against the rest %v", vsRest), func(t *testing.T) {
			null := runCompare(c, vsRest, 0, 300, 77)
			if null.rateAny() > 0.07 {
				t.Errorf("%s: some item marked in %.1f%% of surveys, want at most 7%%", null.what, 100*null.rateAny())
			}
			real := runCompare(c, vsRest, 0.5, 100, 78)
			if real.power() < 0.5 {
				t.Errorf("%s: item 0 marked in %.0f%% of surveys, want at least 50%%", real.what, 100*real.power())
			}
			t.Logf("no difference: %.1f%% marked; shift 0.5: power %.0f%%, mean detectable %.2f points", 100*null.rateAny(), 100*real.power(), real.meanDetectable)
		})
	}
}

func TestConsistency(t *testing.T) {
	s, err := NewSample([]string{"w", "x", "y", "z"}, Scale{Steps: 2})
	if err != nil {
		t.Fatal(err)
	}
	add := func(id string, groups []string, js ...Judgment) {
		t.Helper()
		if err := s.Add(id, groups, js); err != nil {
			t.Fatal(err)
		}
	}
	// Circular: x over y, y over z, z over x (one triple, circular).
	add("cycle", []string{"g"}, Judgment{A: "x", B: "y", Value: -1}, Judgment{A: "y", B: "z", Value: -2}, Judgment{A: "x", B: "z", Value: 1})
	// Transitive on all four items: 4 triples, none circular.
	add("order", []string{"g"}, Judgment{A: "w", B: "x", Value: -1}, Judgment{A: "w", B: "y", Value: -1}, Judgment{A: "w", B: "z", Value: -1},
		Judgment{A: "y", B: "x", Value: 1}, Judgment{A: "x", B: "z", Value: -2}, Judgment{A: "y", B: "z", Value: -1})
	// An "equal" leaves the triple unjudged; two pairs make no triple.
	add("ties", nil, Judgment{A: "x", B: "y", Value: 0}, Judgment{A: "y", B: "z", Value: -2}, Judgment{A: "x", B: "z", Value: 1})
	add("short", nil, Judgment{A: "x", B: "y", Value: 1}, Judgment{A: "y", B: "z", Value: -2})
	c, err := s.Consistency("")
	if err != nil {
		t.Fatal(err)
	}
	if c.Respondents != 4 || c.WithTriples != 2 || c.Triples != 5 || c.Circular != 1 || c.Mean != 0.5 || c.Bins[0] != 1 || c.Bins[9] != 1 {
		t.Errorf("consistency %+v; want 4 respondents, 2 with triples, 5 triples, 1 circular, mean 0.5, one in the first and last bins", c)
	}
	g, err := s.Consistency("g")
	if err != nil || g.Respondents != 2 {
		t.Errorf("group g: %+v, %v; want 2 respondents", g, err)
	}
	// Random answers on all pairs of 6 items: about a quarter circular.
	rng := rand.New(rand.NewPCG(1, 2))
	r, _ := NewSample(simItems(6), Scale{Steps: 1})
	for k := range 400 {
		var js []Judgment
		for i := range 6 {
			for j := i + 1; j < 6; j++ {
				js = append(js, Judgment{A: simItems(6)[i], B: simItems(6)[j], Value: float64(2*rng.IntN(2) - 1)})
			}
		}
		if err := r.Add(fmt.Sprint(k), nil, js); err != nil {
			t.Fatal(err)
		}
	}
	rc, _ := r.Consistency("")
	if math.Abs(rc.Mean-RandomShare) > 0.02 {
		t.Errorf("random answers: mean share of circular triads %v, want about %v", rc.Mean, RandomShare)
	}
}
