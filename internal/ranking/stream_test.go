package ranking

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// csvStyle writes one judgment as a CSV line; styles vary what ReadInput
// accepts: column order, case, spaces, line endings, number forms, quotes.
type csvStyle struct {
	name   string
	header string
	nl     string
	line   func(k int, j Judgment) string
}

func plainValue(j Judgment) string {
	if j.Skip {
		return ""
	}
	return fmt.Sprint(j.Value)
}

var csvStyles = []csvStyle{
	{"plain", "respondent,a,b,value,skip", "\n", func(_ int, j Judgment) string {
		skip := ""
		if j.Skip {
			skip = "1"
		}
		return fmt.Sprintf("%s,%s,%s,%s,%s", j.Respondent, j.A, j.B, plainValue(j), skip)
	}},
	{"crlf, BOM, reordered, spaced", "\ufeffA, B ,Value,Respondent,SKIP", "\r\n", func(k int, j Judgment) string {
		skip := []string{"no", "False", "0", ""}[k%4]
		if j.Skip {
			skip = []string{"yes", "TRUE", "Skip", "1"}[k%4]
		}
		v := plainValue(j)
		if !j.Skip && k%5 == 0 {
			v = fmt.Sprintf("%.1f", j.Value) // -2.0
		}
		if !j.Skip && k%7 == 0 {
			v = fmt.Sprintf("%g/1", j.Value) // a fraction
		}
		return fmt.Sprintf(" %s,%s , %s,%s\t,%s", j.A, j.B, v, j.Respondent, skip)
	}},
	{"no skip column, blank lines", "respondent,a,b,value", "\n", func(k int, j Judgment) string {
		v := fmt.Sprint(j.Value)
		if j.Value > 0 && k%3 == 0 {
			v = "+" + v
		}
		if k%11 == 0 {
			v = fmt.Sprintf("%ge0", j.Value)
		}
		if k%13 == 0 {
			return "\n" + fmt.Sprintf("%s,%s,%s,%s", j.Respondent, j.A, j.B, v)
		}
		return fmt.Sprintf("%s,%s,%s,%s", j.Respondent, j.A, j.B, v)
	}},
	{"quoted fields", "respondent,a,b,value", "\n", func(k int, j Judgment) string {
		if k%1000 == 500 {
			return fmt.Sprintf("\"%s\",\"%s\",%s,%v", j.Respondent, j.A, j.B, j.Value)
		}
		return fmt.Sprintf("%s,%s,%s,%v", j.Respondent, j.A, j.B, j.Value)
	}},
}

// writeStyled writes judgments in a style; without a skip column skipped
// judgments are left out.
func writeStyled(st csvStyle, js []Judgment) []byte {
	var b bytes.Buffer
	b.WriteString(st.header + st.nl)
	for k, j := range js {
		if j.Skip && !strings.Contains(strings.ToLower(st.header), "skip") {
			continue
		}
		b.WriteString(st.line(k, j) + st.nl)
	}
	return b.Bytes()
}

// TestReadTalliedMatchesReadInput: on generated surveys in every style,
// sequentially and split over goroutines, the tallied input ranks exactly
// as the judgments ReadInput holds in memory do (to 1e-6), with the same
// items in the same order and the same counts of judgments and respondents.
func TestReadTalliedMatchesReadInput(t *testing.T) {
	beta := []float64{-1, -0.4, 0, 0.3, 0.8, 1.2, -1.3}
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 7))
		js := simulate(rng, simConfig{beta: beta, respondents: 2000, perResp: 6, steps: int(seed) + 2, weighted: true, skipRate: 0.03}, "p")
		rng.Shuffle(len(js)/2, func(i, k int) { js[i], js[k] = js[k], js[i] }) // respondents not all contiguous
		for _, st := range csvStyles {
			data := writeStyled(st, js)
			old, err := ReadInput(bytes.NewReader(data), "gen.csv")
			if err != nil {
				t.Fatalf("seed %d, %s: ReadInput: %v", seed, st.name, err)
			}
			steps := max(1, int(math.Ceil(old.MaxAbsValue)))
			want, err := Rank(old.Judgments, Options{Items: old.Items, Scale: Scale{Steps: steps}, CI: CIModel})
			if err != nil {
				t.Fatal(err)
			}
			for _, workers := range []int{1, 2, 3} {
				t.Run(fmt.Sprintf("seed %d, %s, %d workers", seed, st.name, workers), func(t *testing.T) {
					in, err := readTallied(bytes.NewReader(data), "gen.csv", TallyOptions{Workers: workers}, 0)
					if err != nil {
						t.Fatalf("ReadTallied: %v", err)
					}
					if !slices.Equal(in.Items, old.Items) || in.Steps != steps || in.Respondents != want.Respondents {
						t.Fatalf("items %v, steps %d, respondents %d; want %v, %d, %d", in.Items, in.Steps, in.Respondents, old.Items, steps, want.Respondents)
					}
					got, err := FitBT(in.Counts, BTOptions{})
					if err != nil {
						t.Fatal(err)
					}
					if got.Judgments != want.BT.Judgments || got.Skipped != want.BT.Skipped {
						t.Errorf("judgments %d, skipped %d; want %d, %d", got.Judgments, got.Skipped, want.BT.Judgments, want.BT.Skipped)
					}
					for i, it := range got.Items {
						w := want.BT.Items[i]
						if math.Abs(it.LogStrength-w.LogStrength) > 1e-6 || math.Abs(it.SE-w.SE) > 1e-6 || math.Abs(it.CILow-w.CILow) > 1e-6 {
							t.Errorf("%s: log-strength %v, se %v, ci_low %v; want %v, %v, %v", it.ID, it.LogStrength, it.SE, it.CILow, w.LogStrength, w.SE, w.CILow)
						}
					}
				})
			}
		}
	}
}

