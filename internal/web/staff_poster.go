package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/campaign"
	"github.com/vfv/vfv/internal/survey"
)

// posterView is the printable A4 poster of a campaign.
type posterView struct {
	page
	Name, Site, URL, ShortURL, QR, Back string
	// Invites is the one-line invitation in each language of the survey.
	Invites []invite
}

// invite is the poster's invitation in one language.
type invite struct {
	Lang, Dir, Text string
}

// posterPage is GET /staff/campaigns/{code}/poster: the campaign's name,
// a big QR code, the short link and an invitation in each of the survey's
// languages, to print and put up where the campaign runs.
func (s *Server) posterPage(c echo.Context) error {
	camp, err := s.staffCampaign(c, auth.ViewCampaigns)
	if err != nil {
		return err
	}
	url := campaign.URL(s.publicBase(c), camp.Code)
	v := posterView{page: s.page(c, s.lang(c)), Name: camp.Name, Site: camp.Site, URL: url,
		ShortURL: strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://"),
		QR:       "/api/v1/campaigns/" + camp.Code + "/qr.png?size=960",
		Back:     "/staff/campaigns/" + camp.Code}
	v.Title = v.T("poster.title") + ": " + camp.Name
	langs := []string{survey.DefaultLanguage}
	if sv, ok := s.collect.Survey(camp.SurveyID); ok {
		langs = sv.Languages
	}
	for _, l := range langs {
		if s.i18n.Has(l) { // a language without interface texts would repeat the Swedish line
			v.Invites = append(v.Invites, invite{Lang: l, Dir: survey.Dir(l), Text: s.i18n.T(l, "poster.invite")})
		}
	}
	return s.render(c, http.StatusOK, "staff_poster.html", v)
}
