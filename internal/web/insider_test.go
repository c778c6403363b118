package web_test

// The attacks of an insider with ordinary staff access (docs/privacy.md,
// "Threat model"), each written as it was carried out against the old
// release rule, and shown to fail now.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
)

// Backgrounds of the seeded respondents.
var (
	youngMan   = map[string]string{"alder": "16-19", "kon": "man", "gor-nu": "studerar", "bor": "tatort"}
	youngWoman = map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}
	ruralMan   = map[string]string{"alder": "16-19", "kon": "man", "gor-nu": "studerar", "bor": "landsbygd"}
)

// seedAnswers stores n answers in campaign code, daysAgo days before
// today, with background bg; each prefers item index prefer in every pair
// it is shown, and writes a story naming its seed and number.
func (f *staffFixture) seedAnswers(t *testing.T, code string, daysAgo, n int, bg map[string]string, prefer int, story string) []string {
	t.Helper()
	sv, _ := f.collectSurvey("unga-vuxna")
	svc := collect.New(f.store, f.surveys, nil)
	svc.SetClock(func() time.Time { return time.Now().AddDate(0, 0, -daysAgo) })
	var ids []string
	for i := range n {
		sub := response.Submission{ID: uuid.NewString(), Campaign: code, Lang: "sv", Background: bg}
		for p := range sv.PairsPerRespondent() {
			x, y := pairIndex(len(sv.Items), (p+i)%sv.NumPairs())
			a, b := sv.Items[x].ID, sv.Items[y].ID
			v := 1 + i%2
			if a == sv.Items[prefer].ID {
				v = -v
			}
			sub.Judgments = append(sub.Judgments, response.Judgment{A: a, B: b, Value: &v})
		}
		if story != "" {
			sub.Story = fmt.Sprintf("%s %d", story, i)
		}
		if _, err := svc.Submit(context.Background(), sub); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sub.ID)
	}
	return ids
}

// addCampaign creates a campaign of unga-vuxna in project.
func (f *staffFixture) addCampaign(t *testing.T, code, project string) {
	t.Helper()
	if err := f.store.CreateCampaign(context.Background(), store.Campaign{Code: code, SurveyID: "unga-vuxna", ProjectID: project, Name: code, Site: "Site " + code, Open: true, Lang: "sv"}); err != nil {
		t.Fatal(err)
	}
}

// addUser adds a staff member with an API token.
func (f *staffFixture) addUser(t *testing.T, email string, roles map[string]string) {
	t.Helper()
	ctx := context.Background()
	if _, err := account.AddUser(ctx, f.store, store.User{Email: email, Roles: roles}, testPassword); err != nil {
		t.Fatal(err)
	}
	secret, _, err := account.NewToken(ctx, f.store, email, "test", time.Now(), 90)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens[email] = secret
}

func (f *staffFixture) results(t *testing.T, user, path string) resultJSON {
	t.Helper()
	status, body := f.api(t, user, "GET", path, "")
	var r resultJSON
	if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
		t.Fatalf("GET %s = %d %s", path, status, body)
	}
	return r
}

func groupOf(r resultJSON, id string) (n int64, shares []float64, shown bool) {
	for _, g := range r.Groups {
		if g.ID != id {
			continue
		}
		if g.Suppressed || g.Respondents == nil {
			return 0, nil, false
		}
		for _, it := range g.Items {
			shares = append(shares, *it.Share)
		}
		return *g.Respondents, shares, true
	}
	return 0, nil, false
}

