package store

import "net/url"

// RedactURI hides the password in a MongoDB connection string so that it
// can be logged or printed.
func RedactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(unparsable MongoDB URI)"
	}
	return u.Redacted()
}
