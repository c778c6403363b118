package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/survey"
)

// seededResults stores 30 responses in campaign GRUMS34: 4 young women
// (a group under the minimum of 5), 16 young men and 10 aged 25–29, and
// returns the judgments per background class for ranking.
func seededResults(t *testing.T, f *staffFixture) map[string][]ranking.Judgment {
	t.Helper()
	ctx := context.Background()
	sv, _ := f.collectSurvey("unga-vuxna")
	svc := collect.New(f.store, f.surveys, nil)
	// Answered ten days ago: released by now, after the week a batch with
	// a small group waits for more answers (internal/release).
	svc.SetClock(func() time.Time { return time.Now().AddDate(0, 0, -10) })
	rng := rand.New(rand.NewPCG(11, 12))
	classes := []struct {
		name string
		n    int
		bg   map[string]string
	}{
		{"women", 4, map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}},
		{"men", 16, map[string]string{"alder": "16-19", "kon": "man", "gor-nu": "studerar", "bor": "tatort"}},
		{"older", 10, map[string]string{"alder": "25-29", "kon": "annat", "gor-nu": "arbetar", "bor": "tatort"}},
	}
	out := map[string][]ranking.Judgment{}
	for _, cl := range classes {
		for r := 0; r < cl.n; r++ {
			// Ids from the seeded generator: the same data every run, so the
			// seeded bootstrap gives the same intervals every run.
			var idBytes [16]byte
			for k := range idBytes {
				idBytes[k] = byte(rng.IntN(256))
			}
			id, _ := uuid.FromBytes(idBytes[:])
			sub := response.Submission{ID: id.String(), Campaign: "GRUMS34", Lang: "sv", Background: cl.bg}
			for _, p := range rng.Perm(sv.NumPairs())[:sv.PairsPerRespondent()] {
				i, j := pairIndex(len(sv.Items), p)
				a, b := sv.Items[i].ID, sv.Items[j].ID
				if rng.IntN(2) == 0 {
					a, b = b, a
				}
				// Men favour work, others feeling well: a real difference.
				v := rng.IntN(5) - 2
				if cl.name == "men" && a == "jobb-studier" {
					v = -2
				}
				if cl.name == "men" && b == "jobb-studier" {
					v = 2
				}
				if cl.name != "men" && b == "ma-bra" {
					v = 2
				}
				sub.Judgments = append(sub.Judgments, response.Judgment{A: a, B: b, Value: &v})
				out[cl.name] = append(out[cl.name], ranking.Judgment{Respondent: sub.ID, A: a, B: b, Value: float64(v)})
				out["all"] = append(out["all"], ranking.Judgment{Respondent: sub.ID, A: a, B: b, Value: float64(v)})
			}
			sub.Story = fmt.Sprintf("Berättelse från %s nummer %d", cl.name, r)
			if cl.name == "men" && r == 0 {
				sub.Story = "=cmd|' /C calc'!A0 hemlig"
			}
			if _, err := svc.Submit(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

func (ts *testServer) collectSurvey(id string) (*survey.Survey, bool) {
	for _, s := range ts.surveys {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

func pairIndex(n, p int) (int, int) {
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if p == 0 {
				return i, j
			}
			p--
		}
	}
	panic("pair out of range")
}

type resultJSON struct {
	Method       string
	CIMethod     string `json:"ci_method"`
	CIStatus     string `json:"ci_status"`
	CIComputedAt string `json:"ci_computed_at"`
	Respondents  *int64
	Suppressed   bool
	Items        []struct {
		ID     string
		Share  *float64
		CILow  *float64 `json:"ci_low"`
		CIHigh *float64 `json:"ci_high"`
		Rank   *int
	}
	Groups []struct {
		ID          string
		Respondents *int64
		Suppressed  bool
		Items       []struct {
			ID     string
			Share  *float64
			CILow  *float64 `json:"ci_low"`
			CIHigh *float64 `json:"ci_high"`
		}
		Comparison *struct {
			B            string
			Method       string
			RespondentsA int `json:"respondents_a"`
			RespondentsB int `json:"respondents_b"`
		}
	}
}

// TestResultsEqualRanking: the results API gives the numbers
// internal/ranking gives on the same judgments, overall and per group,
// with ranking's default respondent-level intervals (ci_method
// respondent-sandwich) for every method, never model-based ones.
func TestResultsEqualRanking(t *testing.T) {
	f := newStaffFixture(t)
	js := seededResults(t, f)
	sv, _ := f.collectSurvey("unga-vuxna")
	var items []string
	for _, it := range sv.Items {
		items = append(items, it.ID)
	}
	for _, method := range []string{"bt", "score", "ahp"} {
		status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results?method="+method, "")
		var r resultJSON
		if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
			t.Fatalf("%s results = %d %s", method, status, body)
		}
		for name, groupID := range map[string]string{"all": "", "men": "unga-man-16-24"} {
			want, err := ranking.Rank(js[name], ranking.Options{Items: items, Scale: ranking.Scale{Steps: sv.Scale.Steps}})
			if err != nil {
				t.Fatal(err)
			}
			if want.CIMethod != ranking.CIMethodSandwich || want.AHP == nil || want.AHP.CIMethod != ranking.CIMethodSandwich {
				t.Fatalf("ranking's default intervals are %q (ahp %v), want %s", want.CIMethod, want.AHP, ranking.CIMethodSandwich)
			}
			if r.CIMethod != ranking.CIMethodSandwich || r.CIStatus != "current" {
				t.Errorf("%s: ci_method %q, ci_status %q; want %s, current", method, r.CIMethod, r.CIStatus, ranking.CIMethodSandwich)
			}
			got, iv := map[string]float64{}, map[string][2]float64{}
			if groupID == "" {
				for _, it := range r.Items {
					got[it.ID], iv[it.ID] = *it.Share, [2]float64{*it.CILow, *it.CIHigh}
				}
			} else {
				for _, g := range r.Groups {
					if g.ID == groupID {
						for _, it := range g.Items {
							got[it.ID], iv[it.ID] = *it.Share, [2]float64{*it.CILow, *it.CIHigh}
						}
					}
				}
			}
			for i, id := range items {
				var w, lo, hi float64
				switch method {
				case "bt":
					w, lo, hi = want.BT.Items[i].Share, want.BT.Items[i].CILow, want.BT.Items[i].CIHigh
				case "score":
					w, lo, hi = want.Score.Items[i].Score, want.Score.Items[i].CILow, want.Score.Items[i].CIHigh
				case "ahp":
					a := want.AHP.Items[i]
					w, lo, hi = 100*a.PriorityEigen, 100*a.EigenCILow, 100*a.EigenCIHigh
				}
				if math.Abs(got[id]-w) > 0.006 {
					t.Errorf("%s %s %s: API %v, ranking %v", method, name, id, got[id], w)
				}
				if math.Abs(iv[id][0]-lo) > 0.006 || math.Abs(iv[id][1]-hi) > 0.006 {
					t.Errorf("%s %s %s: API interval %v, ranking's respondent-level %v–%v", method, name, id, iv[id], lo, hi)
				}
			}
		}
	}
}

// TestResultsSuppressSmallGroups: the group of 4 (minimum 5) shows no
// numbers, and its complement (everyone else is men + aged 25–29) is
// hidden too, so no subtraction of shown numbers recovers it.
func TestResultsSuppressSmallGroups(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results", "")
	var r resultJSON
	if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
		t.Fatalf("results = %d %s", status, body)
	}
	if r.Suppressed || r.Respondents == nil || *r.Respondents != 30 {
		t.Fatalf("overall = suppressed %v, respondents %v; want 30 shown", r.Suppressed, r.Respondents)
	}
	byID := map[string]int{}
	for i, g := range r.Groups {
		byID[g.ID] = i
	}
	women := r.Groups[byID["unga-kvinnor-16-24"]]
	if !women.Suppressed || women.Respondents != nil {
		t.Errorf("group of 4: suppressed %v, respondents %v; want suppressed with no count", women.Suppressed, women.Respondents)
	}
	for _, it := range women.Items {
		if it.Share != nil {
			t.Errorf("suppressed group shows a share for %s", it.ID)
		}
	}
	var shownCounts []int64
	for _, g := range r.Groups {
		if !g.Suppressed {
			shownCounts = append(shownCounts, *g.Respondents)
		}
	}
	if older := r.Groups[byID["alder-25-29"]]; !older.Suppressed {
		t.Errorf("the complement of the small group (25–29, with the men making up everyone else) is shown: %s", body)
	}
	// No sum of shown groups subtracted from the total gives 4.
	for mask := 0; mask < 1<<len(shownCounts); mask++ {
		sum := int64(0)
		for i, c := range shownCounts {
			if mask&(1<<i) != 0 {
				sum += c
			}
		}
		if *r.Respondents-sum == 4 {
			t.Errorf("total %d minus shown groups %v recovers the hidden group of 4", *r.Respondents, shownCounts)
		}
	}
	if s, b := f.api(t, "agent@a.se", "GET", "/api/v1/campaigns/GRUMS34/results", ""); s != 403 {
		t.Errorf("trust agent reading results = %d %s, want 403", s, b)
	}
	if s, _ := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/KILKIL3/results", ""); s != 404 {
		t.Errorf("another project's results = %d, want 404", s)
	}
	if s, b := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results?method=magic", ""); s != 400 || !strings.Contains(b, `"field":"method"`) {
		t.Errorf("unknown method = %d %s, want 400 naming the field", s, b)
	}
	s, b := f.api(t, "group@a.se", "GET", "/api/v1/surveys/unga-vuxna/results", "")
	var sr resultJSON
	if err := json.Unmarshal([]byte(b), &sr); s != 200 || err != nil || sr.Respondents == nil || *sr.Respondents != 30 {
		t.Errorf("survey results across campaigns = %d %s", s, b)
	}
}

