package ranking

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// TallyOptions configures ReadTallied.
type TallyOptions struct {
	// Steps is the scale the values are checked against and turned into
	// wins on; 0 means the largest |value| in the file, rounded up, at
	// least 1 (`vfv rank` allows 0 only for binary files, where that is 1).
	Steps int
	// Workers bounds the goroutines that tally parts of a large file in
	// parallel; 0 means GOMAXPROCS, 1 reads sequentially.
	Workers int
	// Keep keeps every judgment in a compact form (24 bytes, ids as
	// numbers) for RankTallied, which AHP and the bootstrap need.
	Keep bool
}

// parallelMin is the size below which splitting a file does not pay.
const parallelMin = 4 << 20

// blockSize is the read buffer of the streaming reader.
const blockSize = 1 << 20

// ReadTallied is ReadInput without holding a judgments file in memory: the
// judgments are tallied while they are read, and the result has Counts
// (under LinearWins and Steps), Steps, Respondents, Items and MaxAbsValue
// set and no Judgments or Rows. With Keep each judgment is also kept in
// compact form for RankTallied. A file that src can read at offsets (an
// *os.File) is split at line boundaries and tallied by several goroutines.
// Problems are reported exactly as ReadInput reports them (values outside
// -Steps..Steps by CheckScale); counts and matrix files are read by
// ReadInput.
func ReadTallied(src io.Reader, name string, opts TallyOptions) (*Input, error) {
	return readTallied(src, name, opts, parallelMin)
}

// readTallied is ReadTallied splitting files of at least minParallel bytes.
func readTallied(src io.Reader, name string, opts TallyOptions, minParallel int64) (*Input, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if f, ok := src.(interface {
		io.ReaderAt
		io.Seeker
	}); ok && workers > 1 {
		if in, done, err := readParallel(f, name, opts, workers, minParallel); done {
			return in, err
		}
	}
	return readSequential(src, name, opts)
}

// recorder keeps a copy of what is read through it until stopped, so that
// ReadInput can read a file again from its first byte.
type recorder struct {
	r   io.Reader
	buf *bytes.Buffer
}

func (rc *recorder) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	if rc.buf != nil {
		rc.buf.Write(p[:n])
	}
	return n, err
}

// readSequential reads src in one pass. Until the header is known every byte
// is kept, so that any file the tally does not handle (counts, a matrix, a
// bad or quoted header, an empty file) goes to ReadInput unchanged; from a
// line holding a quote on, encoding/csv reads the rest.
func readSequential(src io.Reader, name string, opts TallyOptions) (*Input, error) {
	rec := &recorder{r: src, buf: new(bytes.Buffer)}
	var t *tally
	lines, handOver := 0, false
	rest, err := scanLines(rec, make([]byte, blockSize), func(b []byte, quoted bool) bool {
		if t != nil {
			return t.line(b, quoted)
		}
		lines++
		if len(b) == 0 {
			return true
		}
		cols, ok := parseJudgmentHeader(b)
		if !ok || quoted {
			handOver = true
			return false
		}
		t = newTally(name, cols, opts)
		t.lines = lines
		rec.buf = nil
		return true
	})
	if t == nil {
		handOver = true // no header, or a read error before it
	}
	if handOver {
		in, err := ReadInput(io.MultiReader(bytes.NewReader(rec.buf.Bytes()), src), name)
		if err != nil || in.Kind != InputJudgments {
			return in, err
		}
		return talliedFromInput(in, opts)
	}
	var first *Problem
	switch {
	case err != nil:
		first = &Problem{File: name, Msg: fmt.Sprintf("cannot read: %v", err)}
	case rest != nil:
		first = t.csvRest(rest)
	}
	return t.input(first)
}

// csvRest reads the rest of a file, from a line holding a quote on, with
// encoding/csv, and returns the problem that stopped it, if any.
func (t *tally) csvRest(rest io.Reader) *Problem {
	off := t.lines
	cr := csv.NewReader(rest)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			return &Problem{File: t.r.name, Row: perr.Line + off, Msg: fmt.Sprintf("not valid CSV: %v", perr.Err)}
		}
		if err != nil {
			return &Problem{File: t.r.name, Msg: fmt.Sprintf("cannot read: %v", err)}
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		t.row(row{line: line + off, fields: rec})
	}
}

