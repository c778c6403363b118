package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
)

// truth is the seeded data set as the test knows it: every respondent's
// campaign, day and sets (everyone, target groups, background answers).
type truth struct {
	people []person
}

type person struct {
	campaign, date string
	sets           map[string]bool
}

// bitset is a set of respondents (indexes into truth.people).
type bitset []uint64

func (b bitset) add(i int) { b[i/64] |= 1 << (i % 64) }
func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}
func (b bitset) key() string { return fmt.Sprint([]uint64(b)) }

// minus is |b \ o| and whether o ⊆ b.
func (b bitset) minus(o bitset) (int, bool) {
	n, sub := 0, true
	for i := range b {
		if o[i]&^b[i] != 0 {
			sub = false
		}
		n += bits.OnesCount64(b[i] &^ o[i])
	}
	return n, sub
}

// seedRandom stores a month of answers over three campaigns with small
// groups: a few answers a day, rare rural and older respondents.
func seedRandom(t *testing.T, f *staffFixture, rng *rand.Rand) *truth {
	t.Helper()
	sv, _ := f.collectSurvey("unga-vuxna")
	svc := collect.New(f.store, f.surveys, nil)
	tr := &truth{}
	pick := func(opts []string, w []int) string {
		total := 0
		for _, x := range w {
			total += x
		}
		r := rng.IntN(total)
		for i, x := range w {
			if r < x {
				return opts[i]
			}
			r -= x
		}
		return opts[0]
	}
	for ago := 30; ago >= 1; ago-- {
		day := time.Now().AddDate(0, 0, -ago)
		svc.SetClock(func() time.Time { return day })
		for _, code := range []string{"GRUMS34", "GRUMS35", "GRUMS36"} {
			for range rng.IntN(5) {
				bg := map[string]string{
					"alder":  pick([]string{"16-19", "20-24", "25-29"}, []int{5, 4, 1}),
					"kon":    pick([]string{"kvinna", "man", "annat"}, []int{5, 5, 1}),
					"gor-nu": pick([]string{"studerar", "arbetar", "inget"}, []int{4, 3, 2}),
					"bor":    pick([]string{"tatort", "landsbygd"}, []int{6, 1}),
				}
				sub := response.Submission{ID: uuid.NewString(), Campaign: code, Lang: "sv", Background: bg}
				for _, p := range rng.Perm(sv.NumPairs())[:sv.PairsPerRespondent()] {
					i, j := pairIndex(len(sv.Items), p)
					v := rng.IntN(5) - 2
					sub.Judgments = append(sub.Judgments, response.Judgment{A: sv.Items[i].ID, B: sv.Items[j].ID, Value: &v})
				}
				if _, err := svc.Submit(context.Background(), sub); err != nil {
					t.Fatal(err)
				}
				sets := map[string]bool{response.GroupAll: true}
				for _, g := range response.Groups(sv, bg) {
					sets[response.GroupKey(g)] = true
				}
				for q, a := range bg {
					sets[response.BackgroundField(q, a)] = true
				}
				tr.people = append(tr.people, person{campaign: code, date: calendar.Date(day), sets: sets})
			}
		}
	}
	return tr
}

// figure is one released number: the respondents of set over some
// campaigns' batches, as the checker resolves them.
type figure struct {
	what string
	n    int64
	who  bitset
}

// batchInfo is one released batch, with the sets it shows (learned by
// asking for the batch's own period).
type batchInfo struct {
	campaign, from, to string
	shown              map[string]bool
}

