package kanon_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/kanon"
)

// answer is a background question's hierarchy: the answer, then "*".
func answer(name string) kanon.Hierarchy { return kanon.Hierarchy{Name: name} }

// date is released no finer than its month.
func date() kanon.Hierarchy {
	return kanon.Hierarchy{Name: "period", Steps: []func(string) string{kanon.Month}, Min: 1}
}

// ageBand takes an age to its band, 16–19 or 20–24.
func ageBand() kanon.Hierarchy {
	return kanon.Hierarchy{Name: "age", Steps: []func(string) string{func(v string) string {
		if v < "20" {
			return "16-19"
		}
		return "20-24"
	}}}
}

// rows makes records whose payload is their index, each group's values
// count times: []string{"3", "man", "tatort"} is three men living in town.
func rows(groups ...[]string) []kanon.Record[int] {
	var out []kanon.Record[int]
	for _, g := range groups {
		var n int
		fmt.Sscan(g[0], &n)
		for range n {
			out = append(out, kanon.Record[int]{QI: slices.Clone(g[1:]), Payload: len(out)})
		}
	}
	return out
}

func released(res kanon.Result[int]) []string {
	var out []string
	for _, r := range res.Records {
		out = append(out, strings.Join(r.QI, "|"))
	}
	return out
}

func TestAnonymize(t *testing.T) {
	tests := []struct {
		name       string
		records    []kanon.Record[int]
		hs         []kanon.Hierarchy
		k          int
		levels     []int
		suppressed int
		dropped    int
		loss       float64
		// want maps a released combination to how many records hold it.
		want map[string]int
	}{
		{"already k-anonymous stays as it is",
			rows([]string{"2", "man", "tatort"}, []string{"3", "kvinna", "landsbygd"}),
			[]kanon.Hierarchy{answer("kon"), answer("bor")}, 2, []int{0, 0}, 0, 0, 0,
			map[string]int{"man|tatort": 2, "kvinna|landsbygd": 3}},
		{"not answered is a value of its own",
			rows([]string{"3", "", "a"}, []string{"3", "x", "a"}),
			[]kanon.Hierarchy{answer("q1"), answer("q2")}, 3, []int{0, 0}, 0, 0, 0,
			map[string]int{"|a": 3, "x|a": 3}},
		{"the only rural man is suppressed with two spare records, nobody else recoded",
			rows([]string{"5", "man", "tatort"}, []string{"5", "kvinna", "tatort"}, []string{"4", "kvinna", "landsbygd"}, []string{"1", "man", "landsbygd"}),
			[]kanon.Hierarchy{answer("kon"), answer("bor")}, 3, []int{0, 0}, 3, 0, 0.2,
			nil},
		{"no spare records: a whole smallest group joins the lone one",
			rows([]string{"3", "a"}, []string{"3", "b"}, []string{"1", "c"}),
			[]kanon.Hierarchy{answer("q")}, 3, []int{0}, 4, 0, 4.0 / 7,
			map[string]int{"*": 4, "b": 3}},
		{"many unique ages are recoded to bands for everyone",
			rows([]string{"1", "16"}, []string{"1", "17"}, []string{"1", "18"}, []string{"1", "19"},
				[]string{"1", "21"}, []string{"1", "22"}, []string{"1", "23"}, []string{"1", "24"}),
			[]kanon.Hierarchy{ageBand()}, 4, []int{1}, 0, 0, 0.5,
			map[string]int{"16-19": 4, "20-24": 4}},
		{"the attribute that helps most is recoded, the other kept",
			rows([]string{"1", "16", "a"}, []string{"1", "17", "a"}, []string{"1", "21", "a"},
				[]string{"1", "16", "b"}, []string{"1", "22", "b"}, []string{"1", "23", "b"}),
			[]kanon.Hierarchy{ageBand(), answer("town")}, 3, []int{2, 0}, 0, 0, 0.5,
			map[string]int{"*|a": 3, "*|b": 3}},
		{"dates are released as months",
			rows([]string{"1", "2025-03-01"}, []string{"2", "2025-03-17"}, []string{"3", "2025-04-02"}),
			[]kanon.Hierarchy{date()}, 3, []int{1}, 0, 0, 0,
			map[string]int{"2025-03": 3, "2025-04": 3}},
		{"fewer than k respondents are all dropped",
			rows([]string{"2", "man", "tatort"}),
			[]kanon.Hierarchy{answer("kon"), answer("bor")}, 3, []int{1, 1}, 0, 2, 1,
			map[string]int{}},
		{"k of 1 changes nothing",
			rows([]string{"1", "man", "landsbygd"}, []string{"1", "kvinna", "tatort"}),
			[]kanon.Hierarchy{answer("kon"), answer("bor")}, 1, []int{0, 0}, 0, 0, 0,
			map[string]int{"man|landsbygd": 1, "kvinna|tatort": 1}},
		{"no records", nil, []kanon.Hierarchy{answer("kon")}, 5, []int{1}, 0, 0, 0, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := kanon.Anonymize(tt.records, kanon.Options{K: tt.k, Hierarchies: tt.hs, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Levels, tt.levels) || res.Suppressed != tt.suppressed || res.Dropped != tt.dropped || math.Abs(res.Loss-tt.loss) > 1e-9 {
				t.Errorf("levels %v, suppressed %d, dropped %d, loss %.3f; want %v, %d, %d, %.3f",
					res.Levels, res.Suppressed, res.Dropped, res.Loss, tt.levels, tt.suppressed, tt.dropped, tt.loss)
			}
			got := map[string]int{}
			for _, r := range released(res) {
				got[r]++
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("released %v, want %v", got, tt.want)
			}
			checkKAnonymous(t, tt.records, res, tt.hs, tt.k)
		})
	}
}

