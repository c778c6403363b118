package respond

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// respondentCSS and respondentJS are the assets of the survey page, in the
// order the page loads them; the service worker caches the same list.
var (
	respondentCSS = []string{"css/app.css", "css/respondent.css"}
	respondentJS  = []string{"js/queue.js", "js/dom.js", "js/voice.js", "js/top.js", "js/kiosk.js", "js/pair.js", "js/status.js", "js/plans.js", "js/langs.js", "js/respondent.js"}
)

// respondentKeys are the interface texts the survey page's script needs,
// sent in every language of the survey so that switching language needs
// no server.
var respondentKeys = []string{
	"r.start", "r.next", "r.skip_question", "r.back", "r.send", "r.progress",
	"r.language", "r.choose_language", "r.or", "r.pair_legend", "r.choose", "r.optional",
	"r.story_count", "r.thanks_title", "r.next_person", "r.pending", "r.dropped",
	"r.preview", "r.preview_exit", "r.preview_done", "r.preview_again",
	"r.item_is", "r.tap_hint", "r.bg_why", "r.still_title", "r.still_continue", "r.still_left",
	"r.top_title", "r.top_note", "r.sent", "r.sending", "r.waiting", "r.refused", "r.more",
	"r.listen", "r.listen_stop", "r.kiosk_sent", "r.kiosk_exit",
}

// respondentView is the survey page at /s/{code}.
type respondentView struct {
	page
	// Data is the survey payload in the starting language, with the pair
	// plan of the first respondent and, in kiosk mode, plans for the next.
	Data SurveyPayload
	// Texts holds every language's texts (vfv-texts).
	Texts      respondentTexts
	IntroLines []string
	Langs      []langChoice
	CSS, JS    []string
	// Preview marks the page as a preview (/preview/{survey}): a banner on
	// every screen, and a script that finishes locally and sends nothing.
	Preview bool
}

// respondentTexts is the page's second JSON block: the survey and interface
// texts in each of the survey's languages, and the language a kiosk returns
// to for the next respondent.
type respondentTexts struct {
	Start string `json:"start"`
	// BackgroundFirst asks the background questions before the pairs.
	BackgroundFirst bool                 `json:"background_first,omitempty"`
	Langs           map[string]langTexts `json:"langs"`
	// Names names each language in itself, for the switcher and a
	// kiosk's language screen.
	Names map[string]string `json:"names"`
}

// langTexts is one language's texts: the survey payload without pair plans
// and the interface texts.
type langTexts struct {
	Survey SurveyPayload     `json:"survey"`
	UI     map[string]string `json:"ui"`
}

// langChoice is one button of the language switcher.
type langChoice struct {
	Code, Name string
}

// Page renders the survey for one campaign at /s/:code. The whole
// flow then runs in the browser from the data embedded in the page, so a
// respondent can finish without a connection.
func (h *Handler) Page(c echo.Context) error {
	camp, sv, err := h.loadCampaign(c, c.Param("code"))
	if err != nil {
		return err
	}
	return h.renderRespondent(c, camp, sv, false)
}

// renderRespondent renders the survey page of camp; preview marks it as a
// preview that stores nothing (Preview).
func (h *Handler) renderRespondent(c echo.Context, camp store.Campaign, sv *survey.Survey, preview bool) error {
	lang := pageLang(c, camp, sv)
	// ?kiosk=1: a tablet started as a kiosk by staff ("Starta på den här
	// surfplattan") runs as one whatever the campaign says, and offers
	// the staff a way out through the login.
	started := !preview && c.QueryParam("kiosk") == "1"
	if started {
		camp.Kiosk = true
	}
	plans := 0
	if camp.Kiosk {
		plans = offlinePlans
	}
	v := respondentView{page: h.page(lang), Data: h.surveyPayload(camp, sv, lang, plans), Preview: preview}
	v.Title = v.Data.Title
	if started {
		v.Data.KioskExit = "/login?next=" + url.QueryEscape("/staff/campaigns/"+camp.Code)
	}
	if preview {
		v.Title = v.T("r.preview") + ": " + v.Title
	}
	v.IntroLines = Lines(v.Data.Intro)
	v.Texts = h.respondentTexts(camp, sv, startLang(c, camp, sv))
	for _, l := range sv.Languages {
		v.Langs = append(v.Langs, langChoice{Code: l, Name: v.Texts.Names[l]})
	}
	var err error
	if v.CSS, err = h.assetURLs(respondentCSS); err != nil {
		return err
	}
	if v.JS, err = h.assetURLs(respondentJS); err != nil {
		return err
	}
	// The page carries fresh pair plans: never reuse it from a cache, and
	// keep it out of the back-forward cache so a kiosk's previous
	// respondent cannot be brought back.
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return h.render(c, http.StatusOK, "respondent.html", v)
}

// respondentTexts builds the texts of every language of the survey; a
// kiosk returns to start for each next respondent.
func (h *Handler) respondentTexts(camp store.Campaign, sv *survey.Survey, start string) respondentTexts {
	out := respondentTexts{Start: start, BackgroundFirst: sv.BackgroundFirst, Langs: map[string]langTexts{}, Names: map[string]string{}}
	for _, l := range sv.Languages {
		p := h.surveyPayload(camp, sv, l, 0)
		p.Pairs, p.Plans = nil, nil
		ui := make(map[string]string, len(respondentKeys))
		for _, k := range respondentKeys {
			ui[k] = h.i18n.T(l, k)
		}
		out.Langs[l] = langTexts{Survey: p, UI: ui}
		out.Names[l] = h.i18n.Name(l)
	}
	return out
}

func (h *Handler) assetURLs(names []string) ([]string, error) {
	out := make([]string, len(names))
	for i, n := range names {
		u, err := h.assets.URL(n)
		if err != nil {
			return nil, err
		}
		out[i] = u
	}
	return out, nil
}

// Lines splits a multi-line text into its non-empty lines, one paragraph each.
func Lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// ServiceWorker serves the script that keeps survey pages working offline:
// static/js/sw.js after a line naming the hashed assets to cache. The
// script's bytes change whenever an asset does, so browsers install the
// new worker and drop the old cache.
func (h *Handler) ServiceWorker(c echo.Context) error {
	body, err := h.serviceWorkerScript()
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Service-Worker-Allowed", "/s/")
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", body)
}

func (h *Handler) serviceWorkerScript() ([]byte, error) {
	urls, err := h.assetURLs(append(append([]string{}, respondentCSS...), respondentJS...))
	if err != nil {
		return nil, err
	}
	self, err := h.assets.URL("js/sw.js")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(strings.Join(append(urls, self), "\n")))
	list, err := json.Marshal(urls)
	if err != nil {
		return nil, fmt.Errorf("respond: service worker: %w", err)
	}
	head := fmt.Sprintf("const VFV_VERSION = %q;\nconst VFV_ASSETS = %s;\n", hex.EncodeToString(sum[:6]), list)
	return append([]byte(head), h.assets.Data("js/sw.js")...), nil
}
