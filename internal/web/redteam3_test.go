package web_test

// Red-team 3: the judges rule beside acknowledgement before counting. A
// response is acknowledged once stored and counted in a later round —
// other replicas see it a round later, and a replica that dies before its
// round leaves it to be rebuilt from the responses (RepairWriters). The
// release rule seals a week's batch from the counters as soon as the week
// has ended; a response of that week counted after the first look would
// change a sealed batch by one respondent.

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
)

// rt3Monday is the first Monday after now, at hh:mm in Swedish time.
func rt3Monday(hh, mm int) time.Time {
	now := time.Now().In(calendar.Zone())
	d := now.AddDate(0, 0, (8-int(now.Weekday()))%7)
	if d.Weekday() != time.Monday || !d.After(now) {
		d = d.AddDate(0, 0, 7)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, calendar.Zone())
}

// rt3Uncounted stores one answer on day as a replica does that dies after
// acknowledging it and before its counting round: the document is stored,
// the counters never saw it (until the writer is rebuilt).
func (f *staffFixture) rt3Uncounted(t *testing.T, code string, day time.Time, bg map[string]string, js []response.Judgment) {
	t.Helper()
	f.rt3Store(t, code, day, bg, js, false)
}

// rt3Store stores one answer on day with no counter increments, or, with
// old, with those of a version before judges were counted (no j, jsig or
// jn fields).
func (f *staffFixture) rt3Store(t *testing.T, code string, day time.Time, bg map[string]string, js []response.Judgment, old bool) {
	t.Helper()
	sub := response.Submission{ID: uuid.NewString(), Campaign: code, Lang: "sv", Background: bg, Judgments: js}
	sv := f.rtSurvey(t)
	r := store.Response{ID: sub.ID, Campaign: code, SurveyID: sv.ID, Version: sv.Version, Date: calendar.Date(day), Lang: "sv",
		Background: bg, Hash: response.Hash(sub)}
	for _, j := range js {
		sj := store.Judgment{A: j.A, B: j.B, Skip: j.Skip}
		if j.Value != nil {
			sj.Value = *j.Value
		}
		r.Judgments = append(r.Judgments, sj)
	}
	var incs []store.CounterInc
	if old {
		for _, inc := range response.Increments(sv, collect.AnswerOf(r)) {
			fields := map[string]int64{}
			for k, v := range inc.Fields {
				if k != response.FieldJudges && k != response.FieldJudgesCounted && !strings.HasPrefix(k, "jsig|") {
					fields[k] = v
				}
			}
			incs = append(incs, store.CounterInc{ID: collect.CounterID(code, inc.Group), Fields: fields})
		}
	}
	if out, err := f.store.SaveResponse(context.Background(), r, incs, nil); out != store.Created || err != nil {
		t.Fatalf("store the answer: %v, %v", out, err)
	}
}

// TestRedteam3LateCountChangesSealedWeek: five answers in the week before
// a Monday, and P's answer on its Sunday evening, acknowledged by a
// replica that died before counting it. Just after midnight the trust
// agent reads the week's figures (five answers), and again once another
// process has rebuilt the dead writer's counters (six): the two differ by
// P's judgments alone. The property: whatever figure of the week is
// released at the first look is the same at every later look.
func TestRedteam3LateCountChangesSealedWeek(t *testing.T) {
	f := newStaffFixture(t)
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(53, 1))
	first, later := rt3Monday(0, 1), rt3Monday(9, 0)
	thursday, sunday := first.AddDate(0, 0, -4), first.AddDate(0, 0, -1).Add(23*time.Hour+50*time.Minute)
	for range 5 {
		f.rtSeed(t, f.campA, thursday, rt2Studying, rtJudgments(sv, rng, ""), "")
	}
	f.rt3Uncounted(t, f.campA, sunday, rt2Seeking, rtJudgments(sv, rng, sv.Items[3].ID))

	week := "?from=" + calendar.Date(first.AddDate(0, 0, -7)) + "&to=" + calendar.Date(first.AddDate(0, 0, -1))
	read := func(at time.Time) (respondents any, figures string) {
		f.collect.SetClock(func() time.Time { return at })
		path := "/api/v1/campaigns/" + f.campA + "/results" + week
		f.rt2Settled(t, path)
		_, body := f.api(t, "group@a.se", "GET", path, "")
		var r map[string]any
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		if r["suppressed"] == true {
			return nil, ""
		}
		out, _ := json.Marshal(r["items"])
		return r["respondents"], string(out)
	}
	n1, fig1 := read(first)
	// Another process finds the dead writer and rebuilds its counters
	// from its responses (collect.Service.RepairWriters).
	if _, err := f.collect.Recount(context.Background(), f.campA); err != nil {
		t.Fatal(err)
	}
	n2, fig2 := read(later)
	if n2 != float64(6) {
		t.Fatalf("after the rebuild the week has %v answers; want 6 (the attack needs P counted)", n2)
	}
	if fig1 != "" && (n1 != n2 || fig1 != fig2) {
		t.Errorf("LEAK: the week's figures changed after it was released: %v answers at %s, %v at %s; their difference is P's judgments:\n first %.400s\n later %.400s",
			n1, first.Format(time.DateTime), n2, later.Format(time.DateTime), fig1, fig2)
	}
}

