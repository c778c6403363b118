package results

import (
	"testing"

	"github.com/vfv/vfv/internal/survey"
)

func TestJudged(t *testing.T) {
	for _, tt := range []struct {
		name     string
		min      int
		counters map[string]int64
		want     bool
	}{
		{"k judges", 5, map[string]int64{"n": 9, "j": 5}, true},
		{"k members, one judge", 5, map[string]int64{"n": 5, "j": 1}, false},
		{"counters without judges", 5, map[string]int64{"n": 5, "p|a|b|1": 5}, false},
		{"small minimum", 3, map[string]int64{"n": 5, "j": 3}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Judged(&survey.Survey{MinGroupSize: tt.min}, tt.counters); got != tt.want {
				t.Errorf("Judged = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDisclose(t *testing.T) {
	sv := &survey.Survey{MinGroupSize: 5, Groups: []survey.Group{{ID: "women"}, {ID: "men"}, {ID: "rural"}, {ID: "old"}}}
	set := func(n int64, pair int64) map[string]int64 { return map[string]int64{"n": n, "p|a|b|1": pair, "j": n} }
	// judged is a set of n members of whom j judged a pair.
	judged := func(n, j int64) map[string]int64 { return map[string]int64{"n": n, "p|a|b|1": j, "j": j} }
	tests := []struct {
		name string
		sets map[string]map[string]int64
		want map[string]bool
	}{
		{"everyone large", map[string]map[string]int64{"all": set(40, 40), "g:women": set(20, 20), "g:men": set(20, 20), "g:rural": set(10, 10), "g:old": set(0, 0)},
			map[string]bool{"all": true, "g:women": true, "g:men": true, "g:rural": true, "g:old": false}},
		{"small group with its complement shown: both hidden", map[string]map[string]int64{"all": set(24, 24), "g:women": set(4, 4), "g:men": set(20, 20), "g:rural": set(9, 3), "g:old": set(0, 0)},
			map[string]bool{"all": true, "g:women": false, "g:men": false, "g:rural": true, "g:old": false}},
		{"complement as a union of two groups: the smaller hidden", map[string]map[string]int64{"all": set(30, 30), "g:women": set(4, 4), "g:men": set(16, 16), "g:rural": set(5, 5), "g:old": set(10, 10)},
			map[string]bool{"all": true, "g:women": false, "g:men": true, "g:rural": true, "g:old": false}},
		{"same sizes but different answers: not a complement", map[string]map[string]int64{"all": set(24, 10), "g:women": set(4, 4), "g:men": set(20, 20), "g:rural": set(0, 0), "g:old": set(0, 0)},
			map[string]bool{"all": true, "g:women": false, "g:men": true}},
		{"a group of 5 with no judge: hidden, no complement to protect", map[string]map[string]int64{"all": judged(25, 20), "g:women": judged(5, 0), "g:men": set(20, 20)},
			map[string]bool{"all": true, "g:women": false, "g:men": true}},
		{"everyone with too few judges: all hidden", map[string]map[string]int64{"all": judged(25, 0), "g:women": judged(5, 0), "g:men": judged(20, 0)},
			map[string]bool{"all": false, "g:women": false, "g:men": false}},
		{"everyone below the minimum", map[string]map[string]int64{"all": set(4, 4), "g:women": set(4, 4), "g:men": set(0, 0)},
			map[string]bool{"all": false, "g:women": false, "g:men": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Disclose(sv, tt.sets)
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s shown = %v, want %v (all: %v)", k, got[k], want, got)
				}
			}
		})
	}
}
