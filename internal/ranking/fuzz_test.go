package ranking

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"testing"
)

// FuzzReadInput: the CSV reader never panics; it returns input or an
// *InputError with at least one problem, never both or neither.
func FuzzReadInput(f *testing.F) {
	for _, s := range []string{
		"a,b,wins_a,wins_b\nx,y,3,1\ny,z,2.5,0.5\n",
		"a,b,wins_a,wins_b,ties\nx,y,3,1,2\n",
		"respondent,a,b,value\nr1,x,y,-2\nr1,y,z,1\nr2,x,z,0\n",
		"respondent,a,b,value,skip\nr1,x,y,,true\n",
		",x,y\nx,1,3\ny,0.333,1\n",
		"a,b,wins_a,wins_b\nx,x,1,1\nx,y,-1,abc\n",
		"", "\x00", "a,b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ReadInput(bytes.NewReader(data), "fuzz.csv")
		if err == nil {
			if in == nil {
				t.Fatal("nil input without error")
			}
			return
		}
		var ie *InputError
		if errors.As(err, &ie) && len(ie.Problems) == 0 {
			t.Fatal("InputError without problems")
		}
	})
}

// FuzzReadTallied: on any input the streaming reader agrees with ReadInput,
// read in one pass and in parallel parts: the same problems in the same
// words, or the same kind, items, respondents and win matrix.
func FuzzReadTallied(f *testing.F) {
	for _, s := range []string{
		"respondent,a,b,value\nr1,x,y,-2\nr1,y,z,1\nr2,x,z,0\n",
		"respondent,a,b,value,skip\nr1,x,y,,true\nr2,y,x,1,NO\n",
		"\ufeffRespondent, A ,b,Value\r\n\r\nr1,x,y,1/2\r\nr2,\"y\",z,+1\r\n",
		"respondent,a,b,value\nr1,x,y,abc\nr1,x,x,1\n,y,z,1\nr2,x,y\nr2,y,z,NaN\n",
		"respondent,a,b,value\nr1,x,y,1\nr1,x\"y,z,1\nr2,x,y,2\n",
		"respondent,a,b,value\nr1,x,y,1\r",
		"a,b,wins_a,wins_b\nx,y,3,1\n",
		"\"respondent\",a,b,value\nr1,x,y,1\n",
		"respondent,a,b,value,skip\nr1,x,y,1,s\u212aip\n",
		"respondent,a,b,value,group\nr1,x,y,1,f\nr1,y,z,-1,\nr2,x,z,0,m; f\nr3,\"x\",y,1,;;\n",
		"", "\n\n", "respondent\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		old, oldErr := ReadInput(bytes.NewReader(data), "fuzz.csv")
		for _, workers := range []int{1, 2} {
			in, err := readTallied(bytes.NewReader(data), "fuzz.csv", TallyOptions{Workers: workers, Keep: true}, 0)
			if (err == nil) != (oldErr == nil) || (err != nil && err.Error() != oldErr.Error()) {
				t.Fatalf("%d workers: error %v, want %v", workers, err, oldErr)
			}
			if err != nil || old.Kind != InputJudgments {
				continue
			}
			want, err := talliedFromInput(old, TallyOptions{Keep: true})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(in.Items, want.Items) || in.Respondents != want.Respondents || in.Steps != want.Steps {
				t.Fatalf("%d workers: items %q, respondents %d, steps %d; want %q, %d, %d",
					workers, in.Items, in.Respondents, in.Steps, want.Items, want.Respondents, want.Steps)
			}
			if len(in.kept.judgments) != len(old.Judgments) {
				t.Fatalf("%d workers: kept %d judgments, want %d", workers, len(in.kept.judgments), len(old.Judgments))
			}
			for k, kj := range in.kept.judgments {
				j := old.Judgments[k]
				j.Group = "" // kept per respondent, compared below
				got := Judgment{Respondent: in.kept.respondents[kj.respondent], A: in.Items[kj.a], B: in.Items[kj.b], Value: kj.value, Skip: kj.skip}
				if got != j && !(math.IsNaN(got.Value) && math.IsNaN(j.Value)) {
					t.Fatalf("%d workers: kept judgment %d = %+v, want %+v", workers, k, got, j)
				}
			}
			groupsOf := func(in *Input) map[string][]string {
				m := map[string][]string{}
				for k, id := range in.kept.respondents {
					gs := in.kept.groups.of(k)
					slices.Sort(gs)
					m[id] = gs
				}
				return m
			}
			gotG, wantG := groupsOf(in), groupsOf(want)
			for id, gs := range wantG {
				if !slices.Equal(gotG[id], gs) {
					t.Fatalf("%d workers: respondent %q in groups %q, want %q", workers, id, gotG[id], gs)
				}
			}
			n := want.Counts.N()
			for i := range n {
				for j := range n {
					if g, w := in.Counts.Wins(i, j), want.Counts.Wins(i, j); math.Abs(g-w) > 1e-9*(1+math.Abs(w)) {
						t.Fatalf("%d workers: wins(%d,%d) = %v, want %v", workers, i, j, g, w)
					}
				}
			}
		}
	})
}
