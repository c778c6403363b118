package report

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/vfv/vfv/internal/export"
	"github.com/vfv/vfv/internal/survey"
)

// Codebook describes one export for a reader who did not make it: every
// column with its Swedish heading, type, meaning and value labels in
// Swedish and English, the survey version and its texts, and the
// small-group rule the file was made under.
type Codebook struct {
	Export  string           `json:"export"`
	About   Bilingual        `json:"about"`
	Survey  CodebookSurvey   `json:"survey"`
	Rule    CodebookRule     `json:"small_group_rule"`
	Columns []CodebookColumn `json:"columns"`
}

// Bilingual is a text in Swedish and English.
type Bilingual struct {
	SV string `json:"sv"`
	EN string `json:"en"`
}

// CodebookSurvey is the survey version an export was made from, with
// the texts a column's codes stand for.
type CodebookSurvey struct {
	ID         string          `json:"id"`
	Version    string          `json:"version"`
	Title      survey.Text     `json:"title"`
	Languages  []string        `json:"languages"`
	Items      []CodedValue    `json:"items"`
	Background []CodebookQuery `json:"background"`
	Groups     []CodedValue    `json:"groups"`
	Scale      []CodedValue    `json:"scale"`
	Prompt     survey.Text     `json:"prompt,omitempty"`
}

// CodebookQuery is a background question and its answers.
type CodebookQuery struct {
	ID      string       `json:"id"`
	Label   survey.Text  `json:"label"`
	Answers []CodedValue `json:"answers"`
}

// CodedValue is one code and what it stands for, in every language the
// survey has.
type CodedValue struct {
	Value string      `json:"value"`
	Label survey.Text `json:"label"`
}

// CodebookRule is the small-group rule applied to the file.
type CodebookRule struct {
	MinGroupSize int       `json:"min_group_size"`
	Applied      Bilingual `json:"applied"`
}

// CodebookColumn is one column of the export.
type CodebookColumn struct {
	Name string `json:"name"`
	// HeaderSV heads the column in the Excel CSV (Swedish Excel).
	HeaderSV    string       `json:"header_sv"`
	Type        string       `json:"type"`
	Description Bilingual    `json:"description"`
	Values      []CodedValue `json:"values,omitempty"`
}

// Column types.
const (
	TypeText    = "text"
	TypeInteger = "integer"
	TypeNumber  = "number"
	TypeBoolean = "boolean"
)

// Header is the column names of the export what of sv, without computing
// it (for a codebook asked for alone).
func Header(sv *survey.Survey, what string) []string {
	switch what {
	case "scores":
		return Scores(nil).Header
	case "judgments":
		return Judgments(sv, nil, rand.New(rand.NewPCG(0, 0))).Header
	case "stories":
		return Stories(sv, survey.DefaultLanguage, nil).Header
	}
	return nil
}

// NewCodebook describes the export what ("scores", "judgments",
// "stories") of sv, made under the small-group rule with k, whose columns
// are header (in that order; Header gives them).
func NewCodebook(sv *survey.Survey, what string, k int, header []string) Codebook {
	cb := describe(sv, what, k)
	known := map[string]CodebookColumn{}
	for _, c := range cb.Columns {
		known[c.Name] = c
	}
	cb.Columns = make([]CodebookColumn, 0, len(header))
	for _, name := range header {
		c, ok := known[name]
		if !ok {
			c = CodebookColumn{Name: name, HeaderSV: name, Type: TypeText,
				Description: Bilingual{"Kolumnen " + name + "; se docs/api.md.", "The column " + name + "; see docs/api.md."}}
		}
		cb.Columns = append(cb.Columns, c)
	}
	return cb
}

