package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// boardCard is a card as GET .../board returns it.
type boardCard struct {
	ID, Column, Text, Survey, Owner, Status string
	Due                                     *string
	Items, Stories                          []string
	Publish                                 bool
	Figures                                 []struct {
		ID, Label string
		Groups    []struct {
			ID         string
			Suppressed bool
			Share      *float64
			CILow      *float64 `json:"ci_low"`
			CIHigh     *float64 `json:"ci_high"`
		}
	}
	StoryTexts []struct{ ID, Text string } `json:"story_texts"`
}

func (f *staffFixture) board(t *testing.T, user, project string) []boardCard {
	t.Helper()
	status, body := f.api(t, user, "GET", "/api/v1/projects/"+project+"/board", "")
	var b struct{ Cards []boardCard }
	if err := json.Unmarshal([]byte(body), &b); status != 200 || err != nil {
		t.Fatalf("GET board of %s as %s = %d %s", project, user, status, body)
	}
	return b.Cards
}

func (f *staffFixture) newCard(t *testing.T, user, project, body string) boardCard {
	t.Helper()
	status, out := f.api(t, user, "POST", "/api/v1/projects/"+project+"/board/cards", body)
	var c boardCard
	if err := json.Unmarshal([]byte(out), &c); status != 201 || err != nil || c.ID == "" {
		t.Fatalf("POST card %s as %s = %d %s", body, user, status, out)
	}
	return c
}

