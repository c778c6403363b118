package web

import (
	"io"

	"github.com/vfv/vfv/internal/web/jsonbody"
)

// maxBodyBytes is the body limit of every request (a submission's is
// respond.MaxSubmissionBytes).
const maxBodyBytes = "1M"

// decodeStrict reads a staff API body (jsonbody.DecodeStrict).
func decodeStrict(r io.Reader, v any) error { return jsonbody.DecodeStrict(r, v) }

// invalid refuses a request with one problem (jsonbody.Invalid).
func invalid(field, msg string) error { return jsonbody.Invalid(field, msg) }
