package web_test

// Red-team attacks on the judges rule (docs/privacy.md, "Judges within a
// batch"): figures computed from judgments need k respondents who judged,
// batch by batch, so that no difference between two figures isolates the
// judgments of fewer than k.

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/vfv/vfv/internal/response"
)

// TestRedteam2JudgesWeekAddsNothing: week 1 has 5 members of "varken jobb
// eller studier" who all judged; week 2 has 5 more, of whom 4 answered
// "vet inte" throughout and P judged. The group has at least k judges
// over both weeks (6), so a rule on the sum alone would show it over both
// weeks and over week 1, and their difference would be P's judgments.
// The property: the group's figures over both weeks are those over week 1
// (week 2 withholds its judgments); only its count of answers grows.
func TestRedteam2JudgesWeekAddsNothing(t *testing.T) {
	f := newStaffFixture(t)
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(41, 3))
	week1, week2 := rtDaysAgo(10), rtDaysAgo(3)
	for i := range 5 {
		bg := rt2Seeking
		if i >= 3 {
			bg = rt2Idle
		}
		f.rtSeed(t, f.campA, week1, bg, rtJudgments(sv, rng, ""), "")
		f.rtSeed(t, f.campA, week1, rt2Studying, rtJudgments(sv, rng, ""), "")
		f.rtSeed(t, f.campA, week2, rt2Studying, rtJudgments(sv, rng, ""), "")
	}
	for range 4 {
		f.rtSeed(t, f.campA, week2, rt2Idle, rt2Skipped(rtJudgments(sv, rng, "")), "")
	}
	f.rtSeed(t, f.campA, week2, rt2Idle, rtJudgments(sv, rng, sv.Items[4].ID), "")
	path := "/api/v1/campaigns/" + f.campA + "/results"
	group := func(query string) (figures string, respondents any) {
		f.rt2Settled(t, path+query)
		_, body := f.api(t, "group@a.se", "GET", path+query, "")
		var r struct{ Groups []map[string]any }
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		for _, g := range r.Groups {
			if g["id"] == rt2Group {
				if g["suppressed"] != false {
					t.Fatalf("%s is not shown over %q: the attack needs it (%v)", rt2Group, query, g)
				}
				respondents = g["respondents"]
				delete(g, "respondents")
				delete(g, "partial")
				out, _ := json.Marshal(g)
				return string(out), respondents
			}
		}
		t.Fatalf("no %s in the results", rt2Group)
		return "", nil
	}
	one, n1 := group("?from=" + rtDaysAgo(13).Format("2006-01-02") + "&to=" + rtDaysAgo(7).Format("2006-01-02"))
	both, n2 := group("")
	if n1 != float64(5) || n2 != float64(10) {
		t.Errorf("the group's answers: week 1 %v, both weeks %v; want 5 and 10 (the members who judged nothing are counted)", n1, n2)
	}
	if one != both {
		t.Errorf("LEAK: the group's figures over both weeks differ from week 1 alone, though week 2 has one judge of it:\n week 1 %.900s\n both   %.900s", one, both)
	}
}

