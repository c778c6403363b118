// Package ranking turns pairwise judgments from a "Värde för vem?" survey into
// relative-value scores: Bradley–Terry strengths and shares, AHP priorities
// with consistency measures, and All Our Ideas-style win-probability scores,
// each with confidence intervals (Fisher information or a bootstrap over
// respondents) and group-against-group differences.
//
// The package is pure: it takes plain values (judgments, pairwise counts,
// comparison matrices, CSV readers) and returns values or errors. It knows
// nothing of HTTP, storage or survey definitions; callers select the
// judgments of a target group and pass them in. See docs/ranking.md for the
// methods, in plain Swedish and with formulas. ReadInput reads every CSV
// layout into memory; ReadTallied streams a judgments file straight into a
// win matrix, on every core, keeping each judgment compactly for
// RankTallied when AHP or the bootstrap need them.
package ranking