// scanLines reads src in blocks and calls fn with each line, without its
// newline and without the carriage return encoding/csv drops before it (or
// at the end of the input), and whether the line holds a quote. When fn
// returns false it stops and returns the input from the start of that line
// on.
func scanLines(src io.Reader, buf []byte, fn func(line []byte, quoted bool) bool) (rest io.Reader, err error) {
	start, end, eof := 0, 0, false
	for {
		quote := -1 // the next quote at or after start, end+1 if none
		for {
			i := bytes.IndexByte(buf[start:end], '\n')
			if i < 0 {
				break
			}
			if quote < start {
				if quote = bytes.IndexByte(buf[start:end], '"'); quote < 0 {
					quote = end + 1
				} else {
					quote += start
				}
			}
			line := buf[start : start+i]
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
			if !fn(line, quote < start+i) {
				return io.MultiReader(bytes.NewReader(bytes.Clone(buf[start:end])), src), nil
			}
			start += i + 1
		}
		if eof {
			if start == end {
				return nil, nil
			}
			line := buf[start:end]
			if n := len(line); line[n-1] == '\r' {
				line = line[:n-1]
			}
			if !fn(line, bytes.IndexByte(line, '"') >= 0) {
				return bytes.NewReader(bytes.Clone(buf[start:end])), nil
			}
			return nil, nil
		}
		end = copy(buf, buf[start:end])
		start = 0
		if end == len(buf) {
			buf = append(buf, make([]byte, len(buf))...)
		}
		n, err := src.Read(buf[end:])
		end += n
		switch {
		case errors.Is(err, io.EOF):
			eof = true
		case err != nil:
			return nil, err
		}
	}
}

// readParallel splits a file after its header into one part per worker at
// line boundaries and tallies the parts concurrently. done is false when
// the file is small, is not a judgments file with a plain header, or holds
// a quote or a read error; readSequential then reads it from the start.
func readParallel(f interface {
	io.ReaderAt
	io.Seeker
}, name string, opts TallyOptions, workers int, minParallel int64) (in *Input, done bool, err error) {
	base, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, false, nil
	}
	size, err := f.Seek(0, io.SeekEnd)
	if _, err2 := f.Seek(base, io.SeekStart); err != nil || err2 != nil {
		return nil, false, nil
	}
	if size-base < minParallel {
		return nil, false, nil
	}
	cols, bodyStart, headerLines, ok := parallelHeader(f, base)
	if !ok {
		return nil, false, nil
	}
	bounds := []int64{bodyStart}
	for k := 1; k < workers; k++ {
		p := lineStart(f, bodyStart+(size-bodyStart)*int64(k)/int64(workers), size)
		bounds = append(bounds, max(p, bounds[k-1]))
	}
	bounds = append(bounds, size)
	parts := make([]*tally, workers)
	failed := make([]bool, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			t := newTally(name, cols, opts)
			if opts.Keep { // about one judgment per 24 bytes: spare the regrowing
				t.kept = make([]keptJudgment, 0, (bounds[k+1]-bounds[k])/24+1024)
			}
			sec := io.NewSectionReader(f, bounds[k], bounds[k+1]-bounds[k])
			rest, err := scanLines(sec, make([]byte, blockSize), t.line)
			parts[k], failed[k] = t, rest != nil || err != nil
		})
	}
	wg.Wait()
	for _, bad := range failed {
		if bad {
			return nil, false, nil
		}
	}
	g, ok := merge(parts, headerLines)
	if !ok {
		return nil, false, nil // more groups than a Sample holds: read in one pass for the row that says so
	}
	in, err = g.input(nil)
	return in, true, err
}

// parallelHeader finds the header in the first 64 KiB of the file: the end of
// its line and how many lines it ends.
func parallelHeader(f io.ReaderAt, base int64) (cols judgmentCols, bodyStart int64, lines int, ok bool) {
	buf := make([]byte, 64<<10)
	n, err := f.ReadAt(buf, base)
	if err != nil && !errors.Is(err, io.EOF) {
		return cols, 0, 0, false
	}
	buf = buf[:n]
	for off := 0; ; {
		i := bytes.IndexByte(buf[off:], '\n')
		if i < 0 {
			return cols, 0, 0, false
		}
		line := bytes.TrimSuffix(buf[off:off+i], []byte("\r"))
		lines++
		off += i + 1
		if len(line) == 0 {
			continue
		}
		if bytes.IndexByte(line, '"') >= 0 {
			return cols, 0, 0, false
		}
		cols, ok = parseJudgmentHeader(line)
		return cols, base + int64(off), lines, ok
	}
}

// lineStart returns the offset of the first line that starts at or after p.
func lineStart(f io.ReaderAt, p, size int64) int64 {
	buf := make([]byte, 4096)
	for q := p - 1; q < size; q += int64(len(buf)) {
		n, _ := f.ReadAt(buf, q)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return q + int64(i) + 1
		}
		if n == 0 {
			break
		}
	}
	return size
}

