package ranking

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestReadTalliedGroups: the group column names each respondent's groups
// (several with ";", any of their rows), the same sequentially, in parallel
// parts and through encoding/csv for quoted lines; Input.Sample carries them.
func TestReadTalliedGroups(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("respondent,a,b,value,group\n")
	for r := range 300 {
		g := []string{"f", "m", "f;young"}[r%3]
		if r%3 == 1 && r%2 == 0 {
			g = "" // the group is named on another row of theirs
		}
		fmt.Fprintf(&b, "p%03d,x,y,%d,%s\n", r, 1-2*(r%2), g)
		fmt.Fprintf(&b, "p%03d,y,z,-1,%s\n", r, []string{"f", "m", "f;young"}[r%3])
	}
	quoted := strings.Replace(b.String(), "p100,x,y", "\"p100\",x,y", 1)
	for _, tc := range []struct {
		name    string
		data    string
		workers int
	}{
		{"sequential", b.String(), 1},
		{"parallel", b.String(), 3},
		{"quoted", quoted, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := readTallied(strings.NewReader(tc.data), "g.csv", TallyOptions{Steps: 1, Keep: true, Workers: tc.workers}, 0)
			if err != nil {
				t.Fatal(err)
			}
			groups := slices.Clone(in.Groups)
			slices.Sort(groups)
			if !slices.Equal(groups, []string{"f", "m", "young"}) {
				t.Fatalf("groups %v, want f, m, young", in.Groups)
			}
			s, err := in.Sample(Scale{Steps: 1})
			if err != nil {
				t.Fatal(err)
			}
			for g, want := range map[string]int{"f": 200, "m": 100, "young": 100} {
				res, err := s.RankGroup(g, Options{})
				if err != nil || res.Respondents != want {
					t.Errorf("group %s: %d respondents (%v), want %d", g, res.Respondents, err, want)
				}
			}
		})
	}
}

// TestTooManyGroups: a file naming more than MaxGroups groups is refused
// at the row of the first one too many, by ReadInput and ReadTallied alike.
func TestTooManyGroups(t *testing.T) {
	var b strings.Builder
	b.WriteString("respondent,a,b,value,group\n")
	for k := range MaxGroups + 1 {
		fmt.Fprintf(&b, "p%d,x,y,1,g%d\n", k, k)
	}
	_, want := ReadInput(strings.NewReader(b.String()), "g.csv")
	if want == nil || !strings.Contains(want.Error(), fmt.Sprintf("row %d, column \"group\"", MaxGroups+2)) {
		t.Fatalf("ReadInput: %v, want a problem at row %d", want, MaxGroups+2)
	}
	for _, workers := range []int{1, 2} {
		_, err := readTallied(strings.NewReader(b.String()), "g.csv", TallyOptions{Steps: 1, Workers: workers}, 0)
		if err == nil || err.Error() != want.Error() {
			t.Errorf("%d workers: %v, want %v", workers, err, want)
		}
	}
}
