package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Hash returns the survey's content hash: the hex SHA-256 of its canonical
// JSON form, the survey as encoding/json writes it with Version and File
// left out. Fields appear in struct order and map keys (languages of a
// text, questions of a filter) sorted, so the hash depends only on the
// parsed content: comments, whitespace, key order, quoting style and
// defaults written out or left implicit do not change it; any change to an
// id, text, order of items or answers, setting or filter does.
//
// Loading sets Version to Hash. The store can call Hash on a survey it has
// read back to check that the stored definition is intact.
func (s *Survey) Hash() (string, error) {
	c := *s
	c.Version, c.File = "", ""
	b, err := json.Marshal(&c)
	if err != nil {
		return "", fmt.Errorf("survey: hash %s: %w", s.ID, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
