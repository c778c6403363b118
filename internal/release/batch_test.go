package release

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// day(0) is a Monday.
func day(n int) string {
	return time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format(time.DateOnly)
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
		{"nor a week that has not ended", on(0, 30, "g:a"), 6, nil, 30},
		{"a week is a batch once it has ended", concat(on(0, 20), on(4, 10)), 7, []string{day(0) + ".." + day(4) + ":30"}, 0},
		{"too few wait for the next weeks", concat(on(0, 3), on(7, 1)), 30, nil, 4},
		{"weeks join until k", concat(on(0, 3), on(7, 1), on(8, 1), on(14, 7), on(15, 2)), 21,
			[]string{day(0) + ".." + day(8) + ":5", day(14) + ".." + day(15) + ":9"}, 0},
		{"a small group is withheld, not waited for", concat(on(0, 10), on(0, 2, "g:a")), 7,
			[]string{day(0) + ".." + day(0) + ":12"}, 0},
		{"this week's answers wait", concat(on(0, 10), on(9, 6)), 10, []string{day(0) + ".." + day(0) + ":10"}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, pending := Seal(tt.members, Options{K: 5, Today: day(tt.today)})
			if got := spans(bs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("batches = %v, want %v", got, tt.want)
			}
			if pending != tt.pending {
				t.Errorf("pending = %d, want %d", pending, tt.pending)
			}
		})
	}
	bs, _ := Seal(concat(on(0, 10), on(0, 2, "g:a")), Options{K: 5, Today: day(7)})
	if len(bs) != 1 || bs[0].Withheld["g:a"] != ReasonFew {
		t.Errorf("the group of 2 is not withheld: %+v", bs)
	}
}

// TestSealBoundariesIgnoreWho: where batches end depends on how many
// answered each week, not on who: two data sets with the same counts per
// day and different people seal the same spans.
func TestSealBoundariesIgnoreWho(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 200; trial++ {
		var a, b []Day
		for d := 0; d < 50; d++ {
			n := rng.IntN(4)
			da, db := Day{Date: day(d)}, Day{Date: day(d)}
			for range n {
				da.Atoms = append(da.Atoms, Atom{Sets: []string{fmt.Sprintf("g:%d", rng.IntN(3))}, N: 1})
				db.Atoms = append(db.Atoms, Atom{Sets: []string{fmt.Sprintf("bg|q|%d", rng.IntN(5))}, N: 1})
			}
			a, b = append(a, da), append(b, db)
		}
		sa, _ := Seal(a, Options{K: 5, Today: day(50)})
		sb, _ := Seal(b, Options{K: 5, Today: day(50)})
		if !reflect.DeepEqual(spans(sa), spans(sb)) {
			t.Fatalf("trial %d: spans %v and %v for the same counts", trial, spans(sa), spans(sb))
		}
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
			bs, _ := Seal(members, Options{K: 5, Today: day(today)})
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

// TestToday: the release rule's today is the date of an hour ago in
// Swedish time, so a week is released an hour after it ended (Settling).
func TestToday(t *testing.T) {
	sthlm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"just after midnight is yesterday", time.Date(2026, 12, 7, 0, 1, 0, 0, sthlm), "2026-12-06"},
		{"59 minutes after midnight", time.Date(2026, 12, 7, 0, 59, 0, 0, sthlm), "2026-12-06"},
		{"an hour after midnight", time.Date(2026, 12, 7, 1, 0, 0, 0, sthlm), "2026-12-07"},
		{"the zone is Swedish time", time.Date(2026, 12, 7, 0, 30, 0, 0, time.UTC), "2026-12-07"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Today(c.now); got != c.want {
				t.Errorf("Today(%v) = %s; want %s", c.now, got, c.want)
			}
		})
	}
}
