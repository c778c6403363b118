package release

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

func day(n int) string {
	return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format(time.DateOnly)
}

func on(d int, n int, sets ...string) []Day {
	return []Day{{Date: day(d), Atoms: []Atom{{Sets: sets, N: n}}}}
}

// concat merges the parts into one Day per date, as the caller gives them.
func concat(parts ...[]Day) []Day {
	byDate := map[string]*Day{}
	var out []Day
	for _, p := range parts {
		for _, d := range p {
			if x, ok := byDate[d.Date]; ok {
				x.Atoms = append(x.Atoms, d.Atoms...)
				continue
			}
			out = append(out, d)
			byDate[d.Date] = &out[len(out)-1]
		}
	}
	return out
}

func spans(bs []Batch) []string {
	var out []string
	for _, b := range bs {
		out = append(out, fmt.Sprintf("%s..%s:%d", b.From, b.To, b.N))
	}
	return out
}

func TestSeal(t *testing.T) {
	tests := []struct {
		name    string
		members []Day
		today   int
		want    []string
		pending int
	}{
		{"today is never released", on(0, 30, "g:a"), 0, nil, 30},
		{"a clean day is a batch the next day", on(0, 30, "g:a"), 1, []string{day(0) + ".." + day(0) + ":30"}, 0},
		{"too few waits", concat(on(0, 3), on(1, 1)), 20, nil, 4},
		{"days join until k", concat(on(0, 3), on(1, 1), on(2, 1), on(3, 7)), 9,
			[]string{day(0) + ".." + day(2) + ":5", day(3) + ".." + day(3) + ":7"}, 0},
		{"one small group waits for more of its kind", concat(on(0, 10), on(0, 2, "g:a"), on(2, 3, "g:a")), 3,
			[]string{day(0) + ".." + day(2) + ":15"}, 0},
		{"still unclean before the wait is over", concat(on(0, 10), on(0, 2, "g:a")), 6, nil, 12},
		{"the wait is over a week after the first day", concat(on(0, 10), on(0, 2, "g:a")), 7, []string{day(0) + ".." + day(0) + ":12"}, 0},
		{"sealed with the group withheld after the wait", concat(on(0, 10), on(0, 2, "g:a"), on(9, 6)), 8,
			[]string{day(0) + ".." + day(0) + ":12"}, 6},
		{"the same batch later, the next one clean", concat(on(0, 10), on(0, 2, "g:a"), on(9, 6)), 12,
			[]string{day(0) + ".." + day(0) + ":12", day(9) + ".." + day(9) + ":6"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, pending := Seal(tt.members, Options{K: 5, Today: day(tt.today), Wait: DefaultWait})
			if got := spans(bs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("batches = %v, want %v", got, tt.want)
			}
			if pending != tt.pending {
				t.Errorf("pending = %d, want %d", pending, tt.pending)
			}
		})
	}
}

// TestSealIsStable: a batch sealed on one day is the same batch on every
// later day, whatever arrives after it, so a released figure never
// changes by fewer than k respondents.
func TestSealIsStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 200; trial++ {
		var members []Day
		for d := 0; d < 40; d++ {
			dd := Day{Date: day(d)}
			for i := rng.IntN(6); i > 0; i-- {
				var sets []string
				if rng.IntN(4) == 0 {
					sets = append(sets, "g:rare")
				}
				if rng.IntN(2) == 0 {
					sets = append(sets, "bg|q|a")
				}
				dd.Atoms = append(dd.Atoms, Atom{Sets: sets, N: 1})
			}
			members = append(members, dd)
		}
		var prev []Batch
		for today := 0; today <= 45; today++ {
			bs, _ := Seal(members, Options{K: 5, Today: day(today), Wait: DefaultWait})
			if len(bs) < len(prev) || (len(prev) > 0 && !reflect.DeepEqual(bs[:len(prev)], prev)) {
				t.Fatalf("trial %d: batches on %s = %v, were %v the day before", trial, day(today), spans(bs), spans(prev))
			}
			for _, b := range bs {
				if b.N < 5 {
					t.Fatalf("trial %d: batch of %d", trial, b.N)
				}
			}
			prev = bs
		}
	}
}