// describe lists every column an export of what may have.
func describe(sv *survey.Survey, what string, k int) Codebook {
	cb := Codebook{Export: what, Survey: codebookSurvey(sv), Rule: CodebookRule{MinGroupSize: k}}
	items, groups := cb.Survey.Items, cb.Survey.Groups
	col := func(name, sv, typ, dsv, den string, values ...CodedValue) {
		cb.Columns = append(cb.Columns, CodebookColumn{Name: name, HeaderSV: sv, Type: typ, Description: Bilingual{dsv, den}, Values: values})
	}
	kk := strconv.Itoa(k)
	switch what {
	case "scores":
		cb.About = Bilingual{"Relativt värde per grupp, metod och sak, beräknat ur de släppta svaren.", "Relative value per group, method and item, computed from the released answers."}
		cb.Rule.Applied = Bilingual{"En grupp med färre än " + kk + " svar, eller en grupp som kan räknas fram ur andra visade grupper, har inga siffror (note = ”" + TooFew + "”). En grupp där färre än " + kk + " har jämfört minst ett par (de andra svarade ”vet inte” på alla) har inga siffror utom antalet svar (note = ”" + TooFewJudges + "”). Bara hela omgångar av svar med minst " + kk + " personer ingår.",
			"A group with fewer than " + kk + " answers, or one that could be worked out from other shown groups, has no figures (note = \u201c" + TooFew + "\u201d). A group where fewer than " + kk + " compared at least one pair (the others answered \u201cvet inte\u201d to all) has no figures but its number of answers (note = \u201c" + TooFewJudges + "\u201d). Only whole release batches of at least " + kk + " people are included."}
		col("group", "Grupp", TypeText, "Gruppens id; all = alla som svarat.", "The group's id; all = everyone who answered.", append([]CodedValue{{"all", survey.Text{"sv": "Alla", "en": "Everyone"}}}, groups...)...)
		col("group_label", "Gruppnamn", TypeText, "Gruppens namn på exportens språk.", "The group's name in the export's language.")
		col("method", "Metod", TypeText, "Beräkningsmetod.", "Method of computation.",
			CodedValue{"bt", survey.Text{"sv": "Bradley–Terry: andel av 100", "en": "Bradley–Terry: share of 100"}},
			CodedValue{"score", survey.Text{"sv": "Chans att vinna mot en slumpvis annan sak (0–100)", "en": "Chance of winning against a random other item (0–100)"}},
			CodedValue{"ahp", survey.Text{"sv": "AHP-prioritet × 100", "en": "AHP priority × 100"}})
		col("respondents", "Svarande", TypeInteger, "Antal svarande i gruppen; tomt när gruppen inte visas (utom vid ”"+TooFewJudges+"”).", "Respondents in the group; empty when the group is not shown (except with \u201c"+TooFewJudges+"\u201d).")
		col("item", "Sak", TypeText, "Sakens id.", "The item's id.", items...)
		col("item_label", "Saknamn", TypeText, "Sakens namn på exportens språk.", "The item's name in the export's language.")
		col("share", "Värde", TypeNumber, "Metodens värde, 0–100.", "The method's value, 0–100.")
		col("ci_low", "Intervall från", TypeNumber, "Nedre gräns för 95 %-intervallet (tomt för AHP).", "Lower bound of the 95% interval (empty for AHP).")
		col("ci_high", "Intervall till", TypeNumber, "Övre gräns för 95 %-intervallet (tomt för AHP).", "Upper bound of the 95% interval (empty for AHP).")
		col("rank", "Plats", TypeInteger, "Plats i gruppen, 1 = högst värde.", "Rank within the group, 1 = highest value.")
		col("note", "Anmärkning", TypeText, "”"+TooFew+"” eller ”"+TooFewJudges+"” när gruppen inte visas.", "\u201c"+TooFew+"\u201d (too few answers) or \u201c"+TooFewJudges+"\u201d (too few made a comparison) when the group is not shown.",
			CodedValue{TooFew, survey.Text{"sv": "för få svar för att visas", "en": "too few answers to be shown"}},
			CodedValue{TooFewJudges, survey.Text{"sv": "för få har jämfört för att visa resultat", "en": "too few made a comparison to show results"}})
		col("ci_method", "Intervallmetod", TypeText, "Hur intervallet räknades fram; none = inget intervall.", "How the interval was computed; none = no interval.")
		col("ci_computed_at", "Intervall räknat", TypeText, "När intervallet räknades fram (RFC 3339).", "When the interval was computed (RFC 3339).")
	case "judgments":
		cb.About = Bilingual{"En rad per parjämförelse (långt format) för forskare. Svarande numreras 1..n på nytt i varje fil, i slumpad ordning.", "One row per pairwise judgment (long format) for researchers. Respondents are numbered 1..n afresh in each file, in random order."}
		cb.Rule.Applied = Bilingual{"Bara släppta svar. En kolumn som skulle peka ut färre än " + kk + " personer i en omgång (ensam eller tillsammans med andra, bland alla eller bland dem som jämfört) är ”*” för hela omgången. En omgång där färre än " + kk + " jämförde minst ett par finns inte med.",
			"Released answers only. A column that would single out fewer than " + kk + " people in a batch (alone or combined with others, among everyone or among those who compared) is \u201c*\u201d for the whole batch. A batch where fewer than " + kk + " compared at least one pair is left out."}
		col("respondent", "Svarandenummer", TypeInteger, "Löpnummer för svaranden i den här filen.", "The respondent's number in this file.")
		col("campaign", "Kampanj", TypeText, "Kampanjens kod.", "The campaign's code.")
		col("period", "Period", TypeText, "Första/sista dag i svarets omgång (ÅÅÅÅ-MM-DD/ÅÅÅÅ-MM-DD).", "First/last day of the answer's release batch (YYYY-MM-DD/YYYY-MM-DD).")
		for _, q := range cb.Survey.Background {
			col("bg_"+q.ID, "Bakgrund: "+q.Label.In("sv"), TypeText, "Svar på bakgrundsfrågan ”"+q.Label.In("sv")+"”; * = får inte visas.",
				"Answer to the background question \u201c"+q.Label.In("en")+"\u201d; * = may not be shown.", append(slices.Clone(q.Answers), CodedValue{"*", survey.Text{"sv": "får inte visas", "en": "may not be shown"}})...)
		}
		langs := make([]CodedValue, 0, len(sv.Languages))
		for _, l := range sv.Languages {
			langs = append(langs, CodedValue{l, survey.Text{"sv": l, "en": l}})
		}
		col("lang", "Språk", TypeText, "Språket enkäten besvarades på; * = får inte visas.", "The language the survey was answered in; * = may not be shown.", langs...)
		col("item_first", "Första sak", TypeText, "Sak som visades först i paret.", "The item shown first in the pair.", items...)
		col("item_second", "Andra sak", TypeText, "Sak som visades som nummer två.", "The item shown second.", items...)
		col("value", "Vikt", TypeInteger, "Vikten: negativt = första saken viktigare, positivt = andra, 0 = lika viktiga; tomt när svaranden inte kunde bestämma sig.",
			"The weight: negative = first item more important, positive = second, 0 = equally important; empty when the respondent could not decide.", cb.Survey.Scale...)
		col("skip", "Kunde inte välja", TypeBoolean, "true när svaranden valde ”kan inte bestämma”.", "true when the respondent chose \u201ccan't decide\u201d.")
	case "stories":
		cb.About = Bilingual{"Berättelser som visas i resultaten (dolda är inte med), i en ordning som inte säger när de skrevs.", "Stories shown in the results (hidden ones left out), in an order that says nothing about when they were written."}
		cb.Rule.Applied = Bilingual{"Berättelser släpps i omgångar med minst " + kk + " berättelser; målgrupper anges bara där ingen kan pekas ut genom dem.",
			"Stories are released in batches of at least " + kk + "; target groups are given only where nobody can be singled out by them."}
		col("text", "Berättelse", TypeText, "Berättelsen som den skrevs.", "The story as written.")
		col("groups", "Målgrupper", TypeText, "Målgruppernas namn, kommaseparerade, där de får visas.", "The target groups' names, comma-separated, where they may be shown.", groups...)
		col("top_item", "Viktigast", TypeText, "Saken skribenten vägde högst.", "The item the writer weighted highest.", items...)
		col("top_item_label", "Viktigast (namn)", TypeText, "Sakens namn på exportens språk.", "The item's name in the export's language.")
		col("lang", "Berättelsens språk", TypeText, "Språket berättelsen skrevs på.", "The language the story was written in.")
	}
	return cb
}