// TestAttackChartCacheAcrossProjects (attack 1): a project group of
// project B whose campaigns have the same counts as project A's must get
// its own charts and results, never A's, from every cached endpoint (the
// timeline too: the same counts on the same day, only the site differs).
func TestAttackChartCacheAcrossProjects(t *testing.T) {
	f := newStaffFixture(t)
	f.addUser(t, "group@b.se", map[string]string{"kil": "group"})
	f.addCampaign(t, "GRUMS36", "grums")
	f.addCampaign(t, "KILKIL4", "kil")
	f.seedAnswers(t, "GRUMS36", 8, 12, youngWoman, 0, "")
	f.seedAnswers(t, "KILKIL4", 8, 12, youngWoman, 5, "")
	for _, path := range []string{
		"/api/v1/surveys/unga-vuxna/chart.svg",
		"/api/v1/surveys/unga-vuxna/chart.png",
		"/api/v1/surveys/unga-vuxna/chart.svg?kind=groups",
		"/api/v1/surveys/unga-vuxna/chart.svg?kind=timeline",
		"/api/v1/surveys/unga-vuxna/results",
		"/api/v1/surveys/unga-vuxna/results?method=ahp",
		"/api/v1/surveys/unga-vuxna/export?what=scores&format=csv",
	} {
		sa, a := f.download(t, "group@a.se", path)
		sb, b := f.download(t, "group@b.se", path)
		if sa != 200 || sb != 200 {
			t.Fatalf("%s = %d and %d, want 200", path, sa, sb)
		}
		if string(a) == string(b) {
			t.Errorf("%s: project B received project A's output (%d bytes), byte for byte", path, len(a))
		}
	}
	for user, own := range map[string]string{"group@a.se": "GRUMS36", "group@b.se": "KILKIL4"} {
		survey := f.results(t, user, "/api/v1/surveys/unga-vuxna/results")
		campaign := f.results(t, user, "/api/v1/campaigns/"+own+"/results")
		if !reflect.DeepEqual(survey.Items, campaign.Items) {
			t.Errorf("%s: the survey's results are not those of its only campaign %s", user, own)
		}
	}
}

// TestAttackPooling (attack 2): campaign A1 has 4 young men (fewer than
// k = 5). The survey scope (A1 + A2) and A2 alone must not both show the
// young men with different numbers, or A1's 4 are their difference.
func TestAttackPooling(t *testing.T) {
	f := newStaffFixture(t)
	f.addCampaign(t, "GRUMS35", "grums")
	f.seedAnswers(t, "GRUMS34", 10, 4, youngMan, 0, "")
	f.seedAnswers(t, "GRUMS34", 10, 10, youngWoman, 3, "")
	f.seedAnswers(t, "GRUMS35", 10, 6, youngMan, 5, "")
	f.seedAnswers(t, "GRUMS35", 10, 8, youngWoman, 3, "")
	scopes := []string{
		"/api/v1/surveys/unga-vuxna/results",
		"/api/v1/surveys/unga-vuxna/results?campaigns=GRUMS34,GRUMS35",
		"/api/v1/surveys/unga-vuxna/results?campaigns=GRUMS35",
		"/api/v1/surveys/unga-vuxna/results?campaigns=GRUMS34",
		"/api/v1/campaigns/GRUMS34/results",
		"/api/v1/campaigns/GRUMS35/results",
	}
	for _, group := range []string{"unga-man-16-24", "unga-kvinnor-16-24"} {
		type fig struct {
			n      int64
			shares []float64
		}
		var figs []fig
		for _, path := range scopes {
			if n, shares, ok := groupOf(f.results(t, "group@a.se", path), group); ok {
				figs = append(figs, fig{n, shares})
			}
		}
		for i := range figs {
			for j := range figs {
				if d := figs[i].n - figs[j].n; d > 0 && d < 5 {
					t.Errorf("%s: two scopes show %d and %d: their difference is %d respondents", group, figs[i].n, figs[j].n, d)
				}
				if figs[i].n == figs[j].n && !reflect.DeepEqual(figs[i].shares, figs[j].shares) {
					t.Errorf("%s: two figures of %d respondents with different shares: one holds answers the other lacks", group, figs[i].n)
				}
			}
		}
	}
	pooled := f.results(t, "group@a.se", "/api/v1/surveys/unga-vuxna/results")
	if n, _, ok := groupOf(pooled, "unga-man-16-24"); !ok || n != 6 {
		t.Errorf("pooled young men = %d (shown %v), want 6: A2's, without A1's withheld 4", n, ok)
	}
	_, raw := f.api(t, "group@a.se", "GET", "/api/v1/surveys/unga-vuxna/results", "")
	var partial struct {
		Groups []struct {
			ID      string
			Partial bool
		}
	}
	_ = json.Unmarshal([]byte(raw), &partial)
	for _, g := range partial.Groups {
		if g.ID == "unga-man-16-24" && !g.Partial {
			t.Errorf("pooled young men do not say that some answers are left out: %s", raw)
		}
	}
}

