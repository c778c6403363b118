// Package survey is the survey definition of vfv: the model of one
// "Värde för vem?" survey (texts in several languages, the items respondents
// weigh against each other two at a time, the weighting scale, background
// questions, target groups and the optional open question), and the strict
// loader that reads it from YAML.
//
// Definitions live in surveys/*.yaml and are loaded once at start-up with
// LoadDir or LoadFiles. Loading never stops at the first problem: every
// problem in every file is returned as an Errors value whose entries name
// the file, line and column and say how to fix it. The format is documented
// in docs/survey-format.md.
//
// A loaded Survey carries a Version: the SHA-256 of its canonical JSON form
// (see Survey.Hash), so a survey changes version only when its meaning
// changes, not when comments or formatting do.
//
// The package is pure: it imports neither the web framework nor the store.
package survey
