package response

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names are found only after words that introduce one. After "jag heter",
// "mitt namn är", "my name is" and their like the next word is a name when
// it is capitalised, or lowercase and not an ordinary word ("jag heter
// anna" but not "jag heter inte …"); after a bare "heter" or "kallas" ("min
// bror heter Ali", "skolan heter …") or a lead-in that often goes on
// otherwise ("kalla mig när …", "call me later") only a capitalised word
// is. A second and third word are taken too while they are capitalised and
// not ordinary words (surnames, not the "Jag" of the next sentence), or
// lowercase after a lowercase first name and neither ordinary words nor
// common verbs ("jag heter anna svensson", but "jag heter anna bor i …").
const (
	strongLeads = `jag heter|jag hette|mitt namn är|mitt namn e|mitt förnamn är|mitt efternamn är` +
		`|my name is|my name['’]s|меня зовут|мене звати|magacaygu waa|magacayga waa`
	bareLeads = `heter|hette|kallas|kalla mig|kallar mig|namnet är|i am called|i['’]m called|i am named|call me`
	// Filler words between the lead-in and the name: "jag heter ju Anna".
	nameFillers = `ju|typ|alltså|faktiskt|egentligen|väl|nog|bara|just|actually|really|also|också`
	nameWord    = `\p{L}[\p{L}\p{M}'’\-]*`
)

const namePattern = `[^\p{L}\p{N}](?i:(?P<s>` + strongLeads + `)|(?P<b>` + bareLeads + `))(?: +(?i:` + nameFillers + `))?(?: *:)? +` +
	`(?P<x>(?P<w1>` + nameWord + `)(?: +(?P<w2>` + nameWord + `))?(?: +(?P<w3>` + nameWord + `))?)`

// Arabic and Persian: "اسمي …", "أنا اسمي …", "اسمي هو …", "اسم من …",
// "نام من …", "اسمم …", then one to three words in Arabic script (the
// script has no capitals; a second or third word is left when it starts
// with و "and" or is an ordinary word).
const arabicNamePattern = `[^\p{L}\p{N}](?:(?:(?:أنا|انا) +)?و?(?:اسمي|إسمي|اسمى|أسمي|اسمم)(?: +(?:هو|هي))?|(?:اسم|نام) +من)(?: *:)? +` +
	`(?P<x>(?P<w1>[\p{Arabic}\p{M}]+)(?: +(?P<w2>[\p{Arabic}\p{M}]+))?(?: +(?P<w3>[\p{Arabic}\p{M}]+))?)`

// notNames are ordinary words that follow a lead-in without being a name,
// lowercase.
var notNames = wordSet(`inte int ej icke typ ju väl nog bara något nåt nånting någonting ingenting inget inga samma det den
	detta denna de dom som också så egentligen faktiskt en ett och men eller för att är e va var kanske liksom alltså
	själv vad vem hur jag du han hon hen vi ni mig dig sig här där fortfarande lite väldigt helt efter på i med till av
	om hemligt hemlig oviktigt viktigt okänt sådär redan nu idag
	bor går gillar kommer har tycker vill kan ska jobbar pluggar läser spelar mår brukar bodde kom blev fick älskar
	hatar tränar studerar gick
	not just the a an like kind also really actually nothing something no is was and but or so very what who me my it
	that this too still secret none to am from have want come
	не
	من في عمري انا أنا عندي هو هي است هست هستم و لكن بس كمان ايضا أيضا عمرم سال ساله`)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// nameWindows returns windows around the words that may introduce a name;
// the longest lead-in starts less than 48 bytes before them.
func nameWindows(t string) [][2]int {
	return keywordWindows(t, []string{"heter", "hette", "namn", "name", "called", "call me", "kalla", "magac",
		"зовут", "звати", "ЗОВУТ", "ЗВАТИ"}, 48, 200)
}

func arabicNameWindows(t string) [][2]int {
	return keywordWindows(t, []string{"اسم", "نام"}, 48, 200)
}

// group returns the text of a named group of a match and its offsets; ok
// is false when the group did not take part.
func group(re *regexp.Regexp, t string, m []int, name string) (w string, start int, ok bool) {
	i := re.SubexpIndex(name)
	if m[2*i] < 0 {
		return "", 0, false
	}
	return t[m[2*i]:m[2*i+1]], m[2*i], true
}

// nameEnd decides how much of a match of namePattern is a name: the first
// word, then the second and third while they are names too (a lowercase
// one only after a lowercase first name).
func nameEnd(re *regexp.Regexp, t string, m []int) int {
	_, _, strong := group(re, t, m, "s")
	_, start, _ := group(re, t, m, "w1")
	end := start
	lowercase := false
	for i, g := range []string{"w1", "w2", "w3"} {
		w, at, ok := group(re, t, m, g)
		if !ok {
			break
		}
		w = strings.TrimRight(w, "-'’")
		lower := strings.ToLower(w)
		if i == 0 {
			lowercase = strong && lower == w
		}
		if utf8.RuneCountInString(w) < 2 || notNames[lower] || !isUpperInitial(w) && !(lowercase && lower == w) {
			break
		}
		end = at + len(w)
	}
	return end
}

// arabicNameEnd decides how much of a match of arabicNamePattern is a
// name: the first word, then the second and third while they are names too.
func arabicNameEnd(re *regexp.Regexp, t string, m []int) int {
	_, end, _ := group(re, t, m, "w1")
	for i, g := range []string{"w1", "w2", "w3"} {
		w, at, ok := group(re, t, m, g)
		if !ok {
			break
		}
		letters := lettersPrefix(w)
		if letters == "" || notNames[letters] || i > 0 && strings.HasPrefix(letters, "و") {
			break
		}
		end = at + len(letters)
		if len(letters) < len(w) {
			break
		}
	}
	return end
}

// lettersPrefix is the start of w up to its first character that is neither
// a letter nor a combining mark.
func lettersPrefix(w string) string {
	for i, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			return w[:i]
		}
	}
	return w
}