// TestAttackDateRanges (attack 3): 18 answers on one day and 1 on the
// next. No pair of date ranges may differ by the one person, and the
// timeline shows no point of one answer.
func TestAttackDateRanges(t *testing.T) {
	f := newStaffFixture(t)
	// The 18 on the Sunday that ended a week, the one on the Monday after:
	// each week has ended (batches are whole weeks).
	sunday := int(time.Now().In(calendar.Zone()).Weekday()) + 14 // days back to a Sunday two weeks ago
	f.seedAnswers(t, "GRUMS34", sunday, 18, youngWoman, 0, "")
	f.seedAnswers(t, "GRUMS34", sunday-1, 1, ruralMan, 5, "")
	day := func(ago int) string { return calendar.Date(time.Now().AddDate(0, 0, -ago)) }
	var ranges []string
	for _, from := range []string{"", day(sunday + 1), day(sunday), day(sunday - 1), day(sunday - 2)} {
		for _, to := range []string{"", day(sunday), day(sunday - 1), day(sunday - 2), day(0)} {
			if from != "" && to != "" && from > to {
				continue
			}
			ranges = append(ranges, "?from="+from+"&to="+to)
		}
	}
	ranges = append(ranges, "?period="+day(sunday - 1)[:7], "?period="+day(sunday - 1)[:4])
	var ns []int64
	for _, q := range ranges {
		r := f.results(t, "group@a.se", "/api/v1/campaigns/GRUMS34/results"+q)
		if r.Respondents != nil {
			ns = append(ns, *r.Respondents)
		}
		if n, _, ok := groupOf(r, "landsbygd"); ok {
			t.Errorf("results%s show the one rural answer (%d)", q, n)
		}
	}
	for _, a := range ns {
		for _, b := range ns {
			if d := a - b; d > 0 && d < 5 {
				t.Fatalf("two date ranges show %d and %d respondents: one person's answers are their difference", a, b)
			}
		}
	}
	status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/periods", "")
	var periods struct {
		Batches []struct{ Respondents int64 }
		Pending int64
	}
	if err := json.Unmarshal([]byte(body), &periods); status != 200 || err != nil {
		t.Fatalf("periods = %d %s", status, body)
	}
	for _, b := range periods.Batches {
		if b.Respondents < 5 {
			t.Errorf("a released batch (a timeline point) of %d answers", b.Respondents)
		}
	}
	if len(periods.Batches) != 1 || periods.Pending != 1 {
		t.Errorf("periods = %s, want one batch of 18 and the single answer pending", body)
	}
}

