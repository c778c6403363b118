package ranking

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
)

// judgmentCols are the positions of a judgments file's columns; skip and
// group are -1 when the file has no such column.
type judgmentCols struct {
	pos                                  map[string]int
	width                                int
	respondent, a, b, value, skip, group int
}

// parseJudgmentHeader reads a header line the way ReadInput does (fields
// trimmed, BOM removed) and returns its columns if the file holds judgments
// with a valid header; anything else is left to ReadInput.
func parseJudgmentHeader(line []byte) (judgmentCols, bool) {
	header := splitFields(line)
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.ToLower(h)
	}
	if slices.Contains(cols, "wins_a") || slices.Contains(cols, "wins_b") ||
		!(slices.Contains(cols, "respondent") || slices.Contains(cols, "value")) {
		return judgmentCols{}, false
	}
	r := &reader{}
	pos, ok := r.columns(cols, []string{"respondent", "a", "b", "value"}, []string{"skip", "group"})
	if !ok {
		return judgmentCols{}, false
	}
	c := judgmentCols{pos: pos, width: len(cols), respondent: pos["respondent"], a: pos["a"], b: pos["b"], value: pos["value"], skip: -1, group: -1}
	if p, has := pos["skip"]; has {
		c.skip = p
	}
	if p, has := pos["group"]; has {
		c.group = p
	}
	return c, true
}

