package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// CanonicalJSON returns the survey's canonical form, the input of its
// version hash: the survey as encoding/json writes it, with Version and File
// left out. Fields appear in struct order and map keys (languages of a
// text, questions of a filter) sorted, and loading trims texts and sorts
// filter answers, so the form depends only on the parsed content.
//
// It is also what the store should keep as a version's definition:
// unmarshalling it gives the survey back (without Version and File).
func (s *Survey) CanonicalJSON() ([]byte, error) {
	c := *s
	c.Version, c.File = "", ""
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("survey: encode %s: %w", s.ID, err)
	}
	return b, nil
}

// Hash returns the survey's content hash: the hex SHA-256 of CanonicalJSON.
// Comments, whitespace, key order, quoting style and defaults written out
// or left implicit do not change it; any change to an id, a text, the order
// of items or answers, a setting or a filter does.
//
// Loading sets Version to Hash. The store can call Hash on a survey it has
// read back to check that the stored definition is intact.
func (s *Survey) Hash() (string, error) {
	b, err := s.CanonicalJSON()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
