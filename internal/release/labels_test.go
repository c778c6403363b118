package release

import (
	"reflect"
	"slices"
	"testing"
)

func TestLabels(t *testing.T) {
	shown := map[string]bool{All: true, "g:women": true, "g:rural": true}
	tests := []struct {
		name  string
		atoms []Atom
		want  bool
	}{
		{"every combination has k", join(repeat(5, "g:women", "g:rural"), repeat(6, "g:women"), repeat(5, "g:rural"), repeat(7)), true},
		{"one rural woman", join(repeat(1, "g:women", "g:rural"), repeat(6, "g:women"), repeat(5, "g:rural"), repeat(7)), false},
		{"the unlabelled are few", join(repeat(6, "g:women"), repeat(5, "g:rural"), repeat(2)), false},
		{"a withheld group's members hide among the unlabelled", join(repeat(6, "g:women"), repeat(3, "g:small"), repeat(6)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Labels(tt.atoms, shown, 5); got != tt.want {
				t.Errorf("Labels = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestColumns(t *testing.T) {
	rec := func(n int, sets []string, vals ...string) []Record {
		out := make([]Record, n)
		for i := range out {
			out[i] = Record{Sets: sets, Values: map[string]string{"kon": vals[0], "bor": vals[1]}}
		}
		return out
	}
	cat := func(parts ...[]Record) []Record {
		var out []Record
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	shown := map[string]bool{All: true, "g:rural": true}
	tests := []struct {
		name    string
		records []Record
		want    []string
	}{
		{"all columns safe", cat(rec(5, nil, "k", "stad"), rec(5, []string{"g:rural"}, "k", "land"), rec(5, nil, "m", "stad"), rec(5, []string{"g:rural"}, "m", "land")), []string{"kon", "bor"}},
		{"the lone rural man: bor goes", cat(rec(8, nil, "k", "stad"), rec(8, nil, "m", "stad"), rec(5, []string{"g:rural"}, "k", "land"), rec(1, []string{"g:rural"}, "m", "land")), []string{"kon"}},
		{"nothing is safe", cat(rec(3, nil, "k", "stad"), rec(3, nil, "m", "land")), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Columns(tt.records, shown, shown, []string{"kon", "bor"}, 5); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Columns = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestColumnsJudges: a column is checked among the records that carry
// judgments too: 5 men of whom one judged would single out his judgments.
func TestColumnsJudges(t *testing.T) {
	rec := func(n int, kon string, judged bool) []Record {
		out := make([]Record, n)
		for i := range out {
			out[i] = Record{Values: map[string]string{"kon": kon}, Judged: judged}
		}
		return out
	}
	base := func(more ...Record) []Record { return slices.Concat(rec(5, "k", true), rec(4, "m", false), more) }
	all := map[string]bool{All: true}
	for _, tt := range []struct {
		name    string
		records []Record
		judged  map[string]bool
		want    []string
	}{
		{"the men judged nothing", base(rec(1, "m", false)...), all, []string{"kon"}},
		{"one man judged", base(rec(1, "m", true)...), all, nil},
		{"five men judged", base(rec(5, "m", true)...), all, []string{"kon"}},
		{"nobody judged", slices.Concat(rec(5, "k", false), rec(5, "m", false)), map[string]bool{}, []string{"kon"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Columns(tt.records, all, tt.judged, []string{"kon"}, 5); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Columns = %v, want %v", got, tt.want)
			}
		})
	}
}
