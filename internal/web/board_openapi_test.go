package web_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBoardOpenAPISchemas: the board, change, "Ni sa – vi gör" and
// codebook answers match their schemas in docs/openapi.yaml.
func TestBoardOpenAPISchemas(t *testing.T) {
	f := newStaffFixture(t)
	doc := loadOpenAPI(t)
	f.addCampaign(t, "WAVEONE", "grums")
	seedWave(t, f, "WAVEONE", 1, []waveClass{{"women", 6, waveWomen, "ma-bra", "boende"}, {"men", 6, waveMen, "jobb-studier", ""}})
	seedWave(t, f, f.campA, 2, []waveClass{{"women", 3, waveWomen, "jobb-studier", ""}, {"men", 9, waveMen, "jobb-studier", ""}})
	check := func(user, method, docPath, url, body string, want int) {
		t.Helper()
		status, got := f.api(t, user, method, url, body)
		if status != want {
			t.Fatalf("%s %s = %d %.300s, want %d", method, url, status, got, want)
		}
		schema, err := doc.responseSchema(method, docPath, status)
		if err != nil || schema == nil {
			if status != 204 {
				t.Errorf("%s %s: no schema (%v)", method, docPath, err)
			}
			return
		}
		dec := json.NewDecoder(strings.NewReader(got))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
		for _, p := range doc.schemaProblems(schema, v, "body") {
			t.Errorf("%s %s (%d): %s", method, url, status, p)
		}
	}
	check("group@a.se", "POST", "/api/v1/projects/{id}/board/cards", "/api/v1/projects/grums/board/cards",
		`{"column":"skapa","text":"Kort","items":["ma-bra"],"owner":"Anna","due":"2027-01-15","publish":true}`, 201)
	check("group@a.se", "POST", "/api/v1/projects/{id}/board/cards", "/api/v1/projects/grums/board/cards", `{"column":"x"}`, 400)
	check("group@a.se", "GET", "/api/v1/projects/{id}/board", "/api/v1/projects/grums/board", "", 200)
	check("agent@a.se", "GET", "/api/v1/projects/{id}/board", "/api/v1/projects/grums/board", "", 200)
	cards := f.board(t, "group@a.se", "grums")
	check("group@a.se", "PATCH", "/api/v1/board/cards/{id}", "/api/v1/board/cards/"+cards[0].ID, `{"column":"bryta","due":""}`, 200)
	check("group@a.se", "GET", "/api/v1/projects/{id}/saidwedo", "/api/v1/projects/grums/saidwedo?lang=ar", "", 200)
	check("group@a.se", "GET", "/api/v1/surveys/{id}/change", "/api/v1/surveys/unga-vuxna/change?before=WAVEONE&after="+f.campA, "", 200)
	check("group@a.se", "GET", "/api/v1/surveys/{id}/export", "/api/v1/surveys/unga-vuxna/export?format=codebook&what=judgments", "", 200)
	check("group@a.se", "DELETE", "/api/v1/board/cards/{id}", "/api/v1/board/cards/"+cards[0].ID, "", 204)
	status, ctype, _ := f.get(t, "/api/v1/surveys/unga-vuxna/change.svg?before=WAVEONE&after="+f.campA, "Authorization", "Bearer "+f.tokens["group@a.se"])
	if status != 200 || !strings.HasPrefix(ctype, "image/svg+xml") {
		t.Errorf("change.svg = %d %s", status, ctype)
	}
}