// TestBoardAPIRoles: project admins and project groups edit the board,
// trust agents read it, other projects' users get 404 for the board and
// for each of its cards, as for one that does not exist.
func TestBoardAPIRoles(t *testing.T) {
	f := newStaffFixture(t)
	card := f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"En väg in"}`)
	kil := f.newCard(t, "root@vfv.se", "kil", `{"column":"bryta","text":"Kil:s kort"}`)
	type call struct{ method, path, body string }
	calls := map[string]call{
		"read":           {"GET", "/api/v1/projects/grums/board", ""},
		"create":         {"POST", "/api/v1/projects/grums/board/cards", `{"column":"behalla","text":"Kvällsöppet"}`},
		"move":           {"PATCH", "/api/v1/board/cards/" + card.ID, `{"column":"bryta"}`},
		"read other":     {"GET", "/api/v1/projects/kil/board", ""},
		"edit other":     {"PATCH", "/api/v1/board/cards/" + kil.ID, `{"text":"x"}`},
		"delete other":   {"DELETE", "/api/v1/board/cards/" + kil.ID, ""},
		"unknown card":   {"PATCH", "/api/v1/board/cards/nope", `{"text":"x"}`},
		"unknown board":  {"GET", "/api/v1/projects/nope/board", ""},
		"create other":   {"POST", "/api/v1/projects/kil/board/cards", `{"column":"skapa","text":"x"}`},
		"delete own":     {"DELETE", "/api/v1/board/cards/" + card.ID, ""},
		"anonymous read": {"GET", "/api/v1/projects/grums/board", ""},
	}
	want := map[string]map[string]int{
		"agent@a.se": {"read": 200, "create": 403, "move": 403, "read other": 404, "edit other": 404, "delete other": 404, "unknown card": 404, "unknown board": 404, "create other": 404, "delete own": 403},
		"admin@a.se": {"read": 200, "create": 201, "move": 200, "read other": 404, "edit other": 404, "delete other": 404, "unknown card": 404, "unknown board": 404, "create other": 404},
		"group@a.se": {"read": 200, "create": 201, "move": 200, "read other": 404, "edit other": 404, "delete other": 404, "unknown card": 404, "unknown board": 404, "create other": 404},
		"agent@b.se": {"read": 404, "create": 404, "move": 404, "read other": 200, "edit other": 403, "delete other": 403, "create other": 403},
		"":           {"anonymous read": 401, "create": 401, "move": 401},
	}
	for _, user := range []string{"agent@a.se", "admin@a.se", "group@a.se", "agent@b.se", ""} {
		for name, status := range want[user] {
			t.Run(user+"/"+name, func(t *testing.T) {
				c := calls[name]
				if got, body := f.api(t, user, c.method, c.path, c.body); got != status {
					t.Errorf("%s %s as %q = %d %s, want %d", c.method, c.path, user, got, body, status)
				}
			})
		}
	}
	// Same answer for another project's card as for no card at all.
	s1, b1 := f.api(t, "group@a.se", "PATCH", "/api/v1/board/cards/"+kil.ID, `{"text":"x"}`)
	s2, b2 := f.api(t, "group@a.se", "PATCH", "/api/v1/board/cards/00000000-0000-4000-8000-000000000000", `{"text":"x"}`)
	if s1 != 404 || s1 != s2 || b1 != b2 {
		t.Errorf("another project's card = %d %s; unknown card = %d %s; want identical 404s", s1, b1, s2, b2)
	}
	if got := f.board(t, "root@vfv.se", "kil"); len(got) != 1 || got[0].Text != "Kil:s kort" {
		t.Errorf("kil's board after grums' users tried to change it = %+v", got)
	}
	if s, _ := f.api(t, "group@a.se", "DELETE", "/api/v1/board/cards/"+card.ID, ""); s != 204 {
		t.Errorf("delete own card = %d, want 204", s)
	}
}

// TestBoardAPIBadBodies: a wrong body is a 400 naming the field, and
// nothing is stored.
func TestBoardAPIBadBodies(t *testing.T) {
	f := newStaffFixture(t)
	card := f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"Först"}`)
	tests := []struct {
		name, method, path, body, field string
	}{
		{"unknown field", "POST", "/api/v1/projects/grums/board/cards", `{"column":"skapa","text":"x","colour":"red"}`, "colour"},
		{"misspelt column", "POST", "/api/v1/projects/grums/board/cards", `{"column":"Skapa","text":"x"}`, "column"},
		{"no column", "POST", "/api/v1/projects/grums/board/cards", `{"text":"x"}`, "column"},
		{"empty text", "POST", "/api/v1/projects/grums/board/cards", `{"column":"skapa","text":"   "}`, "text"},
		{"text a number", "POST", "/api/v1/projects/grums/board/cards", `{"column":"skapa","text":7}`, "text"},
		{"bad due", "POST", "/api/v1/projects/grums/board/cards", `{"column":"skapa","text":"x","due":"31/12"}`, "due"},
		{"bad status", "POST", "/api/v1/projects/grums/board/cards", `{"column":"skapa","text":"x","status":"done"}`, "status"},
		{"unknown item", "POST", "/api/v1/projects/grums/board/cards", `{"column":"skapa","text":"x","items":["inget-sadant"]}`, "items"},
		{"foreign survey", "POST", "/api/v1/projects/grums/board/cards", `{"column":"skapa","text":"x","survey":"samverkan-personal","items":["sip"]}`, "survey"},
		{"unreleased story", "POST", "/api/v1/projects/grums/board/cards", `{"column":"skapa","text":"x","stories":["abc"]}`, "stories"},
		{"publish a string", "PATCH", "/api/v1/board/cards/" + card.ID, `{"publish":"yes"}`, "publish"},
		{"patch bad column", "PATCH", "/api/v1/board/cards/" + card.ID, `{"column":"mitten"}`, "column"},
		{"patch unknown field", "PATCH", "/api/v1/board/cards/" + card.ID, `{"id":"other"}`, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.api(t, "group@a.se", tt.method, tt.path, tt.body)
			if status != 400 || !strings.Contains(body, `"field":"`+tt.field+`"`) {
				t.Errorf("%s %s = %d %s, want 400 naming %q", tt.method, tt.body, status, body, tt.field)
			}
		})
	}
	got := f.board(t, "group@a.se", "grums")
	if len(got) != 1 || got[0].Column != "skapa" || got[0].Text != "Först" || got[0].Status != "ny" {
		t.Errorf("board after refused requests = %+v, want the one card unchanged", got)
	}
}

