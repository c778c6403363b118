// Package kanon makes a table of respondents k-anonymous on its
// quasi-identifiers before it leaves the server: every combination of
// released values (campaign, period, background answers, …) is shared by
// at least k respondents, so a reader who knows someone's background
// cannot single out that person's answers.
//
// It works as ARX and sdcMicro do, by global recoding followed by local
// suppression. Each quasi-identifier has an ordered generalisation
// hierarchy (a date, its month, "*"). A greedy walk raises one
// quasi-identifier a level at a time, always the one that leaves the
// fewest respondents in too small groups. At each point of the walk the
// respondents still in too small groups get some of their values
// suppressed ("*"), again choosing the quasi-identifier that helps most,
// until they join a group of at least k; the last few, if any, are
// pooled as all-"*" and filled up to k with respondents the large groups
// can spare. The point of the walk that loses least information is
// released. A respondent is dropped only when fewer than k exist at all.
//
// Released values are always true: a value of the respondent's own
// hierarchy, never someone else's. The package knows nothing of HTTP,
// storage or surveys; the payload travels through untouched.
package kanon
