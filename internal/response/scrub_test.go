package response

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// identifiers are written the way respondents write them, each in a
// sentence; id is the identifier exactly as it stands in the sentence.
var identifiers = []struct{ name, in, id string }{
	// Personal identity and coordination numbers.
	{"pnr 10 digits", "Mitt personnummer är 990101-1234 om ni behöver det", "990101-1234"},
	{"pnr 12 digits", "pnr: 19990101-1234", "19990101-1234"},
	{"pnr plus", "Jag är född 990101+1234 och är gammal", "990101+1234"},
	{"coordination en dash", "Samordningsnummer 990161–1234 fick jag förra året", "990161–1234"},
	{"pnr no-break space", "990101\u00a01234 är mitt nummer", "990101\u00a01234"},
	{"pnr narrow no-break space", "Skriv 19990101\u202f1234 på blanketten", "19990101\u202f1234"},
	{"pnr Arabic-Indic", "رقمي الشخصي ٩٩٠١٠١-١٢٣٤", "٩٩٠١٠١-١٢٣٤"},
	{"pnr Extended Arabic-Indic", "شماره من ۱۹۹۹۰۱۰۱-۱۲۳۴ است", "۱۹۹۹۰۱۰۱-۱۲۳۴"},
	{"pnr Devanagari", "मेरा नंबर ९९०१०१-१२३४ है", "९९०१०१-१२३४"},
	{"pnr full-width", "番号は０５０３１５－２３８６です", "０５０３１５－２３８６"},
	{"pnr no separator", "personnummer 9901011234 tack", "9901011234"},
	{"pnr 12 without separator", "199901011234 står på kortet", "199901011234"},
	{"pnr end of sentence", "Mitt pnr är 20050315-2386.", "20050315-2386"},
	{"pnr spaced dash", "personnummer 050315 - 2386 (ring inte)", "050315 - 2386"},
	{"coordination day 75", "samordningsnr 050375-2386", "050375-2386"},
	{"pnr em dash", "nr 990101—1234", "990101—1234"},
	{"pnr minus sign", "nr 990101−1234", "990101−1234"},
	{"pnr non-breaking hyphen", "nr 990101‑1234", "990101‑1234"},
	// Swedish phone numbers.
	{"mobile dash spaces", "Ring 070-123 45 67!", "070-123 45 67"},
	{"mobile spaces", "Mitt nummer är 070 123 45 67 om du vill prata", "070 123 45 67"},
	{"mobile plain", "sms:a 0701234567 så svarar jag", "0701234567"},
	{"mobile dots", "Nås på 070.123.45.67 efter fyra", "070.123.45.67"},
	{"mobile slash", "tel 070/123 45 67", "070/123 45 67"},
	{"+46 spaces", "+46 70 123 45 67 funkar också", "+46 70 123 45 67"},
	{"+46 (0) dash", "Ring +46(0)70-123 45 67 i kväll", "+46(0)70-123 45 67"},
	{"+46 spaced (0)", "Nummer: +46 (0) 70 123 45 67", "+46 (0) 70 123 45 67"},
	{"46 without plus", "whatsapp 46701234567", "46701234567"},
	{"0046 spaces", "Från utlandet: 0046 70 123 45 67", "0046 70 123 45 67"},
	{"0046 plain", "Från utlandet: 0046701234567", "0046701234567"},
	{"+46 plain", "Min mamma har +46701234567", "+46701234567"},
	{"+46 national grouping", "Ring +46 70-123 45 67", "+46 70-123 45 67"},
	{"Stockholm", "Hemtelefon 08-123 456 78", "08-123 456 78"},
	{"Karlstad", "hem: 054-12 34 56", "054-12 34 56"},
	{"Gothenburg", "Farmor har 031-12 34 56 fortfarande", "031-12 34 56"},
	{"Luleå", "Ring 0920-123 45", "0920-123 45"},
	{"parenthesised area code", "Ring (070) 123 45 67", "(070) 123 45 67"},
	{"spaced dash", "Ring 070 - 123 45 67", "070 - 123 45 67"},
	{"dashes only", "Ring 070-123-45-67", "070-123-45-67"},
	{"non-breaking hyphen", "Ring 070‑123 45 67", "070‑123 45 67"},
	{"en dash", "Ring 070–123 45 67", "070–123 45 67"},
	{"no-break spaces", "Ring 070\u00a0123\u00a045\u00a067", "070\u00a0123\u00a045\u00a067"},
	{"thin spaces", "Ring 070\u2009123\u200945\u200967", "070\u2009123\u200945\u200967"},
	{"zero-width space", "Ring 070\u200b1234567", "070\u200b1234567"},
	{"Arabic-Indic mobile", "رقمي ٠٧٠١٢٣٤٥٦٧", "٠٧٠١٢٣٤٥٦٧"},
	{"full-width mobile", "電話 ０７０－１２３ ４５ ６７", "０７０－１２３ ４５ ６７"},
	{"3-3-4 grouping", "Ring 070 123 4567", "070 123 4567"},
	{"after a colon", "tel:0701234567", "0701234567"},
	// Nordic and other phone numbers.
	{"Norway +47", "Min norske venn har +47 412 34 567", "+47 412 34 567"},
	{"Norway mobile", "Ring 412 34 567 i Oslo", "412 34 567"},
	{"Norway pairs", "Ring 41 23 45 67 i Oslo", "41 23 45 67"},
	{"Denmark +45", "Kusinen i Köpenhamn: +45 12 34 56 78", "+45 12 34 56 78"},
	{"Finland +358", "Suomessa +358 40 123 4567", "+358 40 123 4567"},
	{"Finland national", "Ring 040 123 4567 i Åbo", "040 123 4567"},
	{"Syria", "Pappa har +963 944 123 456", "+963 944 123 456"},
	{"Germany 0049", "Pappa: 0049 170 1234567", "0049 170 1234567"},
	{"UK", "tel +44 7700 900123 i London", "+44 7700 900123"},
	{"+46 Stockholm with (0)", "Jobbet: +46 (0)8-123 456 78", "+46 (0)8-123 456 78"},
	{"4-digit prefix", "Ring mig 0701-23 45 67", "0701-23 45 67"},
	// E-mail addresses and handles.
	{"e-mail", "Maila anna@gmail.com om du vill", "anna@gmail.com"},
	{"e-mail with dot", "maila kim.ek@exempel.se tack", "kim.ek@exempel.se"},
	{"e-mail spaced @", "Skriv till anna @ gmail.com", "anna @ gmail.com"},
	{"e-mail (at)", "anna(at)gmail.com heter jag där", "anna(at)gmail.com"},
	{"e-mail [at] [dot]", "Skriv: anna [at] gmail [dot] com", "anna [at] gmail [dot] com"},
	{"e-mail (at) (dot)", "Skriv: anna (at) gmail (dot) com", "anna (at) gmail (dot) com"},
	{"e-mail {at}", "anna{at}skolan.se är min skolmail", "anna{at}skolan.se"},
	{"e-mail at dot", "Skriv till anna at gmail dot com", "anna at gmail dot com"},
	{"e-mail AT DOT", "SKRIV TILL ANNA AT GMAIL DOT COM", "ANNA AT GMAIL DOT COM"},
	{"e-mail at with dot", "anna.svensson at hotmail.com", "anna.svensson at hotmail.com"},
	{"e-mail full-width", "メール anna＠gmail．com", "anna＠gmail．com"},
	{"e-mail punkt", "anna@gmail punkt com funkar", "anna@gmail punkt com"},
	{"e-mail snabel-a", "anna snabel-a gmail punkt com", "anna snabel-a gmail punkt com"},
	{"e-mail snabela", "ali snabela gmail.com", "ali snabela gmail.com"},
	{"e-mail dotted local part", "anna dot svensson at gmail dot com", "anna dot svensson at gmail dot com"},
	{"e-mail (a)", "skriv till anna(a)gmail.com", "anna(a)gmail.com"},
	{"e-mail in angle brackets", "Från: <anna@gmail.com>", "anna@gmail.com"},
	{"e-mail without domain", "Lägg till anna@gmail på chatten", "anna@gmail"},
	{"e-mail in Arabic", "بريدي ali_99@outlook.se شكرا", "ali_99@outlook.se"},
	{"handle", "Följ mig på insta @anna_svensson.99!", "@anna_svensson.99"},
	{"snapchat", "Min snap är anna_123 om du vill", "anna_123"},
	{"instagram", "insta: anna.svensson", "anna.svensson"},
	// Names after a lead-in.
	{"jag heter", "Jag heter Anna och jag är 19", "Anna"},
	{"mitt namn är", "Hej! Mitt namn är Anna Svensson.", "Anna Svensson"},
	{"lowercase name", "hej jag heter anna", "anna"},
	{"lowercase full name", "jag heter lisa svensson och går i nian", "lisa svensson"},
	{"lowercase name then verb", "jag heter anna bor i grums", "anna"},
	{"three names", "Jag heter Mohammed Ali Hassan", "Mohammed Ali Hassan"},
	{"filler word", "Jag heter ju Ali, det vet alla", "Ali"},
	{"double name", "Jag heter Anna-Karin Lindqvist", "Anna-Karin Lindqvist"},
	{"colon", "Mitt namn är: Fatima", "Fatima"},
	{"friend", "Min kompis heter Sara och hon bor här", "Sara"},
	{"no punctuation", "jag heter Omar jag bor i Grums", "Omar"},
	{"my name is", "My name is Sam and I like football", "Sam"},
	{"I am called", "I am called Kim.", "Kim"},
	{"call me", "Call me Jo", "Jo"},
	{"Arabic", "اسمي محمد وأنا من سوريا", "محمد"},
	{"Arabic two words", "أنا اسمي أحمد علي", "أحمد علي"},
	{"Arabic three words", "انا اسمي محمد علي حسن", "محمد علي حسن"},
	{"Persian", "اسم من علی است", "علی"},
	{"Russian", "Меня зовут Иван", "Иван"},
}

