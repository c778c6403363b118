package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// apiWith is f.api with extra request headers; it returns the response's
// headers too.
func (f *staffFixture) apiWith(t *testing.T, user, method, path, body string, hdr map[string]string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := f.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, resp.Header, b.String()
}

// TestBoardAPIVersionConflict: a card is version 1 when created and one
// more with each change; a PATCH made from an older version (in the body
// or as If-Match) is 409 "stale", names the versions, stores nothing; a
// bad or disagreeing version is a 400 naming the field.
func TestBoardAPIVersionConflict(t *testing.T) {
	f := newStaffFixture(t)
	card := f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"Öppet hus"}`)
	path := "/api/v1/board/cards/" + card.ID
	version := func(body string) int {
		var c struct{ Version int }
		_ = json.Unmarshal([]byte(body), &c)
		return c.Version
	}
	if _, body := f.api(t, "group@a.se", "GET", "/api/v1/projects/grums/board", ""); !strings.Contains(body, `"version":1`) {
		t.Fatalf("new card: want version 1 in %s", body)
	}
	tests := []struct {
		name, body string
		hdr        map[string]string
		status     int
		version    int    // after a 200
		want       string // in the body of an error
	}{
		{"from version 1", `{"text":"Anna tar det","version":1}`, nil, 200, 2, ""},
		{"from version 1 again (Bertil)", `{"text":"Bertil tar det","version":1}`, nil, 409, 0, `"field":"version","message":"the card is at version 2, not 1`},
		{"If-Match of the old version", `{"owner":"Bertil"}`, map[string]string{"If-Match": `"1"`}, 409, 0, `"error":"stale"`},
		{"If-Match of the current version", `{"owner":"Anna"}`, map[string]string{"If-Match": `W/"2"`}, 200, 3, ""},
		{"no version: the one just read", `{"status":"pagar"}`, nil, 200, 4, ""},
		{"bad If-Match", `{"status":"klar"}`, map[string]string{"If-Match": "senaste"}, 400, 0, `"field":"If-Match"`},
		{"body and If-Match disagree", `{"status":"klar","version":4}`, map[string]string{"If-Match": `"3"`}, 400, 0, `"field":"version"`},
		{"version zero", `{"status":"klar","version":0}`, nil, 400, 0, `"field":"version"`},
	}
	for _, tt := range tests {
		status, hdr, body := f.apiWith(t, "group@a.se", "PATCH", path, tt.body, tt.hdr)
		if status != tt.status {
			t.Errorf("%s: PATCH %s = %d %s, want %d", tt.name, tt.body, status, body, tt.status)
			continue
		}
		if status == 200 && (version(body) != tt.version || hdr.Get("ETag") != `"`+string(rune('0'+tt.version))+`"`) {
			t.Errorf("%s: version %d, ETag %s; want %d", tt.name, version(body), hdr.Get("ETag"), tt.version)
		}
		if status != 200 && !strings.Contains(body, tt.want) {
			t.Errorf("%s: body %s, want %s", tt.name, body, tt.want)
		}
	}
	c := f.board(t, "group@a.se", "grums")[0]
	if c.Text != "Anna tar det" || c.Owner != "Anna" || c.Status != "pagar" {
		t.Errorf("card after the refused changes = %+v; want Anna's text, owner Anna, status pagar", c)
	}
	if _, _, body := f.apiWith(t, "group@a.se", "PATCH", path, `{"text":"x","version":1}`, map[string]string{"Accept-Language": "sv"}); !strings.Contains(body, "Kortet ändrades av någon annan – ladda om") {
		t.Errorf("stale PATCH in Swedish: %s", body)
	}
}

var formVersion = regexp.MustCompile(`name="version" value="(\d+)"`)