// countsOf reads a campaign's per-answer counts as the trust agent sees
// them: "question=answer" → count or "hidden".
func (f *staffFixture) countsOf(t *testing.T, user, code string) (map[string]string, int64) {
	t.Helper()
	status, body := f.api(t, user, "GET", "/api/v1/campaigns/"+code, "")
	var c struct {
		Counts struct {
			Total      int64
			Background []struct {
				Question string
				Answers  []struct {
					Answer     string
					Count      *int64
					Suppressed bool
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &c); status != 200 || err != nil {
		t.Fatalf("campaign = %d %s", status, body)
	}
	out := map[string]string{}
	for _, q := range c.Counts.Background {
		for _, a := range q.Answers {
			v := "hidden"
			if !a.Suppressed && a.Count != nil {
				v = fmt.Sprint(*a.Count)
			}
			out[q.Question+"="+a.Answer] = v
		}
	}
	return out, c.Counts.Total
}

// TestAttackLiveCounts (attack 4): a trust agent reads the campaign's
// counts before and after handing the tablet to one person, today and on
// the following days. Only the total may move by one; no per-answer count
// changes by fewer than k, and a shown 0 never turns into "för få svar"
// because of one answer.
func TestAttackLiveCounts(t *testing.T) {
	f := newStaffFixture(t)
	f.seedAnswers(t, "GRUMS34", 10, 12, youngWoman, 0, "")
	const agent = "agent@a.se"
	before, total := f.countsOf(t, agent, "GRUMS34")
	if before["bor=landsbygd"] != "0" || before["kon=kvinna"] != "12" {
		t.Fatalf("counts before = %v, want 12 women and 0 rural shown", before)
	}
	steps := []struct {
		name  string
		do    func()
		total int64
	}{
		{"one rural young man answers today", func() { f.submitToday(t, ruralMan) }, total + 1},
		{"the next day", func() { f.later(1) }, total + 1},
		{"a week later", func() { f.later(8) }, total + 1},
		{"a second rural man a week later", func() { f.submitToday(t, ruralMan); f.later(16) }, total + 2},
	}
	for _, st := range steps {
		st.do()
		after, n := f.countsOf(t, agent, "GRUMS34")
		if n != st.total {
			t.Errorf("%s: total = %d, want %d (the total is live)", st.name, n, st.total)
		}
		for cell, was := range before {
			now := after[cell]
			var a, b int64
			_, errA := fmt.Sscan(was, &a)
			_, errB := fmt.Sscan(now, &b)
			switch {
			case errA == nil && errB == nil && b-a > 0 && b-a < 5:
				t.Errorf("%s: %s went from %s to %s", st.name, cell, was, now)
			case was == "0" && now == "hidden":
				t.Errorf("%s: %s went from a shown 0 to hidden", st.name, cell)
			}
		}
		before = after
	}
}

// submitToday stores one answer through the server's own collector (its
// clock), as the tablet would.
func (f *staffFixture) submitToday(t *testing.T, bg map[string]string) {
	t.Helper()
	sv, _ := f.collectSurvey("unga-vuxna")
	v := 1
	sub := response.Submission{ID: uuid.NewString(), Campaign: "GRUMS34", Lang: "sv", Background: bg,
		Judgments: []response.Judgment{{A: sv.Items[0].ID, B: sv.Items[1].ID, Value: &v}}}
	if _, err := f.testServer.collect.Submit(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
}

// TestAttackStoryLabels (attack 5): campaign A1 withholds its 4 young
// women; their stories must not carry the group's label in any scope or
// export, nor be listed under the group, though A2's young women are
// shown.
func TestAttackStoryLabels(t *testing.T) {
	f := newStaffFixture(t)
	f.addCampaign(t, "GRUMS35", "grums")
	f.seedAnswers(t, "GRUMS34", 10, 4, youngWoman, 0, "A1 kvinna")
	f.seedAnswers(t, "GRUMS34", 10, 10, youngMan, 3, "A1 man")
	f.seedAnswers(t, "GRUMS35", 10, 6, youngWoman, 5, "A2 kvinna")
	f.seedAnswers(t, "GRUMS35", 10, 6, youngMan, 5, "A2 man")
	for _, path := range []string{"/api/v1/campaigns/GRUMS34/stories", "/api/v1/campaigns/GRUMS35/stories"} {
		_, body := f.api(t, "group@a.se", "GET", path, "")
		var list []struct {
			Text   string
			Groups []string
		}
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		for _, st := range list {
			if strings.HasPrefix(st.Text, "A1") && len(st.Groups) > 0 {
				t.Errorf("%s: story %q of a batch that withholds the young women carries labels %v", path, st.Text, st.Groups)
			}
			if strings.HasPrefix(st.Text, "A2 kvinna") && !slices.Contains(st.Groups, "unga-kvinnor-16-24") {
				t.Errorf("%s: story %q of a clean batch lacks its group label (%v)", path, st.Text, st.Groups)
			}
		}
	}
	_, csv := f.download(t, "group@a.se", "/api/v1/surveys/unga-vuxna/export?what=stories&format=csv")
	for _, line := range strings.Split(string(csv), "\n") {
		if strings.HasPrefix(line, "A1") && strings.Contains(line, "kvinnor") {
			t.Errorf("the survey's stories export labels an A1 story with the withheld group: %q", line)
		}
	}
	u := f.login(t, "group@a.se")
	_, _, page := u.get(t, "/staff/surveys/unga-vuxna/results?story_group=unga-kvinnor-16-24")
	if strings.Contains(page, "A1 kvinna") || !strings.Contains(page, "A2 kvinna") {
		t.Errorf("the survey page's stories of young women include A1's withheld ones or lack A2's")
	}
}

// TestStoryLabelsInCleanBatch: in a batch where no group is withheld,
// stories carry their groups and the top item, and can be listed by group.
func TestStoryLabelsInCleanBatch(t *testing.T) {
	f := newStaffFixture(t)
	f.seedAnswers(t, "GRUMS34", 8, 6, youngWoman, 0, "kvinna")
	f.seedAnswers(t, "GRUMS34", 8, 6, youngMan, 5, "man")
	_, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/stories?group=unga-man-16-24", "")
	var list []struct {
		Text, Top string
		Groups    []string
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list) != 6 {
		t.Fatalf("stories of young men = %s, want 6", body)
	}
	for _, st := range list {
		if !strings.HasPrefix(st.Text, "man") || st.Top == "" || !slices.Contains(st.Groups, "unga-man-16-24") {
			t.Errorf("story %+v lacks its label or top item", st)
		}
	}
	if s, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/stories?group=nope", ""); s != 400 || !strings.Contains(body, `"field":"group"`) {
		t.Errorf("stories?group=nope = %d %s, want 400 naming group", s, body)
	}
}

// TestAttackOrder (attack 9): nothing staff read lists answers in the
// order they were given; stories come in the order of their ids (hashes).
func TestAttackOrder(t *testing.T) {
	f := newStaffFixture(t)
	f.seedAnswers(t, "GRUMS34", 8, 30, youngWoman, 0, "berättelse")
	_, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/stories", "")
	var list []struct{ ID, Text string }
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list) != 30 {
		t.Fatalf("stories = %s", body)
	}
	var texts, ids []string
	for _, st := range list {
		texts = append(texts, st.Text)
		ids = append(ids, st.ID)
	}
	submitted := slices.Clone(texts)
	sort.Slice(submitted, func(i, j int) bool {
		var a, b int
		fmt.Sscanf(submitted[i], "berättelse %d", &a)
		fmt.Sscanf(submitted[j], "berättelse %d", &b)
		return a < b
	})
	if reflect.DeepEqual(texts, submitted) {
		t.Error("stories are listed in the order they were given")
	}
	if !sort.StringsAreSorted(ids) {
		t.Error("stories are not listed by id")
	}
}

// TestBadScopeQueries: unknown periods, scopes or groups answer 400 with
// the field named, on every output that takes them — never a partial
// result.
func TestBadScopeQueries(t *testing.T) {
	f := newStaffFixture(t)
	f.seedAnswers(t, "GRUMS34", 8, 12, youngWoman, 0, "")
	for _, base := range []string{
		"/api/v1/campaigns/GRUMS34/results",
		"/api/v1/surveys/unga-vuxna/results",
		"/api/v1/surveys/unga-vuxna/chart.svg",
		"/api/v1/campaigns/GRUMS34/chart.png",
		"/api/v1/surveys/unga-vuxna/export?what=scores&format=csv&x=",
	} {
		export := strings.Contains(base, "export")
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		for q, field := range map[string]string{
			"period=2026-13":                "period",
			"period=vår":                    "period",
			"period=2026&from=2026-01-01":   "period",
			"from=2026-02-30":               "from",
			"from=2026-03-01&to=2026-02-01": "to",
			"group=nope":                    "group",
			"method=median":                 "method",
		} {
			if export && (field == "group" || field == "method") {
				continue // the scores export holds every group and method
			}
			status, body := f.api(t, "group@a.se", "GET", base+sep+q, "")
			if status != 400 || !strings.Contains(body, `"field":"`+field+`"`) {
				t.Errorf("%s%s%s = %d %.200s, want 400 naming %s", base, sep, q, status, body, field)
			}
		}
	}
	for path, field := range map[string]string{
		"/api/v1/surveys/unga-vuxna/results?campaigns=GRUMS34,NOSUCH9": "campaigns",
		"/api/v1/surveys/unga-vuxna/results?campaigns=KILKIL3":         "campaigns",
		"/api/v1/campaigns/GRUMS34/stories?group=nope":                 "group",
	} {
		status, body := f.api(t, "group@a.se", "GET", path, "")
		if status != 400 || !strings.Contains(body, `"field":"`+field+`"`) {
			t.Errorf("%s = %d %.200s, want 400 naming %s", path, status, body, field)
		}
	}
}

// TestAttackPartialRevealsWithheldMembers: the "partial" flag must not
// tell a week with no rural answers from one with a few that were
// withheld: two campaigns alike but for 2 rural answers in their second
// week show the rural group with the same flags, in results and in the
// live counts.
func TestAttackPartialRevealsWithheldMembers(t *testing.T) {
	f := newStaffFixture(t)
	sunday := int(time.Now().In(calendar.Zone()).Weekday()) + 14 // days back to a Sunday two weeks ago
	for _, code := range []string{"GRUMS35", "GRUMS36"} {
		f.addCampaign(t, code, "grums")
		f.seedAnswers(t, code, sunday+7, 6, ruralMan, 0, "")
		f.seedAnswers(t, code, sunday+7, 6, youngWoman, 0, "")
		f.seedAnswers(t, code, sunday, 8, youngWoman, 0, "")
	}
	f.seedAnswers(t, "GRUMS36", sunday, 2, ruralMan, 0, "")
	flags := func(code string) string {
		_, raw := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/"+code+"/results", "")
		var r struct {
			Groups []struct {
				ID      string
				Partial bool
			}
		}
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			t.Fatal(err)
		}
		// Only the rural group: the young women are withheld by difference
		// in the second week of one campaign, which that week's own results
		// say anyway (reason "difference", a group of at least k).
		var out []string
		for _, g := range r.Groups {
			if g.ID == "landsbygd" {
				out = append(out, fmt.Sprintf("%s=%v", g.ID, g.Partial))
			}
		}
		_, live := f.api(t, "agent@a.se", "GET", "/api/v1/campaigns/"+code, "")
		return strings.Join(out, " ") + " live:" + fmt.Sprint(strings.Contains(live, `"answer":"landsbygd","label":"På landet","count":6,"suppressed":false,"partial":true`))
	}
	if a, b := flags("GRUMS35"), flags("GRUMS36"); a != b {
		t.Errorf("LEAK: the flags differ only by 2 withheld rural answers:\n%s\n%s", a, b)
	}
}

// TestAttackRestRevealsWithheld (attack 12): the comparison of a group
// with "the rest". In the first week 3 young women answered (withheld:
// fewer than 5) and 27 young men; in the second 10 women and 20 men. Had
// the rest been "everyone not in the group" over all weeks, an insider
// would read everyone (60) − the shown women (10) − the rest (47) = 3: the
// withheld women of week one. The rest is everyone else in the weeks the
// group is shown in, so every such leftover is a sum of whole released
// batches, and so is the compare job's.
func TestAttackRestRevealsWithheld(t *testing.T) {
	f := newStaffFixture(t)
	sunday := int(time.Now().In(calendar.Zone()).Weekday()) + 14 // days back to a Sunday two weeks ago
	f.addCampaign(t, "GRUMS35", "grums")
	f.seedAnswers(t, "GRUMS35", sunday+7, 3, youngWoman, 0, "")
	f.seedAnswers(t, "GRUMS35", sunday+7, 27, youngMan, 1, "")
	f.seedAnswers(t, "GRUMS35", sunday, 10, youngWoman, 0, "")
	f.seedAnswers(t, "GRUMS35", sunday, 20, youngMan, 1, "")
	_, raw := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS35/results", "")
	var r struct {
		Respondents *int64
		Groups      []struct {
			ID          string
			Respondents *int64
			Suppressed  bool
			Comparison  *struct {
				RespondentsA int `json:"respondents_a"`
				RespondentsB int `json:"respondents_b"`
			}
		}
	}
	if err := json.Unmarshal([]byte(raw), &r); err != nil || r.Respondents == nil {
		t.Fatalf("results: %v %s", err, raw)
	}
	_, raw = f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS35/periods", "")
	var periods struct{ Batches []struct{ Respondents int } }
	if err := json.Unmarshal([]byte(raw), &periods); err != nil {
		t.Fatal(err)
	}
	batchSums := map[int]bool{0: true} // every sum of whole batches
	for _, b := range periods.Batches {
		for s := range maps.Clone(batchSums) {
			batchSums[s+b.Respondents] = true
		}
	}

	compared := 0
	for _, g := range r.Groups {
		if g.Suppressed || g.Comparison == nil {
			if g.Comparison != nil {
				t.Errorf("LEAK: suppressed %s compared with the rest", g.ID)
			}
			continue
		}
		compared++
		c := g.Comparison
		left := int(*r.Respondents) - c.RespondentsA - c.RespondentsB
		if int64(c.RespondentsA) != *g.Respondents || !batchSums[left] {
			t.Errorf("LEAK: %s: everyone %d − group %d − rest %d = %d, not a sum of whole batches %v", g.ID, *r.Respondents, c.RespondentsA, c.RespondentsB, left, periods.Batches)
		}
	}
	if compared == 0 {
		t.Fatal("no group was compared with the rest")
	}
	status, body := f.api(t, "group@a.se", "POST", "/api/v1/campaigns/GRUMS35/jobs", `{"kind":"compare","a":"unga-kvinnor-16-24","b":"rest"}`)
	var job struct{ ID string }
	if err := json.Unmarshal([]byte(body), &job); status != 202 || err != nil {
		t.Fatalf("start compare = %d %s", status, body)
	}
	j := f.pollJob(t, "group@a.se", job.ID)
	res, _ := j["result"].(map[string]any)
	if j["state"] != "done" || res == nil {
		t.Fatalf("compare job = %v", j)
	}
	if left := int(*r.Respondents) - int(res["respondents_a"].(float64)) - int(res["respondents_b"].(float64)); !batchSums[left] {
		t.Errorf("LEAK: compare job: everyone − women − rest = %d, not a sum of whole batches", left)
	}
}
