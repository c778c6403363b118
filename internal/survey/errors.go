package survey

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a survey definition, positioned in its file.
// Line and Col are 1-based; 0 means unknown (Col is unknown for some YAML
// syntax errors, both for a file that cannot be read).
type Error struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
	// Msg says what is wrong and how to fix it.
	Msg string `json:"msg"`
	// Err is the underlying error, if any (such as a file system error).
	Err error `json:"-"`
}

// Error formats the problem as "file:line:col: msg", the form editors and
// terminals turn into links. Where the column is unknown (some YAML syntax
// errors) the problem is placed at the start of its line, column 1, so
// every positioned error has the same form.
func (e Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, max(e.Col, 1))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error, so errors.Is(err, fs.ErrNotExist)
// works through a load error.
func (e Error) Unwrap() error { return e.Err }

// Errors is every problem found while loading one or more survey files.
// Parse and the Load functions return it as their error; it is never empty
// when returned.
type Errors []Error

// Error lists the problems one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes each problem to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// sort orders problems by file, line and column, keeping the order in which
// problems at the same position were found.
func (es Errors) sort() {
	slices.SortStableFunc(es, func(a, b Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}
