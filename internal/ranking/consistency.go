package ranking

import (
	"math"
	"slices"
)

// Consistency summarises how consistent respondents were, one respondent at
// a time: for each respondent, the share of circular triads (Kendall &
// Babington Smith 1940) among their judged triples — three items whose
// three pairs the respondent all judged with a preference (not "equal").
// A triple is circular when the preferences go round (i over j, j over k,
// k over i). Someone answering at random has an expected share of 0.25
// (RandomShare); a respondent whose preferences follow any ranking has 0.
type Consistency struct {
	// Respondents counts the respondents considered; WithTriples those with
	// at least one judged triple, the only ones the figures below describe.
	Respondents, WithTriples int
	// Triples and Circular sum the judged and the circular triples.
	Triples, Circular int
	// Mean is the mean over respondents of their share of circular triads;
	// Quantiles are its 10th, 25th, 50th, 75th and 90th percentiles.
	Mean      float64
	Quantiles [5]float64
	// Bins is the histogram of the shares: Bins[k] counts respondents with
	// a share in [k/10, (k+1)/10), the last bin closed at 1.
	Bins [10]int
}

// RandomShare is the expected share of circular triads among the judged
// triples of a respondent who answers each pair at random.
const RandomShare = 0.25

// ConsistencyQuantiles are the levels of Consistency.Quantiles.
var ConsistencyQuantiles = [5]float64{0.1, 0.25, 0.5, 0.75, 0.9}

// Consistency measures each respondent's consistency in group ("" for
// every respondent) and summarises the distribution.
func (s *Sample) Consistency(group string) (Consistency, error) {
	in := func(int) bool { return true }
	if group != "" {
		var err error
		if in, err = s.selector(group); err != nil {
			return Consistency{}, err
		}
	}
	n := len(s.items)
	dir := make([]int8, n*n) // +1: row item preferred, −1: column item
	var shares []float64
	c := Consistency{}
	rs := &s.rs
	for r := range rs.ids {
		if !in(r) {
			continue
		}
		c.Respondents++
		var judged []int
		for e := rs.start[r]; e < rs.start[r+1]; e++ {
			k := int(rs.pair[e])
			i, j := k/n, k%n
			switch d := rs.wij[e] - rs.wji[e]; {
			case d > 0:
				dir[i*n+j], dir[j*n+i] = 1, -1
			case d < 0:
				dir[i*n+j], dir[j*n+i] = -1, 1
			default:
				continue
			}
			judged = append(judged, k)
		}
		triples, circular := circularTriads(dir, n, judged)
		for _, k := range judged {
			dir[k], dir[(k%n)*n+k/n] = 0, 0
		}
		if triples == 0 {
			continue
		}
		c.WithTriples++
		c.Triples += triples
		c.Circular += circular
		shares = append(shares, float64(circular)/float64(triples))
	}
	if len(shares) == 0 {
		return c, nil
	}
	slices.Sort(shares)
	for _, x := range shares {
		c.Mean += x / float64(len(shares))
		c.Bins[min(9, int(math.Floor(x*10)))]++
	}
	for k, p := range ConsistencyQuantiles {
		c.Quantiles[k] = quantile(shares, p)
	}
	return c, nil
}

// circularTriads counts the triples i < j < k whose three pairs all have a
// direction in dir, and the circular ones among them; judged lists the
// directed pairs i*n+j (i < j).
func circularTriads(dir []int8, n int, judged []int) (triples, circular int) {
	for _, p := range judged {
		i, j := p/n, p%n // i < j: count the triple once, from its two smallest items
		for k := j + 1; k < n; k++ {
			a, b := dir[j*n+k], dir[i*n+k]
			if a == 0 || b == 0 {
				continue
			}
			triples++
			// Circular: i→j→k→i or the reverse, i.e. dir(i,j) = dir(j,k) = dir(k,i).
			if d := dir[i*n+j]; d == a && d == -b {
				circular++
			}
		}
	}
	return triples, circular
}
