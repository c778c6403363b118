package web_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	mainPart = regexp.MustCompile(`(?s)<main[^>]*>(.*)</main>`)
	anyTag   = regexp.MustCompile(`<[^>]+>`)
	olItems  = regexp.MustCompile(`(?s)<ol class="saidwedo-top">(.*?)</ol>`)
	liText   = regexp.MustCompile(`<li>([^<]*)</li>`)
)

// TestPosterSaidWeDo: "Ni sa – vi gör" renders in Swedish, English and
// Arabic (right to left) with everyone's first items in order and the
// published cards only, and never a figure: no digit at all, no group —
// here with a target group the release rule withholds (two respondents
// in the countryside who put another item first), and in a project
// whose everyone is still too few to show.
func TestPosterSaidWeDo(t *testing.T) {
	f := newStaffFixture(t)
	f.seedAnswers(t, f.campA, 10, 8, youngWoman, 0, "")
	f.seedAnswers(t, f.campA, 10, 8, youngMan, 1, "")
	f.seedAnswers(t, f.campA, 10, 2, ruralMan, 5, "") // landsbygd: withheld
	f.seedAnswers(t, f.campB, 10, 3, youngMan, 1, "") // kil: everyone too few
	f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"En väg in för alla","publish":true,"status":"pagar"}`)
	f.newCard(t, "group@a.se", "grums", `{"column":"bryta","text":"Hemlig plan","publish":false}`)
	f.newCard(t, "root@vfv.se", "kil", `{"column":"behalla","text":"Kvällsöppet","publish":true}`)
	r := f.results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results")
	if !hiddenGroup(r, "landsbygd") {
		t.Fatalf("the case needs landsbygd withheld: %+v", r.Groups)
	}
	order := slices.Clone(r.Items)
	slices.SortFunc(order, func(a, b struct {
		ID     string
		Share  *float64
		CILow  *float64 `json:"ci_low"`
		CIHigh *float64 `json:"ci_high"`
		Rank   *int
	}) int {
		return *a.Rank - *b.Rank
	})
	sv, _ := f.collectSurvey("unga-vuxna")
	u := f.login(t, "group@a.se")
	for _, lang := range []string{"sv", "en", "ar"} {
		for _, path := range []string{"/staff/projects/grums/saidwedo/poster", "/staff/projects/grums/saidwedo"} {
			t.Run(lang+path, func(t *testing.T) {
				status, _, page := u.get(t, path+"?lang="+lang)
				if status != 200 {
					t.Fatalf("GET %s = %d", path, status)
				}
				dir := map[string]string{"ar": "rtl"}[lang]
				if dir == "" {
					dir = "ltr"
				}
				if !strings.Contains(page, `<html lang="`+lang+`" dir="`+dir+`">`) {
					t.Errorf("page is not marked %s/%s: %.200s", lang, dir, page)
				}
				m := mainPart.FindStringSubmatch(page)
				if m == nil {
					t.Fatal("no <main>")
				}
				text := anyTag.ReplaceAllString(m[1], " ")
				if i := strings.IndexAny(text, "0123456789٠١٢٣٤٥٦٧٨٩"); i >= 0 {
					t.Errorf("the page holds a figure: …%s…", text[max(0, i-40):min(len(text), i+40)])
				}
				for _, g := range sv.Groups {
					if strings.Contains(text, g.Label.In(lang)) {
						t.Errorf("the page names the group %q", g.Label.In(lang))
					}
				}
				var got []string
				if ol := olItems.FindStringSubmatch(m[1]); ol != nil {
					for _, li := range liText.FindAllStringSubmatch(ol[1], -1) {
						got = append(got, li[1])
					}
				}
				var want []string
				for _, it := range order[:5] {
					item, _ := sv.Item(it.ID)
					want = append(want, htmlEscape(item.Label.In(lang)))
				}
				if !slices.Equal(got, want) {
					t.Errorf("first items = %q, want everyone's order %q", got, want)
				}
				if !strings.Contains(text, "En väg in för alla") || strings.Contains(page, "Hemlig plan") || strings.Contains(page, "Kvällsöppet") {
					t.Errorf("cards: want the published card of grums only: %s", text)
				}
			})
		}
	}
	// A trust agent reads the board but not the results, so neither the
	// order of the items nor the page: 403 on every form of it.
	a := f.login(t, "agent@a.se")
	for _, path := range []string{"/staff/projects/grums/saidwedo/poster", "/staff/projects/grums/saidwedo", "/api/v1/projects/grums/saidwedo"} {
		if status, _, page := a.get(t, path); status != 403 || strings.Contains(page, "saidwedo-top") {
			t.Errorf("trust agent: GET %s = %d, want 403 without the items", path, status)
		}
	}
	for _, page := range []string{"/staff/projects/grums/board", "/staff"} {
		if _, _, html := a.get(t, page); strings.Contains(html, "/staff/projects/grums/saidwedo") {
			t.Errorf("trust agent: %s offers the saidwedo page", page)
		}
		if _, _, html := u.get(t, page); !strings.Contains(html, "/staff/projects/grums/saidwedo") {
			t.Errorf("project group: %s does not offer the saidwedo page", page)
		}
	}
	// kil: everyone is too few, so no item and no order at all.
	f.addUser(t, "group@b.se", map[string]string{"kil": "group"})
	k := f.login(t, "group@b.se")
	status, _, page := k.get(t, "/staff/projects/kil/saidwedo/poster?lang=sv")
	if status != 200 || strings.Contains(page, `class="saidwedo-top"`) || !strings.Contains(page, "Svaren är inte klara att visas ännu.") || !strings.Contains(page, "Kvällsöppet") {
		t.Errorf("kil's poster = %d, want no items yet and its published card: %s", status, page)
	}
	if status, _, _ := k.get(t, "/staff/projects/grums/saidwedo"); status != 404 {
		t.Errorf("another project's page = %d, want 404", status)
	}
}

func hiddenGroup(r resultJSON, id string) bool {
	for _, g := range r.Groups {
		if g.ID == id {
			return g.Suppressed
		}
	}
	return false
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