// TestInsiderRandomQueries issues a few thousand random staff queries —
// scopes, periods, groups, methods, days on which they are asked, live
// counts before and after single answers — over a seeded month with small
// groups. An independent checker resolves every released figure to the
// respondents it is about, from the seeded data (it does not use the
// release rule: only the batches the API lists and the figures it
// released), checks that each figure counts exactly those respondents
// (a group's comparison with the rest counting the group and everyone
// else in the batches it is shown in), and that no released figure minus
// another released figure inside it describes 1..k-1 respondents.
func TestInsiderRandomQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	const k = 5
	f := newStaffFixture(t)
	for _, code := range []string{"GRUMS35", "GRUMS36"} {
		f.addCampaign(t, code, "grums")
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	tr := seedRandom(t, f, rng)
	words := (len(tr.people) + 64 + 63) / 64 // room for the answers given during the test
	sv, _ := f.collectSurvey("unga-vuxna")
	sets := []string{response.GroupAll}
	for _, g := range sv.Groups {
		sets = append(sets, response.GroupKey(g.ID))
	}
	codes := []string{"GRUMS34", "GRUMS35", "GRUMS36"}
	var figures []figure
	queries, comparisons := 0, 0
	get := func(path string, v any) {
		t.Helper()
		queries++
		status, body := f.api(t, "group@a.se", "GET", path, "")
		if status != 200 || json.Unmarshal([]byte(body), v) != nil {
			t.Fatalf("GET %s = %d %s", path, status, body)
		}
	}
	type liveCell struct{ campaign, cell string }
	lastLive := map[liveCell]int64{}
	for _, ago := range []int{20, 14, 9, 5, 2, 0} {
		f.collect.SetClock(func() time.Time { return time.Now().AddDate(0, 0, -ago) })
		// The batches and what each shows, from the API alone.
		var batches []batchInfo
		for _, code := range codes {
			var p struct {
				Batches []struct {
					From, To    string
					Respondents int64
				}
			}
			get("/api/v1/campaigns/"+code+"/periods", &p)
			for _, b := range p.Batches {
				var r resultJSON
				get("/api/v1/campaigns/"+code+"/results?from="+b.From+"&to="+b.To, &r)
				bi := batchInfo{campaign: code, from: b.From, to: b.To, shown: map[string]bool{}}
				bi.shown[response.GroupAll] = r.Respondents != nil
				for _, g := range r.Groups {
					bi.shown[response.GroupKey(g.ID)] = g.Respondents != nil
				}
				batches = append(batches, bi)
			}
		}
		// resolve finds the respondents of set (or, with rest, everyone
		// else) in the batches of the scope and period that show set.
		resolve := func(campaigns []string, from, to, set string, rest bool) bitset {
			who := make(bitset, words)
			for _, b := range batches {
				if !slices.Contains(campaigns, b.campaign) || !b.shown[set] || (from != "" && b.from < from) || (to != "" && b.to > to) {
					continue
				}
				for i, p := range tr.people {
					if p.campaign == b.campaign && p.date >= b.from && p.date <= b.to && p.sets[set] != rest {
						who.add(i)
					}
				}
			}
			return who
		}
		for range 400 {
			var scope []string
			for _, c := range codes {
				if rng.IntN(2) == 0 {
					scope = append(scope, c)
				}
			}
			if len(scope) == 0 {
				scope = codes[:1]
			}
			q := url.Values{}
			path := "/api/v1/surveys/unga-vuxna/results"
			if len(scope) == 1 && rng.IntN(2) == 0 {
				path = "/api/v1/campaigns/" + scope[0] + "/results"
			} else {
				q.Set("campaigns", strings.Join(scope, ","))
			}
			from, to := "", ""
			switch rng.IntN(4) {
			case 1:
				from = calendar.Date(time.Now().AddDate(0, 0, -1-rng.IntN(32)))
				q.Set("from", from)
			case 2:
				from = calendar.Date(time.Now().AddDate(0, 0, -1-rng.IntN(32)))
				to = calendar.Date(time.Now().AddDate(0, 0, -1-rng.IntN(32)))
				if from > to {
					from, to = to, from
				}
				q.Set("from", from)
				q.Set("to", to)
			case 3:
				m := time.Now().AddDate(0, 0, -rng.IntN(32)).In(calendar.Zone())
				q.Set("period", m.Format("2006-01"))
				first := time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
				from, to = first.Format(time.DateOnly), first.AddDate(0, 1, -1).Format(time.DateOnly)
			}
			q.Set("method", []string{"bt", "score", "ahp"}[rng.IntN(3)])
			main := response.GroupAll
			if g := rng.IntN(len(sv.Groups) + 1); g > 0 {
				q.Set("group", sv.Groups[g-1].ID)
				main = response.GroupKey(sv.Groups[g-1].ID)
			}
			var r resultJSON
			get(path+"?"+q.Encode(), &r)
			add := func(set string, n *int64, rest bool) {
				if n == nil {
					return
				}
				who := resolve(scope, from, to, set, rest)
				what := fmt.Sprintf("%s %s (day %d)", path+"?"+q.Encode(), set, -ago)
				if rest {
					what = fmt.Sprintf("%s rest of %s (day %d)", path+"?"+q.Encode(), set, -ago)
				}
				figures = append(figures, figure{what: what, n: *n, who: who})
			}
			add(main, r.Respondents, false)
			for _, g := range r.Groups {
				add(response.GroupKey(g.ID), g.Respondents, false)
				if c := g.Comparison; c != nil {
					// The comparison with the rest counts the group and
					// everyone else in the batches it is shown in.
					a, b := int64(c.RespondentsA), int64(c.RespondentsB)
					add(response.GroupKey(g.ID), &a, false)
					add(response.GroupKey(g.ID), &b, true)
					comparisons++
				}
			}
		}
		// Live counts, and again after one more answer today.
		for step := range 2 {
			for _, code := range codes {
				counts, _ := f.countsOf(t, "group@a.se", code)
				queries++
				for cell, v := range counts {
					var n int64
					if _, err := fmt.Sscan(v, &n); err != nil {
						continue
					}
					key := liveCell{code, cell}
					if was, ok := lastLive[key]; ok && n-was > 0 && n-was < k {
						t.Errorf("day %d step %d: live count %s %s went from %d to %d", -ago, step, code, cell, was, n)
					}
					if n > 0 && n < k {
						t.Errorf("day %d: live count %s %s = %d", -ago, code, cell, n)
					}
					lastLive[key] = n
				}
			}
			if step == 0 {
				f.submitToday(t, ruralMan)
				sets := map[string]bool{response.GroupAll: true}
				for _, g := range response.Groups(sv, ruralMan) {
					sets[response.GroupKey(g)] = true
				}
				for q, a := range ruralMan {
					sets[response.BackgroundField(q, a)] = true
				}
				tr.people = append(tr.people, person{campaign: "GRUMS34", date: f.collect.Today(), sets: sets})
			}
		}
	}
	// The checker: each figure counts exactly the respondents it resolves
	// to, and no figure inside another leaves 1..k-1 outside it.
	distinct := map[string]figure{}
	for _, fg := range figures {
		if got := int64(fg.who.count()); got != fg.n {
			t.Fatalf("%s: shows %d respondents, the released batches hold %d", fg.what, fg.n, got)
		}
		if fg.n > 0 && fg.n < k {
			t.Fatalf("%s: a figure about %d respondents", fg.what, fg.n)
		}
		distinct[fg.who.key()] = fg
	}
	var list []figure
	for _, fg := range distinct {
		list = append(list, fg)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].what < list[j].what })
	pairs := 0
	for _, a := range list {
		for _, b := range list {
			if d, inside := a.who.minus(b.who); inside && d > 0 {
				pairs++
				if d < k {
					t.Fatalf("%s (%d) minus %s (%d) describes %d respondents", a.what, a.n, b.what, b.n, d)
				}
			}
		}
	}
	t.Logf("%d respondents, %d queries, %d figures (%d distinct sets, %d comparisons with the rest), %d nested pairs checked", len(tr.people), queries, len(figures), len(list), comparisons, pairs)
	if queries < 2000 || pairs < 100 || comparisons < 100 {
		t.Errorf("only %d queries, %d nested pairs and %d comparisons: the test checks too little", queries, pairs, comparisons)
	}
}