func codebookSurvey(sv *survey.Survey) CodebookSurvey {
	out := CodebookSurvey{ID: sv.ID, Version: sv.Version, Title: sv.Title, Languages: sv.Languages, Prompt: sv.Scale.Prompt,
		Items: []CodedValue{}, Background: []CodebookQuery{}, Groups: []CodedValue{}, Scale: []CodedValue{}}
	for _, it := range sv.Items {
		out.Items = append(out.Items, CodedValue{it.ID, it.Label})
	}
	for _, q := range sv.Background {
		cq := CodebookQuery{ID: q.ID, Label: q.Label}
		for _, a := range q.Answers {
			cq.Answers = append(cq.Answers, CodedValue{a.ID, a.Label})
		}
		out.Background = append(out.Background, cq)
	}
	for _, g := range sv.Groups {
		out.Groups = append(out.Groups, CodedValue{g.ID, g.Label})
	}
	for v := -sv.Scale.Steps; v <= sv.Scale.Steps; v++ {
		label := sv.Scale.Equal
		if v != 0 && len(sv.Scale.Labels) == sv.Scale.Steps {
			step := sv.Scale.Labels[abs(v)-1]
			side := survey.Text{"sv": "första saken", "en": "first item"}
			if v > 0 {
				side = survey.Text{"sv": "andra saken", "en": "second item"}
			}
			label = survey.Text{}
			for l, s := range step {
				label[l] = s
			}
			label["sv"] = side["sv"] + ": " + step.In("sv")
			label["en"] = side["en"] + ": " + step.In("en")
		}
		out.Scale = append(out.Scale, CodedValue{strconv.Itoa(v), label})
	}
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// SwedishHeader heads t's columns in Swedish, for the Excel CSV.
func (cb Codebook) SwedishHeader(t export.Table) export.Table {
	sv := map[string]string{}
	for _, c := range cb.Columns {
		sv[c.Name] = c.HeaderSV
	}
	out := t
	out.Header = make([]string, len(t.Header))
	for i, h := range t.Header {
		if s, ok := sv[h]; ok {
			out.Header[i] = s
		} else {
			out.Header[i] = h
		}
	}
	return out
}

// Table is the codebook as a sheet of the XLSX: one row per fact,
// column, item, background answer, group and scale value.
func (cb Codebook) Table() export.Table {
	t := export.Table{Name: "codebook", Header: []string{"kind", "name", "type", "sv", "en", "values"}}
	add := func(cells ...any) { t.Rows = append(t.Rows, cells) }
	add("export", cb.Export, nil, cb.About.SV, cb.About.EN, nil)
	add("survey", cb.Survey.ID, cb.Survey.Version, cb.Survey.Title.In("sv"), cb.Survey.Title.In("en"), strings.Join(cb.Survey.Languages, ", "))
	add("small_group_rule", "min_group_size", TypeInteger, cb.Rule.Applied.SV, cb.Rule.Applied.EN, cb.Rule.MinGroupSize)
	for _, c := range cb.Columns {
		var vals []string
		for _, v := range c.Values {
			vals = append(vals, fmt.Sprintf("%s = %s / %s", v.Value, v.Label.In("sv"), v.Label.In("en")))
		}
		add("column", c.Name, c.Type, c.HeaderSV+": "+c.Description.SV, c.Description.EN, strings.Join(vals, "; "))
	}
	for _, it := range cb.Survey.Items {
		add("item", it.Value, nil, it.Label.In("sv"), it.Label.In("en"), nil)
	}
	for _, q := range cb.Survey.Background {
		add("background", q.ID, nil, q.Label.In("sv"), q.Label.In("en"), nil)
		for _, a := range q.Answers {
			add("answer", q.ID+"="+a.Value, nil, a.Label.In("sv"), a.Label.In("en"), nil)
		}
	}
	for _, g := range cb.Survey.Groups {
		add("group", g.Value, nil, g.Label.In("sv"), g.Label.In("en"), nil)
	}
	for _, s := range cb.Survey.Scale {
		add("scale", s.Value, TypeInteger, s.Label.In("sv"), s.Label.In("en"), nil)
	}
	return t
}
