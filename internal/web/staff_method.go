package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/survey"
)

// methodSections are the sections of "Så räknar vi" in order, with their
// number of paragraphs: the texts are the translation keys
// method.<id>.title and method.<id>.p1…pN (static/i18n), so the page
// reads the same in every language.
var methodSections = []struct {
	ID    string
	Paras int
}{
	{"answers", 1}, {"bt", 4}, {"interval", 4}, {"score", 1}, {"ahp", 2},
	{"consistency", 1}, {"compare", 3}, {"small", 2},
}

// methodView is GET /staff/method: "Så räknar vi", the plain-language
// account of how results are computed (adapted from docs/ranking.md).
type methodView struct {
	staffView
	Lead     string
	Sections []methodSection
}

// methodSection is one section of the methods page.
type methodSection struct {
	ID, Title string
	Paras     []string
}

// methodTexts are the page's texts in lang: the lead, then each section.
func methodTexts(t func(string) string) (string, []methodSection) {
	k := strings.NewReplacer("{k}", strconv.Itoa(survey.DefaultMinGroupSize))
	var out []methodSection
	for _, s := range methodSections {
		sec := methodSection{ID: s.ID, Title: t("method." + s.ID + ".title")}
		for i := 1; i <= s.Paras; i++ {
			sec.Paras = append(sec.Paras, k.Replace(t("method."+s.ID+".p"+strconv.Itoa(i))))
		}
		out = append(out, sec)
	}
	return t("method.lead"), out
}

// methodPage is GET /staff/method.
func (s *Server) methodPage(c echo.Context) error {
	v := methodView{staffView: s.staffView(c, "method.title")}
	v.Lead, v.Sections = methodTexts(v.T)
	return s.render(c, http.StatusOK, "staff_method.html", v)
}