// ordinary sentences hold numbers, years, times, prices and dates, written
// with every kind of dash and space: they must come back exactly.
var ordinary = []string{
	"Jag är 19 år",
	"Jag är 19 år och bor i Grums sedan 2015",
	"Bussen 4 går 07.45",
	"Bussen 4 går 07.45 och 08.15, linje 150 går 08.05",
	"Jag flyttade hit 2019",
	"Jag tjänar 12 000 kr i månaden",
	"Jag tjänar 12\u00a0000 kr i månaden",
	"Mellan 2020-2023 pluggade jag",
	"Mellan 2020–2023 pluggade jag",
	"Klockan 14:30 på tisdag",
	"Rum 204",
	"Vi var 3 st",
	"Det tar 45 min",
	"Linje 150 mot stan",
	"Jag bor på nummer 12",
	"1 av 10",
	"Vi var 25 personer, 3 av 10 fick jobb",
	"år 2024 och 2025",
	"tel. saknas",
	"jag heter inte något speciellt",
	"Mitt namn är inte viktigt",
	"Jag vill inte säga vad jag heter.",
	"Det heter fritids här",
	"Träningen är 18.00-19.30 varje tisdag",
	"Skolan börjar 08.30-09.15 på måndagar",
	"Jag var där 08.45 – 09.30",
	"Vi ses kl 09.00-12.00",
	"Bussen går 06.15, 06.45 och 07.15",
	"Jag har bott här sedan 2010-08-15",
	"Jag kom till Sverige 2015‑09‑01",
	"Vi träffas 2024-05-01 kl 18",
	"Postnumret är 664 30",
	"Hyran är 4 500 kr",
	"Jag har 3\u202f000–4\u202f000 kr kvar",
	"Lönen är 25 000 kr (före skatt)",
	"Det kostade 1 299:- på rea",
	"Mellan 1999 och 2003 bodde vi i Syrien",
	"Den 24/12 firar vi jul",
	"Matchen slutade 3-1",
	"Temperaturen var −15 grader",
	"Det var +5 grader ute",
	"Skolan har 1200 elever och 85 lärare",
	"Fotboll 3 ggr/vecka",
	"Jag jobbar 40 timmar i veckan, 8–17",
	"Klassen 9B, rum 3.14",
	"Jag läste 0,5 poäng",
	"Betyg: 17,5 av 20",
	"Under 2022 var vi 12–15 personer",
	"Ring 112 om det brinner, 1177 om du är sjuk",
	"Vi ses at 5",
	"Hon är bäst at allt",
	"Jag mailade kommunen om det",
	"Hej\u200bdär, jag är 17",
	"عمري ١٩ سنة",
	"من ۱۸ سالمه",
	"Lektionen är 08.15-09.45 och 10.00-11.30",
	"Klockan 0800-1700",
	"Öppet 0830-1230 och 1330-1700",
	"Vad heter du?",
	"kalla mig när du kan",
	"Call me later",
	"Jag kallas ofta för lat",
	"Min insta är privat",
	"Jag kollar tiktok 3 timmar om dagen",
	"Jag spelar xbox 360 med min bror",
	"rad ett\nrad två\ttab",
}

