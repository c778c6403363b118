package survey

import (
	"slices"
	"strings"
)

// DefaultLanguage is the language every text must have and the one used
// when a text lacks the requested language.
const DefaultLanguage = "sv"

// Defaults and limits applied when a survey is loaded.
const (
	// DefaultMinGroupSize is the smallest group reported when a survey does
	// not set min_group_size.
	DefaultMinGroupSize = 5
	// MinMinGroupSize is the lowest min_group_size a survey may set; smaller
	// groups could let a reader recognise a single respondent.
	MinMinGroupSize = 3
	// MinSteps and MaxSteps bound the number of steps on each side of the
	// weighting scale.
	MinSteps, MaxSteps = 1, 4
	// DefaultStoryMaxLength is the longest answer to the open question
	// unless the survey says otherwise; MaxStoryMaxLength caps what it may say.
	DefaultStoryMaxLength = 2000
	MaxStoryMaxLength     = 10000
	// MaxKeepDays bounds story.keep_days (ten years).
	MaxKeepDays = 3660
)

// Text is a translatable text: language code to text. Every Text of a
// loaded survey has a DefaultLanguage entry and one for each language the
// survey declares.
type Text map[string]string

// In returns the text in lang, falling back to Swedish when the text has no
// (or an empty) translation in lang.
func (t Text) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	return t[DefaultLanguage]
}

// Survey is one parsed and validated survey definition.
//
// It round-trips through encoding/json unchanged, so the store can keep the
// exact definition a response was given under, keyed by Version.
type Survey struct {
	// ID is the survey's slug, unique among the loaded surveys.
	ID string `json:"id"`
	// Languages lists the languages the survey is offered in, in the order
	// declared; it always contains DefaultLanguage.
	Languages []string `json:"languages"`
	Title     Text     `json:"title"`
	// Intro is shown before the first pair: what the survey is for, that it
	// is anonymous and voluntary (the consent text).
	Intro    Text `json:"intro"`
	ThankYou Text `json:"thank_you"`
	// Items are the things respondents weigh against each other, in the
	// order declared.
	Items []Item `json:"items"`
	Scale Scale  `json:"scale"`
	// Background holds the single-choice background questions.
	Background []Question `json:"background,omitempty"`
	// BackgroundFirst asks the background questions before the pairs
	// (background_position: first); by default they come after the pairs,
	// so that respondents start with what the survey is about.
	BackgroundFirst bool `json:"background_first,omitempty"`
	// Groups are the target groups results are reported for.
	Groups []Group `json:"groups,omitempty"`
	// Story is the optional open question; nil when the survey has none.
	Story *Story `json:"story,omitempty"`
	// Audio holds recordings of the intro and the thank-you (optional).
	Audio *SurveyAudio `json:"audio,omitempty"`
	// MinGroupSize is the smallest number of respondents a result may be
	// reported for (default DefaultMinGroupSize, never below MinMinGroupSize).
	MinGroupSize int `json:"min_group_size"`
	// Version is the hex SHA-256 content hash set at load (see Hash). It is
	// not part of its own hash input.
	Version string `json:"version,omitempty"`
	// File is the path the survey was loaded from. It is not part of the
	// hash input, so moving a file does not change the version.
	File string `json:"file,omitempty"`
}

// Item is one thing respondents weigh against the others.
type Item struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	// Description is an optional short explanation shown under the label.
	Description Text `json:"description,omitempty"`
	// Image is an optional pictogram shown on the item's card; its alt
	// text is the label.
	Image *Media `json:"image,omitempty"`
	// Audio reads the label (and description) aloud, per language.
	Audio AudioText `json:"audio,omitempty"`
}

// SurveyAudio holds recordings of the survey's intro and thank-you.
type SurveyAudio struct {
	Intro    AudioText `json:"intro,omitempty"`
	ThankYou AudioText `json:"thank_you,omitempty"`
}

