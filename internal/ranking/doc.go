// Package ranking turns pairwise judgments from a "Värde för vem?" survey into
// relative-value scores: Bradley–Terry strengths and shares, AHP priorities
// with consistency measures, and All Our Ideas-style win-probability scores,
// each with confidence intervals, group-against-group differences and a
// per-respondent consistency measure.
//
// Intervals are respondent-level by default (Options.CI, CIRespondent): a
// cluster-robust (sandwich) covariance with respondents as clusters, which
// allows for several judgments by one person and for graded answers; the
// Fisher information (CIModel) and a bootstrap over respondents
// (CIBootstrap) are the alternatives, and every result names the method it
// used (CIMethod). A Sample collects judgments respondent by respondent with
// their groups, for Rank, RankGroup, CompareGroups (simultaneous intervals
// over all items, a group against another or against the rest) and
// Consistency.
//
// The package is pure: it takes plain values (judgments, pairwise counts,
// comparison matrices, CSV readers) and returns values or errors. It knows
// nothing of HTTP, storage or survey definitions; callers select the
// judgments of a target group and pass them in. See docs/ranking.md for the
// methods, in plain Swedish and with formulas. ReadInput reads every CSV
// layout into memory; ReadTallied streams a judgments file straight into a
// win matrix, on every core, keeping each judgment compactly for
// RankTallied, FitBTRespondent and Input.Sample when they need them.
package ranking
