// Package release decides what of a campaign's answers may be shown to
// staff, so that no sequence of requests — any scopes, periods, groups,
// methods and formats, and looks before and after one person answers —
// reveals a figure about fewer than the minimum group size k
// (docs/privacy.md).
//
// A campaign's answers are released in batches: whole calendar weeks that have ended, at least
// k respondents each, sealed once and never changed. Within a batch every
// set of respondents a figure can describe (everyone, each target group,
// each background answer) is shown or withheld by Decide. Every figure
// staff see is a sum over batches of shown sets, so the difference of any
// two figures is a sum of per-batch differences, each 0 or at least k.
//
// The package is pure: it takes plain values and imports neither HTTP nor
// the store.
package release
