package web

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/vfv/vfv/internal/results"
)

// differenceView is one target group against the rest on the results
// page: a summary in plain words and the table of differences.
type differenceView struct {
	ID, Label string
	// Caption heads the table; Basis says who is compared and the
	// smallest difference the data could show.
	Caption, Basis string
	Rows           []differenceRow
	Clear          int
}

// differenceRow is one item of a differenceView.
type differenceRow struct {
	Label, Diff, Interval, Detectable string
	Clear                             bool
}

// consistencyView is the respondents' consistency per shown group.
type consistencyView struct {
	Rows []consistencyRow
}

// consistencyRow is one group's distribution of circular triads.
type consistencyRow struct {
	Group, Median, Middle, Mean string
}

// maxNamed is the most items a summary names in one list; the rest are
// counted ("och 4 till").
const maxNamed = 3

// summaryText words a group's Summary in the page language; label names
// each item id.
func summaryText(t func(string) string, group string, sum results.Summary, label func(id string) string) string {
	if len(sum.Top) == 0 {
		return ""
	}
	names := func(ids []string) string {
		var ls []string
		for i, id := range ids {
			if i == maxNamed {
				ls = append(ls, strings.ReplaceAll(t("results.summary.more"), "{n}", strconv.Itoa(len(ids)-maxNamed)))
				break
			}
			ls = append(ls, label(id))
		}
		return joinAnd(t, ls)
	}
	var out []string
	r := strings.NewReplacer("{group}", inSentence(group), "{item}", label(sum.Top[0]), "{items}", names(sum.Top))
	switch {
	case sum.ClearFirst:
		out = append(out, r.Replace(t("results.summary.first")))
	case sum.More:
		out = append(out, r.Replace(t("results.summary.top_more")))
	default:
		out = append(out, r.Replace(t("results.summary.top")))
	}
	if sum.Compared {
		if len(sum.Higher) > 0 {
			out = append(out, strings.ReplaceAll(t("results.summary.higher"), "{items}", names(sum.Higher)))
		}
		if len(sum.Lower) > 0 {
			out = append(out, strings.ReplaceAll(t("results.summary.lower"), "{items}", names(sum.Lower)))
		}
		if len(sum.Higher)+len(sum.Lower) == 0 {
			out = append(out, t("results.summary.no_clear"))
		}
	}
	return strings.Join(out, " ")
}

// inSentence writes a label as it reads inside a sentence: "Unga
// kvinnor" becomes "unga kvinnor", an abbreviation ("EU-medborgare")
// stays.
func inSentence(label string) string {
	rs := []rune(label)
	if len(rs) > 1 && unicode.IsUpper(rs[0]) && unicode.IsLower(rs[1]) {
		rs[0] = unicode.ToLower(rs[0])
	}
	return string(rs)
}

// joinAnd lists names as "a, b och c".
func joinAnd(t func(string) string, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], t("results.summary.comma")) + " " + t("results.summary.and") + " " + names[len(names)-1]
}

// itemLabels maps item ids to quoted labels from a result's items, with
// the quotation marks of lang.
func itemLabels(lang string, items []results.Item) func(string) string {
	m := map[string]string{}
	for _, it := range items {
		m[it.ID] = it.Label
	}
	open, close := "”", "”"
	switch lang {
	case "en":
		open, close = "“", "”"
	case "ar":
		open, close = "«", "»"
	}
	return func(id string) string { return open + m[id] + close }
}

// summaries words the summary of everyone (or the chosen group) and of
// every shown target group, keyed by table id.
func summaries(pg page, r results.Result, overall string) map[string]string {
	out := map[string]string{}
	if !r.Suppressed {
		var cmp *results.GroupComparison
		for _, g := range r.Groups {
			if g.ID == r.Group {
				cmp = g.Comparison
			}
		}
		out["overall"] = summaryText(pg.T, overall, results.Summarize(r.Items, cmp), itemLabels(pg.Lang, r.Items))
	}
	for _, g := range r.Groups {
		if !g.Suppressed {
			out[g.ID] = summaryText(pg.T, g.Label, results.Summarize(g.Items, g.Comparison), itemLabels(pg.Lang, g.Items))
		}
	}
	return out
}

// differenceViews builds the tables of every shown group against the
// rest, largest difference first.
func differenceViews(pg page, r results.Result) []differenceView {
	var out []differenceView
	for _, g := range r.Groups {
		c := g.Comparison
		if g.Suppressed || c == nil {
			continue
		}
		dv := differenceView{ID: g.ID, Label: g.Label,
			Caption: strings.ReplaceAll(pg.T("results.diff.caption"), "{group}", g.Label),
			Basis: strings.NewReplacer("{a}", strconv.Itoa(c.RespondentsA), "{b}", strconv.Itoa(c.RespondentsB),
				"{d}", formatNum(pg.Lang, c.Detectable, false)).Replace(pg.T("results.diff.basis"))}
		items := slices.Clone(c.Items)
		sort.SliceStable(items, func(i, j int) bool { return items[i].Difference > items[j].Difference })
		for _, it := range items {
			row := differenceRow{Label: it.Label, Diff: formatNum(pg.Lang, it.Difference, true), Interval: "–",
				Detectable: formatNum(pg.Lang, it.Detectable, false), Clear: it.Clear}
			if it.CILow != nil && it.CIHigh != nil {
				row.Interval = interval(pg, *it.CILow, *it.CIHigh, true)
			}
			if row.Clear {
				dv.Clear++
			}
			dv.Rows = append(dv.Rows, row)
		}
		out = append(out, dv)
	}
	return out
}

// consistencyOf lists the consistency of everyone (or the chosen group)
// and of every shown group that has it (at least k respondents judged a
// full triple), in per cent of triples.
func consistencyOf(pg page, r results.Result, overall string) consistencyView {
	var cv consistencyView
	pct := func(x float64) string { return formatNum(pg.Lang, 100*x, false) }
	add := func(label string, c *results.Consistency) {
		if c == nil {
			return
		}
		cv.Rows = append(cv.Rows, consistencyRow{Group: label, Median: pct(c.Median),
			Middle: interval(pg, 100*c.Q1, 100*c.Q3, false), Mean: pct(c.Mean)})
	}
	if !r.Suppressed {
		add(overall, r.Consistency)
	}
	for _, g := range r.Groups {
		if !g.Suppressed {
			add(g.Label, g.Consistency)
		}
	}
	return cv
}