// TestLoneRuralMan: the respondent with the rare combination is never
// released with it, and is in the all-"*" group with exactly two others.
func TestLoneRuralMan(t *testing.T) {
	recs := rows([]string{"5", "man", "tatort"}, []string{"5", "kvinna", "tatort"}, []string{"4", "kvinna", "landsbygd"}, []string{"1", "man", "landsbygd"})
	for seed := range uint64(20) {
		res, err := kanon.Anonymize(recs, kanon.Options{K: 3, Hierarchies: []kanon.Hierarchy{answer("kon"), answer("bor")}, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(res.Records[14].QI, "|"); got != "*|*" {
			t.Errorf("seed %d: the rural man is released as %q, want *|*", seed, got)
		}
		if slices.Contains(released(res), "man|landsbygd") {
			t.Errorf("seed %d: man|landsbygd is released", seed)
		}
	}
}

func TestAnonymizeRefuses(t *testing.T) {
	tests := []struct {
		name    string
		records []kanon.Record[int]
		opt     kanon.Options
		want    string
	}{
		{"k below 1", nil, kanon.Options{K: 0}, "k is 0"},
		{"record with too few values", rows([]string{"1", "man"}), kanon.Options{K: 2, Hierarchies: []kanon.Hierarchy{answer("kon"), answer("bor")}}, "record 0 has 1"},
		{"min above top", nil, kanon.Options{K: 2, Hierarchies: []kanon.Hierarchy{{Name: "bor", Min: 2}}}, "(bor): min level 2"},
		{"nil step", nil, kanon.Options{K: 2, Hierarchies: []kanon.Hierarchy{{Name: "age", Steps: []func(string) string{nil}}}}, "step 1 is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kanon.Anonymize(tt.records, tt.opt)
			if !errors.Is(err, kanon.ErrInput) || !strings.Contains(fmt.Sprint(err), tt.want) {
				t.Errorf("error %v, want ErrInput saying %q", err, tt.want)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	for in, want := range map[string]string{"2025-03-17": "2025-03", "2025-03": "2025-03", "": "*", "17/3": "*", "20250317": "*"} {
		if got := kanon.Month(in); got != want {
			t.Errorf("Month(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAnonymizeProperties: over random data sets, every released
// combination is held by at least k records, every released value is one
// of the record's own hierarchy (never more specific than the truth, never
// another's), records are dropped only when fewer than k exist, payloads
// stay with their records, and the same seed gives the same result.
func TestAnonymizeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	kinds := []func(int) (kanon.Hierarchy, func() string){
		func(int) (kanon.Hierarchy, func() string) { // background answer, skewed, sometimes unanswered
			vals := []string{"", "a", "b", "c", "d", "e"}
			return answer("q"), func() string { return vals[rng.IntN(rng.IntN(len(vals))+1)] }
		},
		func(int) (kanon.Hierarchy, func() string) { // date released as month
			return date(), func() string { return fmt.Sprintf("2025-%02d-%02d", 1+rng.IntN(3), 1+rng.IntN(28)) }
		},
		func(int) (kanon.Hierarchy, func() string) { // age with bands
			return ageBand(), func() string { return fmt.Sprint(16 + rng.IntN(9)) }
		},
		func(c int) (kanon.Hierarchy, func() string) { // campaign
			return answer("campaign"), func() string { return fmt.Sprint("C", rng.IntN(c+1)) }
		},
	}
	for run := range 400 {
		m, n, k := 1+rng.IntN(6), rng.IntN(90), 1+rng.IntN(7)
		hs := make([]kanon.Hierarchy, m)
		gens := make([]func() string, m)
		for a := range hs {
			hs[a], gens[a] = kinds[rng.IntN(len(kinds))](rng.IntN(4))
		}
		recs := make([]kanon.Record[int], n)
		for i := range recs {
			recs[i].Payload = i
			for a := range hs {
				recs[i].QI = append(recs[i].QI, gens[a]())
			}
		}
		name := fmt.Sprintf("run %d (n %d, m %d, k %d)", run, n, m, k)
		opt := kanon.Options{K: k, Hierarchies: hs, Seed: uint64(run)}
		res, err := kanon.Anonymize(recs, opt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkKAnonymous(t, recs, res, hs, k)
		again, _ := kanon.Anonymize(recs, opt)
		if !reflect.DeepEqual(released(res), released(again)) {
			t.Errorf("%s: the same seed gave different results", name)
		}
		if res.Loss < 0 || res.Loss > 1 {
			t.Errorf("%s: loss %v outside 0…1", name, res.Loss)
		}
		if t.Failed() {
			t.Fatalf("%s failed", name)
		}
	}
}

// checkKAnonymous checks the released table against the records.
func checkKAnonymous(t *testing.T, recs []kanon.Record[int], res kanon.Result[int], hs []kanon.Hierarchy, k int) {
	t.Helper()
	if len(recs) < k {
		if res.Dropped != len(recs) || len(res.Records) != 0 {
			t.Errorf("%d records, k %d: dropped %d, released %d; want all dropped", len(recs), k, res.Dropped, len(res.Records))
		}
		return
	}
	if res.Dropped != 0 || len(res.Records) != len(recs) {
		t.Fatalf("%d records, k %d: dropped %d, released %d; want none dropped", len(recs), k, res.Dropped, len(res.Records))
	}
	count := map[string]int{}
	for _, r := range released(res) {
		count[r]++
	}
	for combo, c := range count {
		if c < k {
			t.Errorf("combination %q is held by %d records, want at least %d", combo, c, k)
		}
	}
	for i, r := range res.Records {
		if r.Payload != i {
			t.Errorf("record %d carries payload %d", i, r.Payload)
			continue
		}
		for a, h := range hs {
			truthful := false
			for l := h.Min; l <= h.Top(); l++ {
				truthful = truthful || h.At(recs[i].QI[a], l) == r.QI[a]
			}
			if !truthful {
				t.Errorf("record %d: %s released as %q, not a generalisation (from level %d) of its true %q", i, h.Name, r.QI[a], h.Min, recs[i].QI[a])
			}
		}
	}
}
