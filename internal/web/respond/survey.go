package respond

import (
	"math/rand/v2"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/design"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// offlinePlans is how many extra pair plans a survey page carries, so a
// kiosk tablet that loses its connection can still give each of the next
// respondents a fresh plan.
const offlinePlans = 20

// SurveyPayload is GET /api/v1/campaigns/{code}/survey: everything a
// tablet needs to run the survey offline, texts in one language.
type SurveyPayload struct {
	Campaign   string            `json:"campaign"`
	Survey     string            `json:"survey"`
	Version    string            `json:"version"`
	Steps      int               `json:"steps"`
	AllowSkip  bool              `json:"allow_skip"`
	Items      []payloadItem     `json:"items"`
	Background []payloadQuestion `json:"background"`
	// Pairs is a fresh pair plan for one respondent: [shown first, shown second].
	Pairs [][2]string `json:"pairs"`

	// Extensions beyond the contract.
	Plans       [][][2]string `json:"plans,omitempty"`
	Lang        string        `json:"lang"`
	Languages   []string      `json:"languages"`
	Dir         string        `json:"dir"`
	Title       string        `json:"title"`
	Intro       string        `json:"intro"`
	ThankYou    string        `json:"thank_you"`
	Prompt      string        `json:"prompt,omitempty"`
	Scale       payloadScale  `json:"scale"`
	Story       *payloadStory `json:"story"`
	Kiosk       bool          `json:"kiosk"`
	IdleSeconds int           `json:"idle_seconds"`
	Name        string        `json:"name"`
	Site        string        `json:"site"`
	// ResultsNote says where and when the results will be shown (the
	// campaign's text, shown on the thank-you screen).
	ResultsNote string `json:"results_note,omitempty"`
	// IntroAudio and ThankYouAudio are the URLs of recordings of the
	// intro and the thank-you in Lang, where the survey has them.
	IntroAudio    string `json:"intro_audio,omitempty"`
	ThankYouAudio string `json:"thank_you_audio,omitempty"`
	// KioskExit is where the staff leave a tablet started as a kiosk
	// ("Starta på den här surfplattan"): the login, then the campaign.
	KioskExit string `json:"kiosk_exit,omitempty"`
}

type payloadItem struct {
	ID          string `json:"id"`
	Label       string `json:"label"`
	Description string `json:"description,omitempty"`
	// Image is the URL of the item's pictogram; its alt text is Label.
	Image string `json:"image,omitempty"`
	// Audio is the URL of a recording of the item in the payload's language.
	Audio string `json:"audio,omitempty"`
}

type payloadQuestion struct {
	ID      string          `json:"id"`
	Label   string          `json:"label"`
	Answers []payloadAnswer `json:"answers"`
	Audio   string          `json:"audio,omitempty"`
}

type payloadAnswer struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type payloadScale struct {
	Labels []string `json:"labels"`
	Equal  string   `json:"equal"`
	Skip   string   `json:"skip,omitempty"`
}

type payloadStory struct {
	Label     string `json:"label"`
	Help      string `json:"help,omitempty"`
	MaxLength int    `json:"max_length"`
	Audio     string `json:"audio,omitempty"`
}

// defaultIdleSeconds is the kiosk's idle reset when the campaign sets none.
const defaultIdleSeconds = 120

// loadCampaign returns an open campaign and its survey for a respondent's
// page or survey load, or an error the central handler maps to 404
// (unknown), 410 (closed) or 429 (too many loads from this client).
func (h *Handler) loadCampaign(c echo.Context, code string) (store.Campaign, *survey.Survey, error) {
	return h.limitCampaign(c, h.reads, code)
}

// surveyLang picks the survey language: ?lang= when the survey offers it,
// else the campaign's default, else Swedish.
func surveyLang(c echo.Context, camp store.Campaign, sv *survey.Survey) string {
	if l := c.QueryParam("lang"); sv.HasLanguage(l) {
		return l
	}
	if sv.HasLanguage(camp.Lang) {
		return camp.Lang
	}
	return survey.DefaultLanguage
}

// pageLang picks the language the survey page starts in: ?lang= when the
// survey offers it, else startLang.
func pageLang(c echo.Context, camp store.Campaign, sv *survey.Survey) string {
	if l := c.QueryParam("lang"); sv.HasLanguage(l) {
		return l
	}
	return startLang(c, camp, sv)
}

// startLang is the language a respondent starts in without ?lang=, and the
// one a kiosk returns to for the next respondent: the campaign's language
// when the campaign chose one other than the default (Swedish); else the
// first of the device's preferred languages (Accept-Language, in the
// browser's order) that the survey offers; else the campaign's language.
func startLang(c echo.Context, camp store.Campaign, sv *survey.Survey) string {
	if camp.Lang != survey.DefaultLanguage && sv.HasLanguage(camp.Lang) {
		return camp.Lang
	}
	for _, part := range strings.Split(c.Request().Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if sv.HasLanguage(base) {
			return base
		}
	}
	if sv.HasLanguage(camp.Lang) {
		return camp.Lang
	}
	return survey.DefaultLanguage
}

// surveyPayload builds the tablet's survey data with a fresh pair plan and
// plans more for offline respondents.
func (h *Handler) surveyPayload(camp store.Campaign, sv *survey.Survey, lang string, plans int) SurveyPayload {
	p := SurveyPayload{
		Campaign: camp.Code, Survey: sv.ID, Version: sv.Version, Steps: sv.Scale.Steps, AllowSkip: sv.Scale.AllowSkip,
		Lang: lang, Languages: sv.Languages, Dir: survey.Dir(lang),
		Title: sv.Title.In(lang), Intro: sv.Intro.In(lang), ThankYou: sv.ThankYou.In(lang), Prompt: sv.Scale.Prompt.In(lang),
		Scale: payloadScale{Equal: sv.Scale.Equal.In(lang), Skip: sv.Scale.Skip.In(lang)},
		Kiosk: camp.Kiosk, IdleSeconds: camp.IdleSeconds, Name: camp.Name, Site: camp.Site, ResultsNote: camp.ResultsNote,
		Items: make([]payloadItem, len(sv.Items)), Background: make([]payloadQuestion, len(sv.Background)),
	}
	if p.IdleSeconds == 0 {
		p.IdleSeconds = defaultIdleSeconds
	}
	for _, l := range sv.Scale.Labels {
		p.Scale.Labels = append(p.Scale.Labels, l.In(lang))
	}
	for i, it := range sv.Items {
		p.Items[i] = payloadItem{ID: it.ID, Label: it.Label.In(lang), Description: it.Description.In(lang),
			Image: mediaURL(sv, it.Image), Audio: mediaURL(sv, it.Audio.In(lang))}
	}
	for i, q := range sv.Background {
		pq := payloadQuestion{ID: q.ID, Label: q.Label.In(lang), Answers: make([]payloadAnswer, len(q.Answers)), Audio: mediaURL(sv, q.Audio.In(lang))}
		for j, a := range q.Answers {
			pq.Answers[j] = payloadAnswer{ID: a.ID, Label: a.Label.In(lang)}
		}
		p.Background[i] = pq
	}
	if sv.Story != nil {
		p.Story = &payloadStory{Label: sv.Story.Label.In(lang), Help: sv.Story.Help.In(lang), MaxLength: sv.Story.MaxLength,
			Audio: mediaURL(sv, sv.Story.Audio.In(lang))}
	}
	if sv.Audio != nil {
		p.IntroAudio, p.ThankYouAudio = mediaURL(sv, sv.Audio.Intro.In(lang)), mediaURL(sv, sv.Audio.ThankYou.In(lang))
	}
	p.Pairs = planIDs(sv, design.Plan(len(sv.Items), sv.PairsPerRespondent(), rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))))
	for range plans {
		p.Plans = append(p.Plans, planIDs(sv, design.Plan(len(sv.Items), sv.PairsPerRespondent(), rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))))
	}
	return p
}

func planIDs(sv *survey.Survey, plan []design.Pair) [][2]string {
	out := make([][2]string, len(plan))
	for i, pr := range plan {
		out[i] = [2]string{sv.Items[pr.First].ID, sv.Items[pr.Second].ID}
	}
	return out
}

// Survey is GET /api/v1/campaigns/{code}/survey. ?plans=N (at most
// offlinePlans) adds plans for respondents answering offline.
func (h *Handler) Survey(c echo.Context) error {
	camp, sv, err := h.loadCampaign(c, c.Param("code"))
	if err != nil {
		return err
	}
	n := 0
	if err := echo.QueryParamsBinder(c).Int("plans", &n).BindError(); err != nil || n < 0 || n > offlinePlans {
		return invalid("plans", "plans must be a whole number from 0 to 20")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, h.surveyPayload(camp, sv, surveyLang(c, camp, sv), n))
}
