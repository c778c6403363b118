package ranking

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// readCounts reads a,b,wins_a,wins_b[,ties]; ties add half a win to each side.
func (r *reader) readCounts(in *Input, cols []string, rows []row) {
	pos, ok := r.columns(cols, []string{"a", "b", "wins_a", "wins_b"}, []string{"ties"})
	if !ok {
		return
	}
	type countRow struct {
		a, b   string
		wa, wb float64
	}
	var good []countRow
	seen := make(map[string]bool)
	for _, rw := range rows {
		if !r.fieldsOK(rw, len(cols)) {
			continue
		}
		a, b, ok := r.pair(rw, pos)
		wa, okA := r.count(rw, "wins_a", rw.fields[pos["wins_a"]])
		wb, okB := r.count(rw, "wins_b", rw.fields[pos["wins_b"]])
		ties, okT := 0.0, true
		if p, has := pos["ties"]; has && rw.fields[p] != "" {
			ties, okT = r.count(rw, "ties", rw.fields[p])
		}
		if ok && okA && okB && okT {
			in.addItem(seen, a, b)
			good = append(good, countRow{a, b, wa + ties/2, wb + ties/2})
		}
	}
	if len(r.problems) > 0 {
		return
	}
	c, err := NewCounts(in.Items)
	if err != nil {
		r.add(0, "", "%v", err)
		return
	}
	for _, g := range good {
		ia, _ := c.Index(g.a)
		ib, _ := c.Index(g.b)
		c.Add(ia, ib, g.wa, g.wb)
	}
	in.Counts = c
}

// readJudgments reads respondent,a,b,value[,skip].
func (r *reader) readJudgments(in *Input, cols []string, rows []row) {
	pos, ok := r.columns(cols, []string{"respondent", "a", "b", "value"}, []string{"skip", "group"})
	if !ok {
		return
	}
	seen := make(map[string]bool)
	var groups respondentGroups // only to check the number of groups, as ReadTallied does
	for _, rw := range rows {
		j, ok := r.judgment(rw, pos, len(cols))
		if ok && j.Group != "" {
			if _, err := groups.parse([]byte(j.Group)); err != nil {
				r.add(rw.line, "group", "%v", err)
			}
		}
		if ok {
			in.addItem(seen, j.A, j.B)
			in.Judgments = append(in.Judgments, j)
			in.Rows = append(in.Rows, rw.line)
			if !j.Skip {
				in.MaxAbsValue = max(in.MaxAbsValue, math.Abs(j.Value))
			}
		}
	}
}

// judgment checks one judgments row against the header's width and columns,
// reporting every problem; the streaming reader calls it for any row its
// fast path does not accept, so both report the same messages.
func (r *reader) judgment(rw row, pos map[string]int, width int) (Judgment, bool) {
	if !r.fieldsOK(rw, width) {
		return Judgment{}, false
	}
	j := Judgment{Respondent: rw.fields[pos["respondent"]]}
	okR := j.Respondent != ""
	if !okR {
		r.add(rw.line, "respondent", "empty; want a respondent id")
	}
	var okP bool
	j.A, j.B, okP = r.pair(rw, pos)
	okS := true
	if p, has := pos["skip"]; has {
		j.Skip, okS = r.boolean(rw, "skip", rw.fields[p])
	}
	if p, has := pos["group"]; has {
		j.Group = rw.fields[p]
	}
	okV := true
	if !j.Skip {
		j.Value, okV = r.number(rw, "value", rw.fields[pos["value"]])
	}
	return j, okR && okP && okS && okV
}

// boolean parses a skip flag: empty, 0, false, no mean not skipped; 1, true,
// yes, skip mean skipped.
func (r *reader) boolean(rw row, col, s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "", "0", "false", "no":
		return false, true
	case "1", "true", "yes", "skip":
		return true, true
	}
	r.add(rw.line, col, "%q is not a yes/no value; want 1/0, true/false or yes/no", s)
	return false, false
}

