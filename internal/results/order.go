package results

import (
	"bufio"
	"errors"
	"io"
	"strconv"

	"github.com/vfv/vfv/internal/ranking"
)

// OrderEffect is the first-position effect over everyone released: the
// log-odds δ that the item shown first is preferred beyond the items'
// strengths (positive favours the first), with its respondent-level
// interval (ranking.FitBTOrderRespondent).
type OrderEffect struct {
	LogOdds  float64 `json:"log_odds"`
	SE       float64 `json:"se"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
	CIMethod string  `json:"ci_method"`
}

// errOrderDone ends an order pipe whose reader stopped early.
var errOrderDone = errors.New("results: order effect: reader done")

// orderPipe writes released judgments, item shown first in column a, as a
// judgments file into ranking.ReadTallied while they are streamed, so the
// first-position fit reads them once, in compact form.
type orderPipe struct {
	pw     *io.PipeWriter
	bw     *bufio.Writer
	broken bool
	done   chan orderRead
}

type orderRead struct {
	in  *ranking.Input
	err error
}

func newOrderPipe(steps int) *orderPipe {
	pr, pw := io.Pipe()
	p := &orderPipe{pw: pw, bw: bufio.NewWriterSize(pw, 1<<16), done: make(chan orderRead, 1)}
	go func() {
		in, err := ranking.ReadTallied(pr, "released", ranking.TallyOptions{Steps: steps, Workers: 1, Keep: true})
		_ = pr.CloseWithError(errOrderDone) // a writer never blocks on a reader that stopped
		p.done <- orderRead{in, err}
	}()
	p.write("respondent,a,b,value\n")
	return p
}

func (p *orderPipe) write(s string) {
	if p.broken {
		return
	}
	if _, err := p.bw.WriteString(s); err != nil {
		p.broken = true
	}
}

// add writes one respondent's judgments (skipped pairs say nothing about
// position).
func (p *orderPipe) add(respondent int, js []ranking.Judgment) {
	id := strconv.Itoa(respondent)
	for _, j := range js {
		if !j.Skip {
			p.write(id + "," + j.A + "," + j.B + "," + strconv.Itoa(int(j.Value)) + "\n")
		}
	}
}

// fit ends the file and fits the order effect; nil when it cannot be
// estimated (too few judgments, or the pipe broke).
func (p *orderPipe) fit() *OrderEffect {
	if err := p.bw.Flush(); err != nil {
		p.broken = true
	}
	_ = p.pw.Close()
	r := <-p.done
	if r.err != nil || p.broken {
		return nil
	}
	bt, oe, err := ranking.FitBTOrderRespondent(r.in, ranking.BTOptions{})
	if err != nil {
		return nil
	}
	return &OrderEffect{LogOdds: oe.LogOdds, SE: oe.SE, CILow: oe.CILow, CIHigh: oe.CIHigh, CIMethod: bt.CIMethod}
}

// abort ends the pipe after a failed stream.
func (p *orderPipe) abort() {
	_ = p.pw.CloseWithError(errOrderDone)
	<-p.done
}