// merge adds the tallies of consecutive parts of a file into the first,
// renumbering rows from the file's first line (the parts follow a header
// that ends on line headerLines) and items in order of first appearance.
// It fails when the parts name more than MaxGroups groups together.
func merge(parts []*tally, headerLines int) (merged *tally, ok bool) {
	g := parts[0]
	lines := headerLines
	if g.keep && len(parts) > 1 {
		total := 0
		for _, t := range parts {
			total += len(t.kept)
		}
		g.kept = append(make([]keptJudgment, 0, total), g.kept...)
	}
	for k, t := range parts {
		for _, ps := range [][]Problem{t.r.problems, t.outOfScale} {
			for i := range ps {
				if ps[i].Row > 0 {
					ps[i].Row += lines
				}
			}
		}
		lines += t.lines
		if k == 0 {
			continue
		}
		g.r.problems = append(g.r.problems, t.r.problems...)
		g.outOfScale = append(g.outOfScale, t.outOfScale...)
		idx := make([]int32, len(t.ids))
		for i, id := range t.ids {
			idx[i] = g.item([]byte(id))
		}
		for i := range t.ids {
			for j := range t.ids {
				k := int(idx[i])*g.stride + int(idx[j])
				g.cnt[k] += t.cnt[i*t.stride+j]
				g.sum[k] += t.sum[i*t.stride+j]
			}
		}
		resp := make([]int32, t.resp.Len())
		for k := range resp {
			resp[k], _ = g.resp.index(t.resp.key(k))
		}
		for _, j := range t.kept {
			j.respondent, j.a, j.b = resp[j.respondent], idx[j.a], idx[j.b]
			g.kept = append(g.kept, j)
		}
		if err := g.groups.merge(&t.groups, resp); err != nil {
			return nil, false
		}
		g.judged += t.judged
		g.skipped += t.skipped
		g.maxAbs = max(g.maxAbs, t.maxAbs)
	}
	g.lines = lines
	return g, true
}

// input turns the tally into an Input, or the problems into an *InputError;
// first is a problem that stopped the reading, which ReadInput lists first.
func (t *tally) input(first *Problem) (*Input, error) {
	problems := t.r.problems
	if first != nil {
		problems = append([]Problem{*first}, problems...)
	}
	if len(problems) > 0 {
		return nil, &InputError{Problems: problems}
	}
	steps := t.steps
	if steps == 0 {
		steps = max(1, int(math.Ceil(t.maxAbs)))
	}
	c, err := NewCounts(t.ids)
	if err != nil {
		return nil, err
	}
	s := float64(steps)
	n := len(t.ids)
	pos := &positionWins{first: make([]float64, n*n), second: make([]float64, n*n)}
	for a := range t.ids {
		for b := range t.ids {
			k := a*t.stride + b
			if cnt := t.cnt[k]; cnt > 0 {
				wa, wb := max(0, cnt/2-t.sum[k]/(2*s)), max(0, cnt/2+t.sum[k]/(2*s))
				c.Add(a, b, wa, wb)
				pos.first[a*n+b], pos.second[a*n+b] = wa, wb
			}
		}
	}
	c.AddJudgments(t.judged, t.skipped)
	in := &Input{Kind: InputJudgments, Items: t.ids, Counts: c, MaxAbsValue: t.maxAbs,
		Respondents: t.resp.Len(), Steps: steps, name: t.r.name, tallied: true, outOfScale: t.outOfScale,
		position: pos}
	if t.keep {
		in.kept = &keptJudgments{judgments: t.kept, respondents: make([]string, t.resp.Len()), groups: t.groups}
		for k := range in.kept.respondents {
			in.kept.respondents[k] = string(t.resp.key(k))
		}
	}
	in.Groups = slices.Clone(t.groups.names)
	return in, nil
}

// talliedFromInput tallies the judgments of an Input that ReadInput read.
func talliedFromInput(in *Input, opts TallyOptions) (*Input, error) {
	t := newTally(in.name, judgmentCols{}, opts)
	for k, j := range in.Judgments {
		t.add(in.Rows[k], []byte(j.Respondent), []byte(j.A), []byte(j.B), j.Value, j.Skip, []byte(j.Group))
	}
	return t.input(nil)
}

// keptJudgments are the judgments of a file tallied with TallyOptions.Keep.
type keptJudgments struct {
	judgments   []keptJudgment
	respondents []string // ids by number, in order of first appearance
	groups      respondentGroups
}

// ErrNotKept reports a RankTallied call on an input read without
// TallyOptions.Keep.
var ErrNotKept = errors.New("ranking: the judgments were not kept while tallying (TallyOptions.Keep)")

// RankTallied is Rank for judgments read by ReadTallied with
// TallyOptions.Keep: the items are in.Items, in that order (opts.Items is
// ignored), and the judgments are grouped by respondent from their compact
// form, with results identical to Rank's on the same file.
func RankTallied(in *Input, opts Options) (Result, error) {
	if in.kept == nil {
		return Result{}, ErrNotKept
	}
	res, rs, cfg, err := rankWith(in.Items, opts, in.kept.group(len(in.Items)))
	if err != nil {
		return Result{}, err
	}
	return withIntervals(res, rs, cfg, opts), nil
}

// group returns a collector of the kept judgments by respondent.
func (kj *keptJudgments) group(items int) func(Scale) (*respondents, error) {
	return func(scale Scale) (*respondents, error) {
		scale, err := scale.withDefaults()
		if err != nil {
			return nil, err
		}
		who := make([]int32, len(kj.judgments))
		for k, j := range kj.judgments {
			who[k] = j.respondent
		}
		ids, who := sortRespondents(kj.respondents, who)
		return groupRespondents(items, ids, who, scale, func(k int32) (int, int, float64, float64, bool, error) {
			j := kj.judgments[k]
			if j.skip {
				return int(j.a), int(j.b), 0, 0, true, nil
			}
			x, err := scale.strength(j.value)
			return int(j.a), int(j.b), j.value, x, false, err
		})
	}
}
