// Package static embeds the files served to browsers: styles, scripts and
// the translation catalogues shared by templates and scripts.
package static

import "embed"

// FS holds every static asset, embedded in the binary so that a server
// needs no files beside it.
//
//go:embed css i18n js
var FS embed.FS