func TestScrubRemovesIdentifiers(t *testing.T) {
	for _, tt := range identifiers {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tt.in, tt.id) {
				t.Fatalf("bad case: %q does not hold %q", tt.in, tt.id)
			}
			want := strings.Replace(tt.in, tt.id, Placeholder, 1)
			got := Scrub(tt.in)
			if got != want {
				t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, want)
			}
			if strings.Contains(got, tt.id) || !strings.Contains(got, Placeholder) {
				t.Errorf("Scrub(%q) = %q still holds %q or has no placeholder", tt.in, got, tt.id)
			}
		})
	}
}

func TestScrubKeepsOrdinaryText(t *testing.T) {
	for _, in := range ordinary {
		t.Run(in, func(t *testing.T) {
			if got := Scrub(in); got != in {
				t.Errorf("Scrub(%q) = %q, want it unchanged", in, got)
			}
		})
	}
}

func TestScrub(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"several", "Ring 070-123 45 67 eller maila anna@gmail.com, pnr 990101-1234.",
			"Ring " + Placeholder + " eller maila " + Placeholder + ", pnr " + Placeholder + "."},
		{"three identity numbers", "pnr 19990101-1234 och 990101-1234 och 199901011234",
			"pnr " + Placeholder + " och " + Placeholder + " och " + Placeholder},
		{"two names", "Jag heter Anna och min bror heter Ali", "Jag heter " + Placeholder + " och min bror heter " + Placeholder},
		{"name then a lead-in", "Jag heter Anna jag heter Bo också", "Jag heter " + Placeholder + " jag heter " + Placeholder + " också"},
		{"name then sentence", "Jag heter Anna. Jag gillar fotboll", "Jag heter " + Placeholder + ". Jag gillar fotboll"},
		{"address next to a number", "0701234567anna@gmail.com", Placeholder},
		{"number", "mitt nummer är 0701234567", "mitt nummer är " + Placeholder},
		{"coordination number", "samordningsnummer 990161-1234", "samordningsnummer " + Placeholder},
		{"control characters", "kontroll\x00tecken\x1b[31m", "kontrolltecken[31m"},
		{"surrounding space", "  blanksteg  ", "blanksteg"},
		{"Arabic text", "مرحبا 0701234567", "مرحبا " + Placeholder},
		{"placeholder kept", "Ring " + Placeholder + " 2019", "Ring " + Placeholder + " 2019"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Scrub(tt.in); got != tt.want {
				t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestScrubRunOn: a number right after a removed one (whose context changes
// once the first is gone) is removed too, so no digits of either remain.
func TestScrubRunOn(t *testing.T) {
	in := "0701234567+46701234567,0046701234567"
	got := Scrub(in)
	if strings.ContainsAny(got, "0123456789") {
		t.Errorf("Scrub(%q) = %q still holds digits", in, got)
	}
	if again := Scrub(got); again != got {
		t.Errorf("Scrub is not idempotent: %q, then %q", got, again)
	}
}

// FuzzScrub: Scrub never panics, makes valid text of valid text, keeps no
// control character but line breaks and tabs, and is idempotent.
func FuzzScrub(f *testing.F) {
	for _, tt := range identifiers {
		f.Add(tt.in)
	}
	for _, in := range ordinary {
		f.Add(in)
	}
	f.Add("0701234567+46701234567")
	f.Add("Jag heter " + Placeholder + " Anna")
	f.Fuzz(func(t *testing.T, in string) {
		got := Scrub(in)
		if utf8.ValidString(in) && !utf8.ValidString(got) {
			t.Fatalf("Scrub(%q) = %q is not valid UTF-8", in, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Fatalf("Scrub(%q) = %q keeps control character %U", in, got, r)
			}
		}
		if again := Scrub(got); again != got {
			t.Fatalf("Scrub is not idempotent: Scrub(%q) = %q, then %q", in, got, again)
		}
	})
}

// BenchmarkScrub scrubs a 2000-character story with a few identifiers and
// many ordinary numbers, and a 4000-character run of digits and
// separators (the worst case for the number patterns).
func BenchmarkScrub(b *testing.B) {
	story := strings.Repeat("Jag är 19 år och har bott i Grums sedan 2015. Bussen 4 går 07.45 och det tar 45 min. "+
		"Jag tjänar 12 000 kr i månaden, mellan 2020–2023 pluggade jag. ", 12)
	story += "Jag heter Anna, ring 070-123 45 67 eller maila anna [at] gmail [dot] com. "
	story = string([]rune(story)[:2000])
	digits := strings.Repeat("0701234567 12-34.5/6 ", 200)[:4000]
	for _, bc := range []struct{ name, text string }{{"story2000", story}, {"digits4000", digits}} {
		b.Run(bc.name, func(b *testing.B) {
			if !strings.Contains(Scrub(bc.text), Placeholder) {
				b.Fatal("nothing removed")
			}
			b.ResetTimer()
			for b.Loop() {
				Scrub(bc.text)
			}
			chars := float64(utf8.RuneCountInString(bc.text))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chars, "ns/char")
		})
	}
}