// download fetches an export with a user's token.
func (f *staffFixture) download(t *testing.T, user, path string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	resp, err := f.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestExportsSuppressAndHide: the small group and its complement carry no
// numbers in the CSV and XLSX score exports; a hidden story is absent from
// the stories list and export; formulas in stories are neutralised.
func TestExportsSuppressAndHide(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	for _, format := range []string{"csv", "csv-excel", "xlsx"} {
		status, b := f.download(t, "group@a.se", "/api/v1/campaigns/GRUMS34/export?what=scores&format="+format)
		if status != 200 {
			t.Fatalf("%s export = %d %s", format, status, b)
		}
		rows := exportRows(t, format, b)
		if len(rows) < 2 || rows[0][0] != "group" {
			t.Fatalf("%s: header %v", format, rows[0])
		}
		seenSuppressed := 0
		for _, r := range rows[1:] {
			if r[0] == "unga-kvinnor-16-24" || r[0] == "alder-25-29" {
				seenSuppressed++
				for _, col := range []int{3, 6, 7, 8, 9} {
					if col < len(r) && r[col] != "" {
						t.Errorf("%s: suppressed group %s shows %q in column %d: %v", format, r[0], r[col], col, r)
					}
				}
				if r[10] != "för få svar" {
					t.Errorf("%s: suppressed row lacks the note: %v", format, r)
				}
			}
			if r[0] == "all" && r[6] == "" {
				t.Errorf("%s: the shown overall row has no share: %v", format, r)
			}
		}
		if seenSuppressed != 2*3*10 {
			t.Errorf("%s: %d suppressed rows, want 60 (2 groups × 3 methods × 10 items)", format, seenSuppressed)
		}
	}

	// Hide one story: gone from the list and the export, still stored.
	_, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/stories", "")
	var stories []struct {
		ID, Text string
		Groups   []string
	}
	if err := json.Unmarshal([]byte(body), &stories); err != nil || len(stories) != 30 {
		t.Fatalf("stories = %s", body)
	}
	var hide string
	for _, st := range stories {
		if strings.Contains(st.Text, "women") {
			for _, g := range st.Groups {
				if g == "unga-kvinnor-16-24" {
					t.Errorf("a story is listed under the suppressed group: %+v", st)
				}
			}
		}
		if st.Text == "Berättelse från older nummer 3" {
			hide = st.ID
		}
	}
	if s, b := f.api(t, "agent@a.se", "POST", "/api/v1/stories/"+hide+"/hide", ""); s != 403 {
		t.Errorf("trust agent hiding a story = %d %s, want 403", s, b)
	}
	if s, b := f.api(t, "group@a.se", "POST", "/api/v1/stories/"+hide+"/hide", ""); s != 204 {
		t.Fatalf("hide = %d %s", s, b)
	}
	if _, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/stories", ""); strings.Contains(body, "older nummer 3\"") {
		t.Error("the hidden story is still listed")
	}
	if _, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/stories?q=OLDER+NUMMER", ""); strings.Count(body, `"id"`) != 9 {
		t.Errorf("search for 'older nummer' = %s, want 9 (10 minus the hidden)", body)
	}
	for _, format := range []string{"csv", "xlsx", "json"} {
		_, b := f.download(t, "group@a.se", "/api/v1/campaigns/GRUMS34/export?what=stories&format="+format)
		rows := exportRows(t, format, b)
		text := fmt.Sprint(rows)
		if strings.Contains(text, "older nummer 3 ") || strings.Contains(text, "older nummer 3]") {
			t.Errorf("%s stories export holds the hidden story", format)
		}
		if format != "json" && !strings.Contains(text, "'=cmd") {
			t.Errorf("%s stories export does not neutralise a formula: %s", format, text)
		}
	}
	if st, err := f.store.Story(context.Background(), hide); err != nil || !st.Hidden {
		t.Errorf("hidden story not kept in the data: %+v %v", st, err)
	}
	_, log := f.api(t, "admin@a.se", "GET", "/api/v1/audit?project=grums", "")
	if !strings.Contains(log, "story.hide") {
		t.Errorf("audit log lacks story.hide: %s", log)
	}
}