// TestBoardPageVersionConflict: the board page's forms send the card's
// version; an edit or move from a page someone else has changed since
// is refused with 409 and the Swedish message, and the card keeps the
// other person's change.
func TestBoardPageVersionConflict(t *testing.T) {
	f := newStaffFixture(t)
	card := f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"Öppet hus"}`)
	anna, bertil := f.login(t, "group@a.se"), f.login(t, "admin@a.se")
	_, _, page := bertil.get(t, "/staff/projects/grums/board")
	vs := formVersion.FindAllStringSubmatch(page, -1)
	if len(vs) != 2 || vs[0][1] != "1" || vs[1][1] != "1" {
		t.Fatalf("the move and edit forms send version %v, want 1 twice", vs)
	}
	if status, _, _ := anna.post(t, "/staff/board/cards/"+card.ID, url.Values{"text": {"Annas text"}, "version": {"1"}}); status != 303 {
		t.Fatalf("Anna's edit = %d", status)
	}
	for name, form := range map[string]url.Values{
		"edit": {"text": {"Bertils text"}, "version": {"1"}},
		"move": {"column": {"bryta"}, "version": {"1"}},
	} {
		status, _, page := bertil.post(t, "/staff/board/cards/"+card.ID, form)
		if status != 409 || !strings.Contains(page, "Kortet ändrades av någon annan – ladda om") || !strings.Contains(page, "Annas text") {
			t.Errorf("Bertil's stale %s = %d, want 409 with the message and the board as it is now: %.300s", name, status, page)
		}
	}
	if c := f.board(t, "group@a.se", "grums")[0]; c.Text != "Annas text" || c.Column != "skapa" {
		t.Errorf("card = %+v, want Anna's change kept", c)
	}
	if status, _, _ := bertil.post(t, "/staff/board/cards/"+card.ID, url.Values{"column": {"bryta"}, "version": {"2"}}); status != 303 {
		t.Errorf("move from the current version = %d, want 303", status)
	}
}

// TestBoardPageEditLinks: the edit form offers the project's items and
// released stories as labelled checkboxes (the card's own checked); the
// form links, relinks and unlinks them, and refuses items of two surveys.
func TestBoardPageEditLinks(t *testing.T) {
	f := newStaffFixture(t)
	f.seedAnswers(t, f.campA, 10, 8, youngMan, 1, "berättelse")
	story := f.storyID(t, "berättelse 3")
	sv, _ := f.collectSurvey("unga-vuxna")
	first, second := sv.Items[0].ID, sv.Items[1].ID
	card := f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"Mer av det här","items":["`+first+`"]}`)
	g := f.login(t, "group@a.se")
	_, _, page := g.get(t, "/staff/projects/grums/board")
	checked := regexp.MustCompile(`<input type="checkbox" id="([^"]+)" name="link_item" value="unga-vuxna:` + regexp.QuoteMeta(first) + `" checked><label for="([^"]+)"`)
	if m := checked.FindStringSubmatch(page); m == nil || m[1] != m[2] {
		t.Errorf("edit form: want the linked item checked with its label: %v", m)
	}
	if !strings.Contains(page, `name="link_item" value="unga-vuxna:`+second+`">`) || !strings.Contains(page, `name="link_story" value="`+story+`">`) ||
		!strings.Contains(page, `name="items_sent"`) || !strings.Contains(page, `name="stories_sent"`) {
		t.Errorf("edit form: want the other item and the story offered, unchecked")
	}
	post := func(form url.Values) int {
		form.Set("items_sent", "1")
		form.Set("stories_sent", "1")
		status, _, _ := g.post(t, "/staff/board/cards/"+card.ID, form)
		return status
	}
	if status := post(url.Values{"link_item": {"unga-vuxna:" + second, "unga-vuxna:" + first}, "link_story": {story}}); status != 303 {
		t.Fatalf("relink = %d", status)
	}
	if c := f.board(t, "group@a.se", "grums")[0]; strings.Join(c.Items, ",") != second+","+first || strings.Join(c.Stories, ",") != story || c.Survey != "unga-vuxna" {
		t.Errorf("after relinking: %+v", c)
	}
	if status := post(url.Values{"link_item": {"unga-vuxna:" + first, "annan:x"}}); status != 400 {
		t.Errorf("items of two surveys = %d, want 400", status)
	}
	if status := post(url.Values{}); status != 303 {
		t.Fatalf("unlink all = %d", status)
	}
	if c := f.board(t, "group@a.se", "grums")[0]; len(c.Items) != 0 || len(c.Stories) != 0 || c.Survey != "" || c.Text != "Mer av det här" {
		t.Errorf("after unlinking: %+v", c)
	}
	// A form without the links (the move buttons) keeps them.
	post(url.Values{"link_item": {"unga-vuxna:" + first}})
	if status, _, _ := g.post(t, "/staff/board/cards/"+card.ID, url.Values{"column": {"bryta"}}); status != 303 || len(f.board(t, "group@a.se", "grums")[0].Items) != 1 {
		t.Errorf("a move dropped the links")
	}
}