// TestBoardAPIAudit: every change is in the project's audit log, with
// who made it.
func TestBoardAPIAudit(t *testing.T) {
	f := newStaffFixture(t)
	card := f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"Logga mig"}`)
	if s, b := f.api(t, "admin@a.se", "PATCH", "/api/v1/board/cards/"+card.ID, `{"column":"behalla"}`); s != 200 {
		t.Fatalf("move = %d %s", s, b)
	}
	if s, b := f.api(t, "group@a.se", "PATCH", "/api/v1/board/cards/"+card.ID, `{"owner":"Anna","due":"2027-03-01","status":"pagar","publish":true}`); s != 200 {
		t.Fatalf("edit = %d %s", s, b)
	}
	if s, b := f.api(t, "group@a.se", "DELETE", "/api/v1/board/cards/"+card.ID, ""); s != 204 {
		t.Fatalf("delete = %d %s", s, b)
	}
	_, body := f.api(t, "admin@a.se", "GET", "/api/v1/audit?project=grums", "")
	var log []struct{ Actor, Action, Target, Detail string }
	if err := json.Unmarshal([]byte(body), &log); err != nil {
		t.Fatalf("audit log %s: %v", body, err)
	}
	want := []struct{ actor, action, detail string }{
		{"group@a.se", "board.create", "skapa"}, {"admin@a.se", "board.move", "skapa → behalla"},
		{"group@a.se", "board.update", "behalla"}, {"group@a.se", "board.delete", "behalla"},
	}
	for _, w := range want {
		found := false
		for _, e := range log {
			found = found || (e.Actor == w.actor && e.Action == w.action && e.Detail == w.detail && e.Target == "card "+card.ID)
		}
		if !found {
			t.Errorf("audit log lacks %s by %s (%s) of card %s: %s", w.action, w.actor, w.detail, card.ID, body)
		}
	}
	if strings.Contains(body, "Logga mig") {
		t.Errorf("audit log holds the card's text: %s", body)
	}
}

// TestBoardFiguresFollowTheReleaseRule: a card's linked item carries the
// share and interval the results API shows for everyone and each shown
// group, null for a group the release rule hides; a linked story shows
// its text; a trust agent, who may not read results, gets neither.
func TestBoardFiguresFollowTheReleaseRule(t *testing.T) {
	f := newStaffFixture(t)
	f.seedAnswers(t, f.campA, 10, 8, youngWoman, 0, "")
	f.seedAnswers(t, f.campA, 10, 8, youngMan, 1, "berättelse")
	f.seedAnswers(t, f.campA, 10, 2, ruralMan, 2, "") // landsbygd: too few
	story := f.storyID(t, "berättelse 3")
	r := f.results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results")
	item := r.Items[0].ID
	card := f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"Mer av det här","items":["`+item+`"],"stories":["`+story+`"]}`)
	if card.Survey != "unga-vuxna" {
		t.Errorf("card survey = %q, want the project's only survey", card.Survey)
	}
	got := f.board(t, "group@a.se", "grums")
	if len(got) != 1 || len(got[0].Figures) != 1 || len(got[0].StoryTexts) != 1 || got[0].StoryTexts[0].Text != "berättelse 3" {
		t.Fatalf("board = %+v, want one card with one item's figures and the story", got)
	}
	byGroup := map[string]bool{}
	for _, g := range got[0].Figures[0].Groups {
		byGroup[g.ID] = !g.Suppressed
		if g.ID == "all" {
			// The interval is whatever the results show (none while one is
			// being computed), the same on the card.
			if !samePtr(g.Share, r.Items[0].Share) || g.Share == nil || !samePtr(g.CILow, r.Items[0].CILow) || !samePtr(g.CIHigh, r.Items[0].CIHigh) {
				t.Errorf("everyone's figure = %v (%v–%v), want the results API's %v (%v–%v)", fmtPtr(g.Share), fmtPtr(g.CILow), fmtPtr(g.CIHigh),
					fmtPtr(r.Items[0].Share), fmtPtr(r.Items[0].CILow), fmtPtr(r.Items[0].CIHigh))
			}
			continue
		}
		for _, rg := range r.Groups {
			if rg.ID != g.ID {
				continue
			}
			if rg.Suppressed != g.Suppressed || (g.Suppressed && (g.Share != nil || g.CILow != nil || g.CIHigh != nil)) {
				t.Errorf("group %s on the card = %+v; results say suppressed=%v", g.ID, g, rg.Suppressed)
			}
			for _, it := range rg.Items {
				if it.ID == item && !g.Suppressed && (g.Share == nil || !samePtr(g.Share, it.Share)) {
					t.Errorf("group %s share on the card = %v, want %v", g.ID, fmtPtr(g.Share), fmtPtr(it.Share))
				}
			}
		}
	}
	if !byGroup["all"] || !byGroup["unga-kvinnor-16-24"] || byGroup["landsbygd"] {
		t.Errorf("shown groups on the card = %v, want everyone and young women shown, landsbygd hidden", byGroup)
	}
	agent := f.board(t, "agent@a.se", "grums")
	if len(agent) != 1 || agent[0].Figures != nil || agent[0].StoryTexts != nil || agent[0].Text != "Mer av det här" {
		t.Errorf("trust agent's board = %+v, want the card without figures or story texts", agent)
	}
}