// readMatrix reads a square matrix; cells may be numbers or fractions like
// 1/3, and empty, NA, - or ? mark a missing comparison. Where only one of
// a_ij and a_ji is given the other is its reciprocal; where both are given
// they must agree within 2% (so that 0.33 passes for 1/3) and the entry above
// the diagonal is kept.
func (r *reader) readMatrix(in *Input, header []string, rows []row) {
	ids := header[1:]
	seen := make(map[string]bool)
	for _, id := range ids {
		switch {
		case id == "":
			r.add(1, "", "empty item id in the header")
		case seen[id]:
			r.add(1, id, "item appears twice in the header")
		}
		seen[id] = true
	}
	if len(ids) < 2 {
		r.add(1, "", "a matrix needs a header row with at least two item ids after the first cell")
	}
	if len(r.problems) > 0 {
		return
	}
	m, _ := NewMatrix(ids)
	lines := r.matrixRows(m, ids, rows)
	if len(r.problems) > 0 {
		return
	}
	r.reciprocity(m, lines)
	in.Items, in.Matrix = m.Items, m
}

// matrixRows fills m from the rows and returns each item's file row.
func (r *reader) matrixRows(m Matrix, ids []string, rows []row) []int {
	n := len(ids)
	lines := make([]int, n)
	if len(rows) != n {
		r.add(0, "", "%d rows below the header for %d items; the matrix must be square", len(rows), n)
	}
	for k, rw := range rows[:min(n, len(rows))] {
		lines[k] = rw.line
		if !r.fieldsOK(rw, n+1) {
			continue
		}
		if rw.fields[0] != ids[k] {
			r.add(rw.line, "", "row starts with %q, want %q (rows follow the header's order)", rw.fields[0], ids[k])
			continue
		}
		for j, s := range rw.fields[1:] {
			a, ok := r.ratio(rw, ids[j], s)
			switch {
			case !ok:
			case j == k && a != 0 && a != 1:
				r.add(rw.line, ids[j], "diagonal entry %s, want 1", s)
			case j != k:
				m.A[k][j] = a
			}
		}
	}
	return lines
}

// reciprocity completes and checks a_ji = 1/a_ij.
func (r *reader) reciprocity(m Matrix, lines []int) {
	n := len(m.Items)
	for i := range n {
		for j := i + 1; j < n; j++ {
			a, b := m.A[i][j], m.A[j][i]
			switch {
			case a == 0 && b == 0:
			case a == 0:
				m.A[i][j] = 1 / b
			case b != 0 && math.Abs(a*b-1) > 0.02:
				r.add(lines[j], m.Items[i], "%s is not the reciprocal of %s (row %d, column %q)",
					fmtNum(b), fmtNum(a), lines[i], m.Items[j])
			default:
				m.A[j][i] = 1 / a
			}
		}
	}
}

// ratio parses a positive matrix entry; 0 means missing.
func (r *reader) ratio(rw row, col, s string) (float64, bool) {
	switch strings.ToLower(s) {
	case "", "na", "-", "?":
		return 0, true
	}
	x, ok := r.number(rw, col, s)
	if ok && x <= 0 {
		r.add(rw.line, col, "%s is not positive; a ratio must be > 0 (leave the cell empty if missing)", s)
		return 0, false
	}
	return x, ok
}

// parseFloat parses a decimal number or a fraction p/q.
func parseFloat(s string) (float64, error) {
	if p, q, ok := strings.Cut(s, "/"); ok {
		num, err1 := strconv.ParseFloat(strings.TrimSpace(p), 64)
		den, err2 := strconv.ParseFloat(strings.TrimSpace(q), 64)
		if err1 != nil || err2 != nil || den == 0 {
			return 0, fmt.Errorf("bad fraction %q", s)
		}
		return num / den, nil
	}
	return strconv.ParseFloat(s, 64)
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// CheckScale reports every judgment whose |value| exceeds steps.
// A tallied Input was checked while it was read, against its own Steps.
func (in *Input) CheckScale(steps int) error {
	if in.tallied {
		if steps != in.Steps {
			return fmt.Errorf("ranking: scale -%d..%d: the judgments were tallied on -%d..%d", steps, steps, in.Steps, in.Steps)
		}
		if len(in.outOfScale) > 0 {
			return &InputError{Problems: in.outOfScale}
		}
		return nil
	}
	r := &reader{name: in.name}
	for k, j := range in.Judgments {
		if !j.Skip && math.Abs(j.Value) > float64(steps) {
			r.add(in.Rows[k], "value", "%s is outside the scale -%d..%d", fmtNum(j.Value), steps, steps)
		}
	}
	return r.err()
}