// splitFields splits a quote-free CSV line into trimmed fields, as
// encoding/csv with TrimLeadingSpace followed by strings.TrimSpace does.
func splitFields(line []byte) []string {
	parts := strings.Split(string(line), ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

// tally accumulates the judgments of one stretch of a file as they are read:
// item and respondent ids are interned once, and each judgment adds to a
// count and a value sum per ordered pair. Under LinearWins a judgment with
// value v gives A (1 - v/steps)/2 of a win and B the rest, so these two sums
// give the win matrix for whichever steps the file turns out to need. Rows
// count from 1 at the first line of the stretch.
type tally struct {
	r          reader
	cols       judgmentCols
	steps      int // 0: not known while reading
	items      *internTable
	ids        []string
	resp       *internTable
	last       int // the previous respondent, to skip the table while ids repeat
	stride     int // row length of cnt and sum, at least len(ids)
	cnt, sum   []float64
	judged     int
	skipped    int
	maxAbs     float64
	outOfScale []Problem
	lines      int
	fields     [][]byte
	keep       bool
	kept       []keptJudgment
	groups     respondentGroups
}

// keptJudgment is a judgment in 24 bytes: its respondent and items as
// numbers in the tally's tables.
type keptJudgment struct {
	value      float64
	respondent int32
	a, b       int32
	skip       bool
}

func newTally(name string, cols judgmentCols, opts TallyOptions) *tally {
	return &tally{r: reader{name: name}, cols: cols, steps: opts.Steps, keep: opts.Keep,
		items: newInternTable(), resp: newInternTable(), last: -1, fields: make([][]byte, 0, 8)}
}

// line reads one physical line (without its newline). It returns false, and
// reads nothing, for a line holding a quote, which only encoding/csv reads
// correctly.
func (t *tally) line(b []byte, quoted bool) bool {
	if quoted {
		return false
	}
	t.lines++
	if len(b) == 0 {
		return true // encoding/csv skips empty lines
	}
	f := t.fields[:0]
	start := 0
	for i, c := range b {
		if c == ',' {
			f = append(f, trimSpace(b[start:i]))
			start = i + 1
		}
	}
	f = append(f, trimSpace(b[start:]))
	t.fields = f
	if len(f) != t.cols.width || !t.fast(f) {
		t.row(row{line: t.lines, fields: splitFields(b)})
	}
	return true
}

// fast tallies a row that is plainly valid and reports whether it was; any
// other row goes through reader.judgment for its messages.
func (t *tally) fast(f [][]byte) bool {
	c := &t.cols
	resp, a, b := f[c.respondent], f[c.a], f[c.b]
	if len(resp) == 0 || len(a) == 0 || len(b) == 0 || bytes.Equal(a, b) {
		return false
	}
	skip, ok := false, true
	if c.skip >= 0 {
		if skip, ok = fastBool(f[c.skip]); !ok {
			return false
		}
	}
	v := 0.0
	if !skip {
		if v, ok = fastNumber(f[c.value]); !ok {
			return false
		}
	}
	var group []byte
	if c.group >= 0 {
		group = f[c.group]
	}
	t.add(t.lines, resp, a, b, v, skip, group)
	return true
}

// row checks and tallies a row that the fast path did not accept.
func (t *tally) row(rw row) {
	if j, ok := t.r.judgment(rw, t.cols.pos, t.cols.width); ok {
		t.add(rw.line, []byte(j.Respondent), []byte(j.A), []byte(j.B), j.Value, j.Skip, []byte(j.Group))
	}
}

// add tallies one valid judgment read on the given line.
func (t *tally) add(line int, resp, a, b []byte, v float64, skip bool, group []byte) {
	ia, ib := t.item(a), t.item(b)
	if t.last < 0 || string(resp) != string(t.resp.key(t.last)) {
		k, _ := t.resp.index(resp)
		t.last = int(k)
	}
	if len(group) > 0 {
		if err := t.groups.add(t.last, group); err != nil {
			t.r.add(line, "group", "%v", err)
		}
	}
	if t.keep {
		t.kept = append(t.kept, keptJudgment{value: v, respondent: int32(t.last), a: ia, b: ib, skip: skip})
	}
	if skip {
		t.skipped++
		return
	}
	k := int(ia)*t.stride + int(ib)
	t.cnt[k]++
	t.sum[k] += v
	t.judged++
	av := math.Abs(v)
	t.maxAbs = max(t.maxAbs, av)
	if t.steps > 0 && av > float64(t.steps) {
		t.outOfScale = append(t.outOfScale, Problem{File: t.r.name, Row: line, Column: "value",
			Msg: fmt.Sprintf("%s is outside the scale -%d..%d", fmtNum(v), t.steps, t.steps)})
	}
}

// item returns the index of id, adding it in order of first appearance.
func (t *tally) item(id []byte) int32 {
	i, added := t.items.index(id)
	if !added {
		return i
	}
	t.ids = append(t.ids, string(id))
	if len(t.ids) > t.stride {
		t.grow(max(32, 2*t.stride))
	}
	return i
}

// grow widens the pair matrices to stride columns.
func (t *tally) grow(stride int) {
	cnt, sum := make([]float64, stride*stride), make([]float64, stride*stride)
	for i := range t.stride {
		copy(cnt[i*stride:], t.cnt[i*t.stride:(i+1)*t.stride])
		copy(sum[i*stride:], t.sum[i*t.stride:(i+1)*t.stride])
	}
	t.cnt, t.sum, t.stride = cnt, sum, stride
}

// trimSpace is bytes.TrimSpace with a fast path for ASCII edges.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && b[0] < 0x80 && asciiSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && b[len(b)-1] < 0x80 && asciiSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	if len(b) > 0 && (b[0] >= 0x80 || b[len(b)-1] >= 0x80) {
		return bytes.TrimSpace(b)
	}
	return b
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// fastBool reads the skip column like reader.boolean, for ASCII values.
func fastBool(b []byte) (skip, ok bool) {
	if len(b) > 5 {
		return false, false
	}
	var low [5]byte
	for i, c := range b {
		if c >= 0x80 {
			return false, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	switch string(low[:len(b)]) {
	case "", "0", "false", "no":
		return false, true
	case "1", "true", "yes", "skip":
		return true, true
	}
	return false, false
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// fastNumber parses a finite number as reader.number does. Plain decimals of
// at most 15 digits are read without allocating: the digits and the power of
// ten are exact doubles, so one correctly rounded division gives what
// strconv.ParseFloat gives. Other forms go through parseFloat.
func fastNumber(b []byte) (float64, bool) {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg, i = b[0] == '-', 1
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case '0' <= c && c <= '9' && digits < 15:
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return slowNumber(b)
		}
	}
	if digits == 0 {
		return slowNumber(b)
	}
	x := float64(mant) / pow10[frac]
	if neg {
		x = -x
	}
	return x, true
}

func slowNumber(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	x, err := parseFloat(string(b))
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}