// exportRows parses an export into rows of strings.
func exportRows(t *testing.T, format string, b []byte) [][]string {
	t.Helper()
	switch format {
	case "xlsx":
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows(x.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows { // pad short rows
			for len(rows[i]) < len(rows[0]) {
				rows[i] = append(rows[i], "")
			}
		}
		return rows
	case "json":
		var rows []map[string]any
		if err := json.Unmarshal(b, &rows); err != nil {
			t.Fatal(err)
		}
		out := [][]string{{"json"}}
		for _, r := range rows {
			out = append(out, []string{fmt.Sprint(r)})
		}
		return out
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	if format == "csv-excel" {
		r.Comma = ';'
	}
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if format == "csv-excel" && len(rows) > 0 {
		rows[0] = machineHeader(t, rows[0])
	}
	return rows
}

// pollJob waits for a job to finish and returns its final JSON.
func (f *staffFixture) pollJob(t *testing.T, user, id string) map[string]any {
	t.Helper()
	for range 600 {
		_, body := f.api(t, user, "GET", "/api/v1/jobs/"+id, "")
		var j map[string]any
		if err := json.Unmarshal([]byte(body), &j); err != nil {
			t.Fatal(err)
		}
		if j["state"] == "done" || j["state"] == "failed" {
			return j
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("job did not finish")
	return nil
}

func TestBootstrapJobs(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	status, body := f.api(t, "group@a.se", "POST", "/api/v1/campaigns/GRUMS34/jobs", `{"kind":"compare","a":"unga-man-16-24","b":"rest","seed":7}`)
	var job struct{ ID string }
	if err := json.Unmarshal([]byte(body), &job); status != 202 || err != nil || job.ID == "" {
		t.Fatalf("start compare = %d %s", status, body)
	}
	if s, _ := f.api(t, "admin@a.se", "GET", "/api/v1/jobs/"+job.ID, ""); s != 404 {
		t.Errorf("someone else's job = %d, want 404", s)
	}
	j := f.pollJob(t, "group@a.se", job.ID)
	if j["state"] != "done" || j["done"].(float64) != 1 || j["total"].(float64) != 1 {
		t.Fatalf("compare job = %v", j)
	}
	if res := j["result"].(map[string]any); res["ci_method"] != ranking.CompareMethod || res["b"] != "rest" {
		t.Errorf("compare job: ci_method %v, b %v; want %s against the rest", res["ci_method"], res["b"], ranking.CompareMethod)
	}
	items := j["result"].(map[string]any)["items"].([]any)
	flagged := 0
	for _, it := range items {
		m := it.(map[string]any)
		d, lo, hi := m["diff"].(float64), m["ci_low"].(float64), m["ci_high"].(float64)
		if lo > d+1e-9 || hi < d-1e-9 {
			t.Errorf("%s: diff %v outside its interval [%v, %v]", m["id"], d, lo, hi)
		}
		if m["excludes_zero"] == true {
			flagged++
			if lo <= 0 && hi >= 0 {
				t.Errorf("%s flagged but its interval [%v, %v] holds 0", m["id"], lo, hi)
			}
		}
	}
	if len(items) != 10 || flagged == 0 {
		t.Errorf("%d items, %d flagged; want 10 and the men's preference for work flagged", len(items), flagged)
	}
	// A bootstrap of a suppressed group fails, saying why.
	_, body = f.api(t, "group@a.se", "POST", "/api/v1/campaigns/GRUMS34/jobs", `{"kind":"bootstrap","group":"unga-kvinnor-16-24","resamples":50}`)
	_ = json.Unmarshal([]byte(body), &job)
	if j := f.pollJob(t, "group@a.se", job.ID); j["state"] != "failed" || !strings.Contains(fmt.Sprint(j["error"]), "too few") {
		t.Errorf("bootstrap of a suppressed group = %v, want failed: too few", j)
	}
	for bad, field := range map[string]string{`{"kind":"magic"}`: "kind", `{"kind":"bootstrap","resamples":1}`: "resamples",
		`{"kind":"compare","a":"all","b":"all"}`: "b", `{"kind":"bootstrap","group":"nope"}`: "group",
		`{"kind":"compare","a":"unga-man-16-24","b":"all"}`: "b", `{"kind":"compare","a":"all","b":"rest"}`: "b"} {
		if s, b := f.api(t, "group@a.se", "POST", "/api/v1/campaigns/GRUMS34/jobs", bad); s != 400 || !strings.Contains(b, `"field":"`+field+`"`) {
			t.Errorf("start %s = %d %s, want 400 naming %q", bad, s, b, field)
		}
	}
	if s, _ := f.api(t, "agent@a.se", "POST", "/api/v1/campaigns/GRUMS34/jobs", `{"kind":"bootstrap"}`); s != 403 {
		t.Errorf("trust agent starting a job = %d, want 403", s)
	}
}

// TestCharts: PNG and SVG charts of the results are valid images of the
// requested size; the SVG holds the item labels with å/ä/ö, and a
// suppressed group shows "för få svar" and none of its numbers.
func TestCharts(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	status, b := f.download(t, "group@a.se", "/api/v1/campaigns/GRUMS34/chart.png?width=900&height=640")
	if status != 200 {
		t.Fatalf("chart.png = %d %s", status, b)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("chart.png is not a PNG: %v", err)
	}
	if sz := img.Bounds().Size(); sz.X != 900 || sz.Y != 640 {
		t.Errorf("chart.png is %v, want 900×640", sz)
	}
	status, b = f.download(t, "group@a.se", "/api/v1/campaigns/GRUMS34/chart.svg?width=900&height=640")
	var root struct {
		XMLName xml.Name
		Width   string `xml:"width,attr"`
		Height  string `xml:"height,attr"`
	}
	if err := xml.Unmarshal(b, &root); status != 200 || err != nil || root.XMLName.Local != "svg" || !strings.HasPrefix(root.Width, "900") || !strings.HasPrefix(root.Height, "640") {
		t.Fatalf("chart.svg = %d, root %+v, %v", status, root, err)
	}
	for _, label := range []string{"Att må bra", "Vänner och gemenskap", "Stöd från Försäkringskassan", "Stöd från Arbetsförmedlingen", "Vården"} {
		if !strings.Contains(string(b), label) {
			t.Errorf("chart.svg lacks the label %q", label)
		}
	}
	status, b = f.download(t, "group@a.se", "/api/v1/campaigns/GRUMS34/chart.svg?kind=groups")
	if status != 200 || !strings.Contains(string(b), "för få svar") {
		t.Errorf("groups chart = %d, lacks \"för få svar\" for the suppressed groups", status)
	}
	if status, _ := f.download(t, "group@a.se", "/api/v1/campaigns/GRUMS34/chart.png?kind=timeline"); status != 200 {
		t.Errorf("timeline chart = %d", status)
	}
	if status, _ := f.download(t, "agent@a.se", "/api/v1/campaigns/GRUMS34/chart.png"); status != 403 {
		t.Errorf("trust agent's chart = %d, want 403", status)
	}
	if status, _ := f.download(t, "group@a.se", "/api/v1/campaigns/GRUMS34/chart.png?width=5"); status != 400 {
		t.Errorf("width=5 = %d, want 400", status)
	}
}

// TestResultsDateRange: ?from= and ?to= (or a fixed ?period=) keep the
// release batches that lie within those days: whole batches only, so two
// periods differ by whole batches of at least the minimum group size.
// The 3 answers of 22 November are too few for a batch and wait.
func TestResultsDateRange(t *testing.T) {
	f := newStaffFixture(t)
	sv, _ := f.collectSurvey("unga-vuxna")
	svc := collect.New(f.store, f.surveys, nil)
	ctx := context.Background()
	day := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	svc.SetClock(func() time.Time { return day })
	submit := func(n int) {
		for range n {
			v := 1
			sub := response.Submission{ID: uuid.NewString(), Campaign: "GRUMS34", Lang: "sv",
				Judgments: []response.Judgment{{A: sv.Items[0].ID, B: sv.Items[1].ID, Value: &v}, {A: sv.Items[1].ID, B: sv.Items[2].ID, Value: &v}, {A: sv.Items[0].ID, B: sv.Items[2].ID, Value: &v}}}
			if _, err := svc.Submit(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
	}
	submit(6) // 2 November
	day = day.AddDate(0, 0, 10)
	submit(7) // 12 November
	day = day.AddDate(0, 0, 10)
	submit(3) // 22 November
	for q, want := range map[string]string{
		"":                                  "13",
		"?from=2026-11-10":                  "7",
		"?to=2026-11-12":                    "13",
		"?from=2026-11-05&to=2026-11-15":    "7",
		"?from=2026-11-20&to=2026-11-30":    "suppressed",
		"?from=2026-11-12&to=2026-11-12&x=": "7",
		"?period=2026-11":                   "13",
		"?period=2026-Q4":                   "13",
		"?period=2026-10":                   "suppressed",
	} {
		status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results"+q, "")
		var r resultJSON
		if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
			t.Fatalf("%s = %d %s", q, status, body)
		}
		got := "suppressed"
		if r.Respondents != nil {
			got = fmt.Sprint(*r.Respondents)
		}
		if got != want {
			t.Errorf("results%s respondents = %s, want %s", q, got, want)
		}
	}
	for q, field := range map[string]string{"from=igår": "from", "period=2026-13": "period", "period=nov": "period",
		"period=2026-11&from=2026-11-01": "period", "from=2026-11-20&to=2026-11-01": "to"} {
		s, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results?"+q, "")
		if s != 400 || !strings.Contains(body, `"field":"`+field+`"`) {
			t.Errorf("%s = %d %s, want 400 naming %s", q, s, body, field)
		}
	}
}