// TestBoardPages: the board's forms create, move, edit and remove cards
// for a project group; a refused form says why and stores nothing; a
// trust agent sees the board without any form and cannot post one; a
// user of another project gets 404.
func TestBoardPages(t *testing.T) {
	f := newStaffFixture(t)
	g := f.login(t, "group@a.se")
	status, loc, _ := g.post(t, "/staff/board/cards", url.Values{"project": {"grums"}, "column": {"skapa"}, "text": {"Öppet hus"}})
	if status != 303 || !strings.Contains(loc, "done=created") {
		t.Fatalf("create by form = %d %s", status, loc)
	}
	cards := f.board(t, "group@a.se", "grums")
	if len(cards) != 1 || cards[0].Column != "skapa" {
		t.Fatalf("board after the form = %+v", cards)
	}
	id := cards[0].ID
	if status, _, page := g.post(t, "/staff/board/cards", url.Values{"project": {"grums"}, "column": {"mitten"}, "text": {"x"}}); status != 400 || !strings.Contains(page, "Kortet kunde inte sparas: Välj en kolumn: Skapa, Bryta eller Behålla.") {
		t.Errorf("a bad column by form = %d, want 400 with the reason: %.300s", status, page)
	}
	if status, loc, _ := g.post(t, "/staff/board/cards/"+id, url.Values{"column": {"behalla"}}); status != 303 || !strings.Contains(loc, "done=moved") || !strings.HasSuffix(loc, "#card-"+id) {
		t.Errorf("move by form = %d %s", status, loc)
	}
	if status, _, _ := g.post(t, "/staff/board/cards/"+id, url.Values{"text": {"Öppet hus varje tisdag"}, "owner": {"Fritidsgården"},
		"due": {"2027-04-01"}, "status": {"pagar"}, "publish": {"true"}, "publish_sent": {"1"}}); status != 303 {
		t.Errorf("edit by form = %d", status)
	}
	c := f.board(t, "group@a.se", "grums")[0]
	if c.Column != "behalla" || c.Text != "Öppet hus varje tisdag" || c.Owner != "Fritidsgården" || c.Due == nil || *c.Due != "2027-04-01" || c.Status != "pagar" || !c.Publish {
		t.Errorf("card after the forms = %+v", c)
	}
	if status, _, _ := g.post(t, "/staff/board/cards/"+id, url.Values{"publish_sent": {"1"}}); status != 303 || f.board(t, "group@a.se", "grums")[0].Publish {
		t.Errorf("unticking publish = %d, card still published", status)
	}
	a := f.login(t, "agent@a.se")
	status, _, page := a.get(t, "/staff/projects/grums/board")
	if status != 200 || !strings.Contains(page, "Öppet hus varje tisdag") || strings.Contains(page, "move-card") || strings.Contains(page, `action="/staff/board/cards"`) {
		t.Errorf("trust agent's board = %d, want the card and no forms", status)
	}
	if status, _, _ := a.post(t, "/staff/board/cards/"+id, url.Values{"column": {"skapa"}}); status != 403 {
		t.Errorf("trust agent moving a card = %d, want 403", status)
	}
	other := f.login(t, "agent@b.se")
	if status, _, _ := other.get(t, "/staff/projects/grums/board"); status != 404 {
		t.Errorf("another project's board page = %d, want 404", status)
	}
	if status, _, _ := other.post(t, "/staff/board/cards/"+id+"/delete", url.Values{}); status != 404 {
		t.Errorf("another project's user deleting = %d, want 404", status)
	}
	if status, loc, _ := g.post(t, "/staff/board/cards/"+id+"/delete", url.Values{}); status != 303 || !strings.Contains(loc, "done=deleted") || len(f.board(t, "group@a.se", "grums")) != 0 {
		t.Errorf("delete by form = %d %s", status, loc)
	}
}

// samePtr reports whether two optional numbers are both absent or equal.
func samePtr(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
