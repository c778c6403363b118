package ranking

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// InputKind tells which of the CSV layouts a file uses.
type InputKind int

// The CSV layouts ReadInput understands, told apart by their header.
const (
	// InputCounts is aggregated pair counts: a,b,wins_a,wins_b[,ties].
	InputCounts InputKind = iota + 1
	// InputJudgments is one judgment per row: respondent,a,b,value[,skip].
	InputJudgments
	// InputMatrix is a square comparison matrix whose header row and first
	// column are item ids.
	InputMatrix
)

// String names the layout as in messages: counts, judgments or matrix.
func (k InputKind) String() string {
	switch k {
	case InputCounts:
		return "counts"
	case InputJudgments:
		return "judgments"
	case InputMatrix:
		return "matrix"
	}
	return "unknown"
}

// Input is a parsed CSV file. Items are in order of first appearance.
type Input struct {
	Kind      InputKind
	Items     []string
	Counts    *Counts    // InputCounts (ties count half a win each); tallied judgments
	Judgments []Judgment // InputJudgments
	Rows      []int      // InputJudgments: the file row of each judgment
	// MaxAbsValue is the largest |value| among judgments that are not skipped.
	MaxAbsValue float64
	Matrix      Matrix // InputMatrix
	// Respondents and Steps are set for judgments read by ReadTallied: the
	// number of distinct respondents and the scale Counts was tallied on.
	Respondents int
	Steps       int
	// Groups lists the groups named in a judgments file's group column, in
	// order of first appearance (ReadTallied).
	Groups     []string
	name       string
	tallied    bool
	outOfScale []Problem      // tallied: values outside -Steps..Steps
	kept       *keptJudgments // tallied with TallyOptions.Keep
	position   *positionWins  // tallied: wins by the position the items were shown in
}

// Problem is one thing wrong with an input file. Row counts lines from 1
// (the header); 0 means the problem concerns the whole file.
type Problem struct {
	File   string
	Row    int
	Column string
	Msg    string
}

// String formats the problem as `file: row 7, column "value": msg`.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Row > 0 {
		fmt.Fprintf(&b, ": row %d", p.Row)
		if p.Column != "" {
			fmt.Fprintf(&b, ", column %q", p.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// InputError lists every problem found in an input file.
type InputError struct{ Problems []Problem }

// Error returns one line per problem.
func (e *InputError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// reader collects problems while parsing one file.
type reader struct {
	name     string
	problems []Problem
}

func (r *reader) add(row int, col, format string, args ...any) {
	r.problems = append(r.problems, Problem{File: r.name, Row: row, Column: col, Msg: fmt.Sprintf(format, args...)})
}

func (r *reader) err() error {
	if len(r.problems) == 0 {
		return nil
	}
	return &InputError{Problems: r.problems}
}

// row is one data record with its line number.
type row struct {
	line   int
	fields []string
}

// ReadInput parses a CSV file in one of the InputKind layouts; name is used
// in messages. On unreadable input it returns an *InputError naming every
// problem with its row and column.
func ReadInput(src io.Reader, name string) (*Input, error) {
	r := &reader{name: name}
	header, rows := r.records(src)
	if header == nil {
		return nil, r.err()
	}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.ToLower(h)
	}
	in := &Input{name: name}
	switch {
	case slices.Contains(cols, "wins_a") || slices.Contains(cols, "wins_b"):
		in.Kind = InputCounts
		r.readCounts(in, cols, rows)
	case slices.Contains(cols, "respondent") || slices.Contains(cols, "value"):
		in.Kind = InputJudgments
		r.readJudgments(in, cols, rows)
	default:
		in.Kind = InputMatrix
		r.readMatrix(in, header, rows)
	}
	if err := r.err(); err != nil {
		return nil, err
	}
	return in, nil
}

// records reads the header (trimmed, BOM removed) and all data rows; it
// stops at the first malformed CSV line.
func (r *reader) records(src io.Reader) (header []string, rows []row) {
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			r.add(perr.Line, "", "not valid CSV: %v", perr.Err)
			break
		}
		if err != nil {
			r.add(0, "", "cannot read: %v", err)
			break
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if header == nil {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			header = rec
			continue
		}
		rows = append(rows, row{line: line, fields: rec})
	}
	if header == nil && len(r.problems) == 0 {
		r.add(0, "", "empty file; want a header row")
	}
	return header, rows
}

// columns maps required and optional column names to positions, reporting
// unknown, duplicate and missing ones.
func (r *reader) columns(cols, required, optional []string) (map[string]int, bool) {
	pos := make(map[string]int)
	ok := true
	want := strings.Join(required, ",") + "[," + strings.Join(optional, ",") + "]"
	for i, c := range cols {
		switch _, dup := pos[c]; {
		case !slices.Contains(required, c) && !slices.Contains(optional, c):
			r.add(1, c, "unknown column; want %s", want)
			ok = false
		case dup:
			r.add(1, c, "column appears twice")
			ok = false
		}
		pos[c] = i
	}
	for _, c := range required {
		if _, found := pos[c]; !found {
			r.add(1, "", "missing column %q; want %s", c, want)
			ok = false
		}
	}
	return pos, ok
}

// fieldsOK checks a row's width against the header.
func (r *reader) fieldsOK(rw row, width int) bool {
	if len(rw.fields) != width {
		r.add(rw.line, "", "%d fields, but the header has %d", len(rw.fields), width)
		return false
	}
	return true
}

// pair reads and checks the a and b columns.
func (r *reader) pair(rw row, pos map[string]int) (a, b string, ok bool) {
	a, b = rw.fields[pos["a"]], rw.fields[pos["b"]]
	ok = true
	for _, c := range []string{"a", "b"} {
		if rw.fields[pos[c]] == "" {
			r.add(rw.line, c, "empty; want an item id")
			ok = false
		}
	}
	if ok && a == b {
		r.add(rw.line, "b", "%q is the same item as column \"a\"", b)
		ok = false
	}
	return a, b, ok
}

// number parses a finite number.
func (r *reader) number(rw row, col, s string) (float64, bool) {
	if s == "" {
		r.add(rw.line, col, "empty; want a number")
		return 0, false
	}
	x, err := parseFloat(s)
	if err != nil {
		r.add(rw.line, col, "%q is not a number", s)
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		r.add(rw.line, col, "%q is not a finite number", s)
		return 0, false
	}
	return x, true
}

// count parses a non-negative number.
func (r *reader) count(rw row, col, s string) (float64, bool) {
	x, ok := r.number(rw, col, s)
	if ok && x < 0 {
		r.add(rw.line, col, "%s is negative; want a count >= 0", s)
		return 0, false
	}
	return x, ok
}

// addItem records id in first-appearance order.
func (in *Input) addItem(seen map[string]bool, ids ...string) {
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			in.Items = append(in.Items, id)
		}
	}
}
