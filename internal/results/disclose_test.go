package results

import (
	"testing"

	"github.com/vfv/vfv/internal/survey"
)

func TestDisclose(t *testing.T) {
	sv := &survey.Survey{MinGroupSize: 5, Groups: []survey.Group{{ID: "women"}, {ID: "men"}, {ID: "rural"}, {ID: "old"}}}
	set := func(n int64, pair int64) map[string]int64 { return map[string]int64{"n": n, "p|a|b|1": pair} }
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
