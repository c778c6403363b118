package web_test

import (
	"encoding/json"
	"testing"
)

func TestSurveyAPI(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	ts.addCampaign(t, "SHUT234", false)
	status, _, body := ts.get(t, "/api/v1/campaigns/OPEN234/survey?lang=en&plans=3")
	if status != 200 {
		t.Fatalf("survey API = %d %s", status, body)
	}
	var p struct {
		Campaign, Survey, Version, Lang string
		Steps                           int
		AllowSkip                       bool `json:"allow_skip"`
		Items                           []struct{ ID, Label string }
		Background                      []struct {
			ID, Label string
			Answers   []struct{ ID, Label string }
		}
		Pairs [][2]string
		Plans [][][2]string
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	sv := ts.surveys[1] // unga-vuxna, sorted by id
	if p.Campaign != "OPEN234" || p.Survey != sv.ID || p.Version != sv.Version || p.Steps != 2 || !p.AllowSkip || p.Lang != "en" {
		t.Errorf("payload header = %+v", p)
	}
	if len(p.Items) != len(sv.Items) || p.Items[0].Label != sv.Items[0].Label.In("en") {
		t.Errorf("items = %+v, want the survey's items in English", p.Items)
	}
	if len(p.Background) != len(sv.Background) || len(p.Background[0].Answers) == 0 {
		t.Errorf("background = %+v", p.Background)
	}
	if len(p.Plans) != 3 {
		t.Errorf("got %d extra plans, want 3", len(p.Plans))
	}
	for _, plan := range append(p.Plans, p.Pairs) {
		if len(plan) != sv.PairsPerRespondent() {
			t.Errorf("plan has %d pairs, want %d", len(plan), sv.PairsPerRespondent())
		}
		seen := map[[2]string]bool{}
		for _, pr := range plan {
			key := [2]string{min(pr[0], pr[1]), max(pr[0], pr[1])}
			_, okA := sv.Item(pr[0])
			_, okB := sv.Item(pr[1])
			if !okA || !okB || pr[0] == pr[1] || seen[key] {
				t.Errorf("bad pair %v in plan", pr)
			}
			seen[key] = true
		}
	}
	for path, want := range map[string]int{
		"/api/v1/campaigns/SHUT234/survey":          410,
		"/api/v1/campaigns/NOPE234/survey":          404,
		"/api/v1/campaigns/OPEN234/survey?plans=99": 400,
		"/api/v1/campaigns/OPEN234/survey?lang=xx":  200, // falls back to the campaign's language
	} {
		if status, _, body := ts.get(t, path); status != want {
			t.Errorf("GET %s = %d %s, want %d", path, status, body, want)
		}
	}
	// The error docs/openapi.yaml documents for a bad plans.
	for _, q := range []string{"plans=99", "plans=-1", "plans=two"} {
		_, _, body := ts.get(t, "/api/v1/campaigns/OPEN234/survey?"+q)
		var e struct {
			Error   string
			Details []struct{ Field string }
		}
		if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error != "invalid" || len(e.Details) != 1 || e.Details[0].Field != "plans" {
			t.Errorf("GET ...?%s = %s, want error invalid with details for the field plans", q, body)
		}
	}
}