// Scale describes the pairwise weighting answer. With Steps = 2 the
// respondent chooses among "A much more", "A a bit more", "equal",
// "B a bit more", "B much more" (plus "can't decide" when AllowSkip).
type Scale struct {
	// Prompt is the optional question asked above each pair, such as
	// "Vad är viktigast för dig?".
	Prompt Text `json:"prompt,omitempty"`
	// Steps is the number of steps on each side of "equal" (MinSteps–MaxSteps).
	Steps int `json:"steps"`
	// Labels has exactly Steps entries: index 0 is the smallest difference
	// ("a bit more important"), the last the largest.
	Labels []Text `json:"labels"`
	// Equal labels the middle of the scale.
	Equal Text `json:"equal"`
	// AllowSkip offers a "can't decide" answer, labelled Skip.
	AllowSkip bool `json:"allow_skip"`
	Skip      Text `json:"skip,omitempty"`
	// MaxPairs is the largest number of pairs one respondent is shown;
	// it defaults to all pairs (NumPairs).
	MaxPairs int `json:"max_pairs"`
}

// Question is a single-choice background question.
type Question struct {
	ID      string   `json:"id"`
	Label   Text     `json:"label"`
	Answers []Answer `json:"answers"`
	// Audio reads the question aloud, per language.
	Audio AudioText `json:"audio,omitempty"`
}

// Answer is one choice of a background question.
type Answer struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
}

// Group is a target group: a named filter over background answers.
type Group struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	// Where maps a background question id to the answer ids that qualify.
	// A respondent matches when, for every question listed, their answer is
	// one of its answers (AND across questions, OR within one). An empty
	// Where matches every respondent. Answer lists are sorted at load.
	Where map[string][]string `json:"where,omitempty"`
}

// Matches reports whether a respondent with the given background answers
// (question id to answer id) belongs to the group. A question the respondent
// did not answer never matches a filter on it.
func (g Group) Matches(background map[string]string) bool {
	for q, answers := range g.Where {
		a, ok := background[q]
		if !ok || !slices.Contains(answers, a) {
			return false
		}
	}
	return true
}

// Story is the optional open question ("Vill du berätta mer?").
type Story struct {
	Label Text `json:"label"`
	// Help is an optional hint shown under the label, such as not to write
	// names.
	Help Text `json:"help,omitempty"`
	// MaxLength is the longest answer accepted, in characters (default
	// DefaultStoryMaxLength).
	MaxLength int `json:"max_length"`
	// KeepDays is how many days an answer is kept before the server
	// deletes its text (retention); 0 keeps it until the campaign's data
	// is deleted.
	KeepDays int `json:"keep_days,omitempty"`
	// Audio reads the open question aloud, per language.
	Audio AudioText `json:"audio,omitempty"`
}

// Item returns the item with the given id.
func (s *Survey) Item(id string) (Item, bool) {
	for _, it := range s.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// Question returns the background question with the given id.
func (s *Survey) Question(id string) (Question, bool) {
	for _, q := range s.Background {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// Group returns the target group with the given id.
func (s *Survey) Group(id string) (Group, bool) {
	for _, g := range s.Groups {
		if g.ID == id {
			return g, true
		}
	}
	return Group{}, false
}

// Answer returns the answer with the given id.
func (q Question) Answer(id string) (Answer, bool) {
	for _, a := range q.Answers {
		if a.ID == id {
			return a, true
		}
	}
	return Answer{}, false
}

// Dir returns the writing direction of lang, "rtl" or "ltr", for the HTML
// dir attribute.
func (s *Survey) Dir(lang string) string { return Dir(lang) }

// HasLanguage reports whether the survey is offered in lang.
func (s *Survey) HasLanguage(lang string) bool {
	return slices.Contains(s.Languages, lang)
}

// NumPairs is the number of distinct pairs of items, n(n-1)/2.
func (s *Survey) NumPairs() int {
	n := len(s.Items)
	return n * (n - 1) / 2
}

// PairsPerRespondent is the number of pairs one respondent is shown:
// all pairs, capped by Scale.MaxPairs.
func (s *Survey) PairsPerRespondent() int {
	return min(s.NumPairs(), s.Scale.MaxPairs)
}

// Dir returns the writing direction of a language code, "rtl" for Arabic,
// Persian, Hebrew, Urdu, Pashto and Sorani Kurdish and "ltr" otherwise. A
// region or script suffix ("ar-SE") is ignored.
func Dir(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch base {
	case "ar", "fa", "he", "ur", "ps", "ckb":
		return "rtl"
	}
	return "ltr"
}
