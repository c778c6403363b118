package web

import (
	"testing"

	"github.com/vfv/vfv/internal/i18n"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/static"
)

// TestSummaryText: a group's Summary in plain words, in Swedish, English
// and Arabic: "first" only for a clear first place, the top items
// together otherwise, and differences from the rest only where clear.
func TestSummaryText(t *testing.T) {
	cat, err := i18n.Load(static.FS, "i18n")
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{"ma-bra": "Att må bra", "jobb": "Jobb", "vanner": "Vänner", "hem": "Ett hem"}
	label := func(id string) string { return "”" + labels[id] + "”" }
	for _, tc := range []struct {
		name, lang, group string
		sum               results.Summary
		want              string
	}{
		{"clear first", "sv", "Unga kvinnor", results.Summary{Top: []string{"ma-bra"}, ClearFirst: true},
			"För unga kvinnor kommer ”Att må bra” först."},
		{"top two", "sv", "Unga kvinnor", results.Summary{Top: []string{"ma-bra", "jobb"}},
			"För unga kvinnor ligger ”Att må bra” och ”Jobb” högst, utan tydlig skillnad mellan dem."},
		{"many at the top", "sv", "25–29 år", results.Summary{Top: []string{"ma-bra", "jobb", "vanner"}, More: true},
			"För 25–29 år ligger flera saker nära varandra i topp, bland andra ”Att må bra”, ”Jobb” och ”Vänner”."},
		{"clear differences", "sv", "Unga män", results.Summary{Top: []string{"jobb"}, ClearFirst: true, Compared: true, Higher: []string{"jobb"}, Lower: []string{"ma-bra", "hem"}},
			"För unga män kommer ”Jobb” först. Jämfört med övriga värderar gruppen ”Jobb” tydligt högre. Jämfört med övriga värderar gruppen ”Att må bra” och ”Ett hem” tydligt lägre."},
		{"no clear difference", "sv", "Unga män", results.Summary{Top: []string{"jobb", "hem"}, Compared: true},
			"För unga män ligger ”Jobb” och ”Ett hem” högst, utan tydlig skillnad mellan dem. Mot övriga syns ingen tydlig skillnad."},
		{"long lists are cut", "sv", "Unga män", results.Summary{Top: []string{"jobb"}, ClearFirst: true, Compared: true, Lower: []string{"ma-bra", "hem", "vanner", "x", "y"}},
			"För unga män kommer ”Jobb” först. Jämfört med övriga värderar gruppen ”Att må bra”, ”Ett hem”, ”Vänner” och 2 till tydligt lägre."},
		{"english", "en", "Young women", results.Summary{Top: []string{"ma-bra"}, ClearFirst: true, Compared: true, Higher: []string{"vanner"}},
			"For young women, ”Att må bra” comes first. Compared with the rest, the group values ”Vänner” clearly higher."},
		{"arabic", "ar", "شابات", results.Summary{Top: []string{"ma-bra", "jobb"}},
			"بالنسبة إلى شابات تأتي ”Att må bra” و ”Jobb” في المقدمة، دون فرق واضح بينها."},
		{"nothing shown", "sv", "Unga män", results.Summary{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := summaryText(func(k string) string { return cat.T(tc.lang, k) }, tc.group, tc.sum, label)
			if got != tc.want {
				t.Errorf("summaryText =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}
