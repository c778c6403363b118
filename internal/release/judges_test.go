package release

import (
	"reflect"
	"testing"
)

func TestJudgments(t *testing.T) {
	everyone := map[string]bool{All: true, "g:a": true, "g:b": true, "bg|q|x": true}
	tests := []struct {
		name   string
		judges []Atom
		shown  map[string]bool
		want   []string
	}{
		{"every member judged", join(repeat(5, "g:a", "bg|q|x"), repeat(6, "g:b")), everyone, []string{All, "g:a", "g:b"}},
		{"one judge of a group", join(repeat(1, "g:a"), repeat(5, "g:b"), repeat(5)), everyone, []string{All, "g:b"}},
		// Everyone's figures minus b's would be a's one judge's.
		{"one judge of a group beside everyone", join(repeat(1, "g:a"), repeat(6, "g:b")), everyone, []string{All}},
		{"a group with no judge has no figures", repeat(7, "g:b"), everyone, []string{All, "g:b"}},
		{"one judge outside a group: its rest", join(repeat(5, "g:a"), repeat(1, "g:b")), everyone, []string{All}},
		{"too few judges overall", join(repeat(2, "g:a"), repeat(2, "g:b")), everyone, nil},
		{"a group withheld by members stays withheld", join(repeat(5, "g:a"), repeat(6, "g:b")),
			map[string]bool{All: true, "g:b": true}, []string{All, "g:b"}},
		{"background answers carry no judgment figure", repeat(6, "bg|q|x"), everyone, []string{All}},
		{"nothing shown", repeat(9, "g:a"), map[string]bool{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys(Judgments(tt.judges, tt.shown, 5)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Judgments = %v, want %v", got, tt.want)
			}
		})
	}
}