// rt3Group returns group id's figures (everything but its count of
// answers and partial flag) from a results answer, and its count; ""
// when it is suppressed.
func (f *staffFixture) rt3Group(t *testing.T, path, id string) (figures string, respondents any) {
	t.Helper()
	f.rt2Settled(t, path)
	_, body := f.api(t, "group@a.se", "GET", path, "")
	var r struct{ Groups []map[string]any }
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	for _, g := range r.Groups {
		if g["id"] != id {
			continue
		}
		respondents = g["respondents"]
		if g["suppressed"] != false {
			return "", respondents
		}
		delete(g, "respondents")
		delete(g, "partial")
		out, _ := json.Marshal(g)
		return string(out), respondents
	}
	t.Fatalf("no %s in %s", id, path)
	return "", nil
}

// TestRedteam3OverlappingScopesOneJudge: two overlapping scopes — the
// survey over campaigns A and B of the project, and campaign A alone.
// In the same week A has 5 judges of "varken jobb eller studier"; B has
// 5 members of it of whom 4 answered "vet inte" throughout and P judged.
// The group has 6 judges over A+B, so a rule on sums would show it in
// both scopes, and the difference would be P's judgments. The property:
// the group's figures over A+B are those over A (B's batch withholds its
// judgments), and B alone shows none.
func TestRedteam3OverlappingScopesOneJudge(t *testing.T) {
	f := newStaffFixture(t)
	const campB = "GRUMSB7"
	f.addCampaign(t, campB, "grums")
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(53, 2))
	day := rtDaysAgo(3)
	for i := range 5 {
		bg := rt2Seeking
		if i >= 3 {
			bg = rt2Idle
		}
		f.rtSeed(t, f.campA, day, bg, rtJudgments(sv, rng, ""), "")
		f.rtSeed(t, f.campA, day, rt2Studying, rtJudgments(sv, rng, ""), "")
		f.rtSeed(t, campB, day, rt2Studying, rtJudgments(sv, rng, ""), "")
	}
	for range 4 {
		f.rtSeed(t, campB, day, rt2Idle, rt2Skipped(rtJudgments(sv, rng, "")), "")
	}
	f.rtSeed(t, campB, day, rt2Seeking, rtJudgments(sv, rng, sv.Items[2].ID), "")

	a, na := f.rt3Group(t, "/api/v1/campaigns/"+f.campA+"/results", rt2Group)
	both, nboth := f.rt3Group(t, "/api/v1/surveys/unga-vuxna/results?campaigns="+f.campA+","+campB, rt2Group)
	b, nb := f.rt3Group(t, "/api/v1/campaigns/"+campB+"/results", rt2Group)
	if a == "" || both == "" {
		t.Fatalf("the group is not shown over A (%v answers) or A+B (%v): the attack needs both", na, nboth)
	}
	if na != float64(5) || nboth != float64(10) || nb != float64(5) {
		t.Errorf("the group's answers: A %v, A+B %v, B %v; want 5, 10, 5 (members who judged nothing are counted)", na, nboth, nb)
	}
	if a != both {
		t.Errorf("LEAK: the group's figures over A+B differ from those over A, and B adds one judge of it:\n A   %.600s\n A+B %.600s", a, both)
	}
	if b != "" {
		t.Errorf("LEAK: B shows the figures of a group with one judge: %.600s", b)
	}
}

// TestRedteam3OldCountersBesideNew: a day counted partly before judges
// were counted (old counters have no j, jsig or jn). Five young men judged
// (new counters); five young women, of whom four answered "vet inte"
// throughout and P judged — P counted by the old version. Read from the
// counters alone, P is no judge: everyone (5 judges counted) and the
// young men (5) would both show, and everyone's figures minus the young
// men's would be P's judgments. The property: the day is read from its
// responses (jn falls short of n), so the young women have one judge and
// the young men, everyone's complement of one judge, show no figure
// beside everyone's.
func TestRedteam3OldCountersBesideNew(t *testing.T) {
	f := newStaffFixture(t)
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(53, 3))
	day := rtDaysAgo(3)
	for range 5 {
		f.rtSeed(t, f.campA, day, youngMan, rtJudgments(sv, rng, ""), "")
	}
	for range 4 {
		f.rtSeed(t, f.campA, day, youngWoman, rt2Skipped(rtJudgments(sv, rng, "")), "")
	}
	f.rt3Store(t, f.campA, day, youngWoman, rtJudgments(sv, rng, sv.Items[1].ID), true)
	path := "/api/v1/campaigns/" + f.campA + "/results"
	r := f.rt2Settled(t, path)
	if r.Respondents == nil || *r.Respondents != 10 {
		t.Fatalf("everyone has %s answers; want 10 (the old-format answer counted)", ptrStr(ptrF(r.Respondents)))
	}
	men, _ := f.rt3Group(t, path, "unga-man-16-24")
	women, _ := f.rt3Group(t, path, "unga-kvinnor-16-24")
	if women != "" {
		t.Errorf("LEAK: the young women (one judge) show figures: %.300s", women)
	}
	if !r.Suppressed && r.Items[0].Share != nil && men != "" {
		t.Errorf("LEAK: everyone (6 judges) and the young men (5 of them) both show figures; their difference is P's judgments, counted by the old version:\n men %.300s", men)
	}
}