// TestReadTalliedReportsDeepProblems: malformed lines deep in a large file
// are reported with their own line numbers, in the order and words of
// ReadInput, whether the file is read in one pass or in parallel parts.
func TestReadTalliedReportsDeepProblems(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("respondent,a,b,value\n")
	const rows = 200_000
	for k := range rows {
		line := k + 2
		switch line {
		case 150_001:
			b.WriteString("r150001,x,y,abc\n")
		case 190_000:
			b.WriteString("r190000,x,y,1,extra\n")
		default:
			fmt.Fprintf(&b, "r%06d,item%d,item%d,%d\n", k/10, k%7, k%7+1, k%5-2)
		}
	}
	wantRead := []string{
		`big.csv: row 150001, column "value": "abc" is not a number`,
		`big.csv: row 190000: 5 fields, but the header has 4`,
	}
	quoted := append(bytes.Clone(b.Bytes()), "r1,x\"y,z,1\nr2,x,y,1\n"...)
	wantQuote := append([]string{`big.csv: row 200002: not valid CSV: bare " in non-quoted-field`}, wantRead...)
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"bad rows", b.Bytes(), wantRead},
		{"bad rows and a bare quote at the end", quoted, wantQuote},
	} {
		_, err := ReadInput(bytes.NewReader(tc.data), "big.csv")
		if got := problemLines(err); !slices.Equal(got, tc.want) {
			t.Fatalf("%s: ReadInput problems %q, want %q", tc.name, got, tc.want)
		}
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s, %d workers", tc.name, workers), func(t *testing.T) {
				_, err := readTallied(bytes.NewReader(tc.data), "big.csv", TallyOptions{Workers: workers}, 0)
				if got := problemLines(err); !slices.Equal(got, tc.want) {
					t.Errorf("problems %q, want %q", got, tc.want)
				}
			})
		}
	}
}

func problemLines(err error) []string {
	var ie *InputError
	if !errors.As(err, &ie) {
		return []string{fmt.Sprint(err)}
	}
	return strings.Split(ie.Error(), "\n")
}

// TestReadTalliedScale: values outside --steps are reported with their rows
// by CheckScale, as for ReadInput's judgments.
func TestReadTalliedScale(t *testing.T) {
	data := "respondent,a,b,value\nr1,x,y,3\nr1,y,z,-1\nr2,x,z,-4\n"
	want := []string{
		`s.csv: row 2, column "value": 3 is outside the scale -2..2`,
		`s.csv: row 4, column "value": -4 is outside the scale -2..2`,
	}
	in, err := ReadTallied(strings.NewReader(data), "s.csv", TallyOptions{Steps: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := problemLines(in.CheckScale(2)); !slices.Equal(got, want) {
		t.Errorf("CheckScale problems %q, want %q", got, want)
	}
}

// TestRankTalliedMatchesRank: judgments kept while tallying (read in one
// pass or in parallel parts) give Rank's results, AHP and a bootstrap
// included, to 1e-9.
func TestRankTalliedMatchesRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	js := simulate(rng, simConfig{beta: []float64{-0.8, 0, 0.4, 1.1, -0.2}, respondents: 300, perResp: 8, steps: 3, weighted: true, skipRate: 0.05}, "k")
	rng.Shuffle(len(js), func(i, k int) { js[i], js[k] = js[k], js[i] })
	for _, st := range csvStyles[:2] {
		data := writeStyled(st, js)
		old, err := ReadInput(bytes.NewReader(data), "k.csv")
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Items: old.Items, Scale: Scale{Steps: 3}, Bootstrap: BootstrapOptions{Resamples: 30, Seed: 4}}
		want, err := Rank(old.Judgments, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s, %d workers", st.name, workers), func(t *testing.T) {
				in, err := readTallied(bytes.NewReader(data), "k.csv", TallyOptions{Workers: workers, Keep: true}, 0)
				if err != nil {
					t.Fatal(err)
				}
				got, err := RankTallied(in, opts)
				if err != nil {
					t.Fatal(err)
				}
				if got.Respondents != want.Respondents || got.AHP == nil || want.AHP == nil {
					t.Fatalf("respondents %d, AHP %v; want %d, %v", got.Respondents, got.AHP != nil, want.Respondents, want.AHP != nil)
				}
				for i := range want.Items {
					pairs := [][2]float64{
						{got.BT.Items[i].LogStrength, want.BT.Items[i].LogStrength},
						{got.AHP.Items[i].PriorityEigen, want.AHP.Items[i].PriorityEigen},
						{got.Score.Items[i].Score, want.Score.Items[i].Score},
						{got.Bootstrap.Items[i].Share.Low, want.Bootstrap.Items[i].Share.Low},
						{got.Bootstrap.Items[i].PriorityGeomean.High, want.Bootstrap.Items[i].PriorityGeomean.High},
					}
					for _, p := range pairs {
						if math.Abs(p[0]-p[1]) > 1e-9 {
							t.Errorf("%s: %v, want %v", want.Items[i], p[0], p[1])
						}
					}
				}
			})
		}
	}
	if _, err := RankTallied(&Input{}, Options{}); !errors.Is(err, ErrNotKept) {
		t.Errorf("RankTallied without kept judgments: %v, want ErrNotKept", err)
	}
}