// TestRedteam2ItemOfFewJudges records the remaining limit (docs/privacy.md,
// "An item judged by fewer than k"): the group has 5 judges, but 4 of
// them answered "vet inte" to every pair with item X, so the group's
// share of X rests on P's judgments of X alone. The judges rule counts
// respondents, not judges per item.
func TestRedteam2ItemOfFewJudges(t *testing.T) {
	f := newStaffFixture(t)
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(43, 9))
	day := rtDaysAgo(3)
	x := sv.Items[4].ID
	for range 5 {
		f.rtSeed(t, f.campA, day, rt2Studying, rtJudgments(sv, rng, ""), "")
	}
	for range 4 {
		js := rtJudgments(sv, rng, "")
		for i, j := range js {
			if j.A == x || j.B == x {
				js[i] = response.Judgment{A: j.A, B: j.B, Skip: true}
			}
		}
		f.rtSeed(t, f.campA, day, rt2Idle, js, "")
	}
	p := rtJudgments(sv, rng, x)
	judgedX := false
	for _, j := range p {
		judgedX = judgedX || j.A == x || j.B == x
	}
	if !judgedX {
		t.Fatal("P was shown no pair with X: the attack needs one")
	}
	f.rtSeed(t, f.campA, day, rt2Seeking, p, "")
	r := f.rt2Settled(t, "/api/v1/campaigns/"+f.campA+"/results")
	for _, g := range r.Groups {
		if g.ID != rt2Group {
			continue
		}
		if g.Suppressed {
			t.Fatalf("%s (5 judges) is suppressed: the judges rule withholds more than it should", g.ID)
		}
		t.Logf("known limit: %s's share of %s (%s) rests on the judgments of X by 1 of its 5 judges", g.ID, x, ptrStr(g.Items[4].Share))
		return
	}
	t.Fatalf("no %s in the results", rt2Group)
}

// TestRedteam2ExportOfOneJudge: the judgments export is microdata, but
// its rows must not single out the judgments of fewer than k either. In
// week A, 4 of 5 answered "vet inte" throughout and P judged: the week's
// rows (its period is a column) held P's judgments alone. In week B, 5
// women judged and of 5 men only Q: with the kon column shown (5 women,
// 5 men: the member rule allows it) Q's row was the one man's row with
// judgments. The property: no batch shows judgments of 1..k−1 people
// (week A adds no row: its 4 rows of "vet inte" beside a batch of 5 would
// tell that one row is missing), and no shown column value is held by
// 1..k−1 rows that carry judgments; in week B those who judged nothing
// keep their rows.
func TestRedteam2ExportOfOneJudge(t *testing.T) {
	f := newStaffFixture(t)
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(47, 1))
	weekA, weekB := rtDaysAgo(10), rtDaysAgo(3)
	for range 4 {
		f.rtSeed(t, f.campA, weekA, rtTownWoman, rt2Skipped(rtJudgments(sv, rng, "")), "")
		f.rtSeed(t, f.campA, weekB, rtTownMan, rt2Skipped(rtJudgments(sv, rng, "")), "")
	}
	f.rtSeed(t, f.campA, weekA, rtTownWoman, rtJudgments(sv, rng, ""), "")
	f.rtSeed(t, f.campA, weekB, rtTownMan, rtJudgments(sv, rng, ""), "")
	for range 5 {
		f.rtSeed(t, f.campA, weekB, rtTownWoman, rtJudgments(sv, rng, ""), "")
	}
	recs := f.rtJudgmentsExport(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/export?what=judgments&format=csv")
	byPeriod := map[string][]rtRecord{}
	for _, r := range recs {
		byPeriod[r.QI["period"]] = append(byPeriod[r.QI["period"]], r)
	}
	if len(byPeriod) == 0 {
		t.Fatal("the export is empty: week B's rows are missing")
	}
	for period, rows := range byPeriod {
		judges := 0
		values := map[string]int{}
		for _, r := range rows {
			judged := false
			for _, j := range r.Judgments {
				judged = judged || !j.Skip
			}
			if !judged {
				continue
			}
			judges++
			for col, v := range r.QI {
				if col != "campaign" && col != "period" && v != "*" {
					values[col+"="+v]++
				}
			}
		}
		if judges > 0 && judges < 5 {
			t.Errorf("LEAK: the rows of %s carry the judgments of %d respondents", period, judges)
		}
		for v, n := range values {
			if n < 5 {
				t.Errorf("LEAK: in %s, %s is shown on %d rows with judgments", period, v, n)
			}
		}
		if judges >= 5 && len(rows) != 10 {
			t.Errorf("%s has %d rows, want 10: those who judged nothing keep theirs", period, len(rows))
		}
	}
}
