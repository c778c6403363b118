package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/ranking/rankingtest"
)

type btRefFile struct {
	Input struct {
		Reference   string `json:"reference_item"`
		Comparisons []struct {
			I     string  `json:"i"`
			J     string  `json:"j"`
			WinsI float64 `json:"wins_i"`
			WinsJ float64 `json:"wins_j"`
		} `json:"comparisons"`
	} `json:"input"`
	Expected struct {
		LogAbility    map[string]float64 `json:"log_ability"`
		LogAbilitySE  map[string]float64 `json:"log_ability_se"`
		Share         map[string]float64 `json:"share"`
		LogLikelihood float64            `json:"log_likelihood"`
	} `json:"expected"`
	Tolerance struct {
		LogAbility    float64 `json:"log_ability"`
		LogAbilitySE  float64 `json:"log_ability_se"`
		Share         float64 `json:"share"`
		LogLikelihood float64 `json:"log_likelihood"`
	} `json:"tolerance"`
}

type ahpRefFile struct {
	Input struct {
		Items       []string   `json:"items"`
		MatrixExact [][]string `json:"matrix_exact"`
	} `json:"input"`
	Expected struct {
		Eigen     map[string]float64 `json:"eigenvector_priorities"`
		Geomean   map[string]float64 `json:"geometric_mean_priorities"`
		LambdaMax float64            `json:"lambda_max"`
		CI        float64            `json:"CI"`
		CR        map[string]float64 `json:"CR"`
	} `json:"expected"`
	Tolerance struct {
		Priorities float64 `json:"priorities"`
		LambdaMax  float64 `json:"lambda_max"`
		CI         float64 `json:"CI"`
		CR         float64 `json:"CR"`
	} `json:"tolerance"`
}

// btOut and friends decode the command's JSON.
type btOut struct {
	Method string `json:"method"`
	Items  []struct {
		ID          string  `json:"id"`
		LogStrength float64 `json:"log_strength"`
		SE          float64 `json:"se"`
		Share       float64 `json:"share"`
		CILow       float64 `json:"ci_low"`
		CIHigh      float64 `json:"ci_high"`
	} `json:"items"`
	LogLikelihood float64 `json:"log_likelihood"`
	Iterations    int     `json:"iterations"`
	Converged     bool    `json:"converged"`
	Regularised   bool    `json:"regularised"`
	CIMethod      string  `json:"ci_method"`
	Skipped       int     `json:"skipped"`
}

type ahpOut struct {
	Method string `json:"method"`
	Items  []struct {
		ID              string  `json:"id"`
		PriorityEigen   float64 `json:"priority_eigen"`
		PriorityGeomean float64 `json:"priority_geomean"`
	} `json:"items"`
	LambdaMax *float64 `json:"lambda_max"`
	CI        *float64 `json:"ci"`
	CR        *float64 `json:"cr"`
}

type scoreOut struct {
	Method string `json:"method"`
	Items  []struct {
		ID     string   `json:"id"`
		Score  float64  `json:"score"`
		CILow  *float64 `json:"ci_low"`
		CIHigh *float64 `json:"ci_high"`
	} `json:"items"`
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "input.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// rank runs `vfv rank args...` and decodes stdout into out.
func rank(t *testing.T, out any, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := runRank(context.Background(), args, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("rank %v: %v\nstderr:\n%s", args, err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("decode output: %v\n%s", err, stdout.String())
	}
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.12g, want %.12g (tolerance %g)", what, got, want, tol)
	}
}

// baseballCSVs renders the reference comparisons as counts and as one
// judgment per game (value -1 for a win of a, +1 for b, on a one-step scale).
func baseballCSVs(ref btRefFile) (counts, judgments string) {
	var c, j strings.Builder
	c.WriteString("a,b,wins_a,wins_b\n")
	j.WriteString("respondent,a,b,value\n")
	game := 0
	for _, cmp := range ref.Input.Comparisons {
		fmt.Fprintf(&c, "%s,%s,%g,%g\n", cmp.I, cmp.J, cmp.WinsI, cmp.WinsJ)
		for k := 0; k < int(cmp.WinsI); k++ {
			game++
			fmt.Fprintf(&j, "g%d,%s,%s,-1\n", game, cmp.I, cmp.J)
		}
		for k := 0; k < int(cmp.WinsJ); k++ {
			game++
			fmt.Fprintf(&j, "g%d,%s,%s,1\n", game, cmp.I, cmp.J)
		}
	}
	return c.String(), j.String()
}

func TestRankBTReproducesBradleyTerry2(t *testing.T) {
	var ref btRefFile
	rankingtest.Load(t, "bt_baseball_agresti2002.json", &ref)
	counts, judgments := baseballCSVs(ref)
	for name, csv := range map[string]string{"counts": counts, "judgments": judgments} {
		t.Run(name, func(t *testing.T) {
			var out btOut
			// Each game is its own respondent: --ci model gives BTm's standard errors.
			rank(t, &out, "--method", "bt", "--ci", "model", "--input", writeFile(t, csv), "--ref", ref.Input.Reference)
			if out.Method != "bt" || !out.Converged || out.Regularised || out.CIMethod != "model" {
				t.Fatalf("method=%q converged=%v regularised=%v ci_method=%q", out.Method, out.Converged, out.Regularised, out.CIMethod)
			}
			if len(out.Items) != len(ref.Expected.LogAbility) {
				t.Fatalf("got %d items, want %d", len(out.Items), len(ref.Expected.LogAbility))
			}
			tol := ref.Tolerance
			for _, it := range out.Items {
				near(t, it.ID+" log_strength", it.LogStrength, ref.Expected.LogAbility[it.ID], tol.LogAbility)
				near(t, it.ID+" se", it.SE, ref.Expected.LogAbilitySE[it.ID], tol.LogAbilitySE)
				near(t, it.ID+" share", it.Share/100, ref.Expected.Share[it.ID], tol.Share)
				if !(it.CILow < it.Share && it.Share < it.CIHigh) {
					t.Errorf("%s: share %v outside its interval [%v, %v]", it.ID, it.Share, it.CILow, it.CIHigh)
				}
			}
			near(t, "log_likelihood", out.LogLikelihood, ref.Expected.LogLikelihood, tol.LogLikelihood)
		})
	}
}

func TestRankBTSumToZeroWithoutRef(t *testing.T) {
	var ref btRefFile
	rankingtest.Load(t, "bt_baseball_agresti2002.json", &ref)
	counts, _ := baseballCSVs(ref)
	var out btOut
	rank(t, &out, "--method", "bt", "--input", writeFile(t, counts))
	sum, mean := 0.0, 0.0
	for _, it := range out.Items {
		sum += it.LogStrength
		mean += ref.Expected.LogAbility[it.ID] / float64(len(out.Items))
	}
	near(t, "sum of log-strengths", sum, 0, 1e-9)
	for _, it := range out.Items {
		near(t, it.ID+" centred log-strength", it.LogStrength, ref.Expected.LogAbility[it.ID]-mean, ref.Tolerance.LogAbility)
		near(t, it.ID+" share", it.Share/100, ref.Expected.Share[it.ID], ref.Tolerance.Share)
		if it.SE <= 0 {
			t.Errorf("%s: se %v, want > 0 in the sum-to-zero parameterisation", it.ID, it.SE)
		}
	}
}

func TestRankAHPReproducesSaaty2008(t *testing.T) {
	var ref ahpRefFile
	rankingtest.Load(t, "ahp_drinks_saaty2008.json", &ref)
	var csv strings.Builder
	csv.WriteString("item," + strings.Join(ref.Input.Items, ",") + "\n")
	for i, row := range ref.Input.MatrixExact {
		csv.WriteString(ref.Input.Items[i] + "," + strings.Join(row, ",") + "\n")
	}
	path := writeFile(t, csv.String())
	tables := map[string]string{
		"RI_saaty1980": "saaty1980", "RI_saaty2005": "saaty2005",
		"RI_alonso_lamata2006_fit": "alonso-lamata2006", "RI_donegan_dodd1991": "donegan-dodd1991",
	}
	for key, wantCR := range ref.Expected.CR {
		t.Run(key, func(t *testing.T) {
			ri, ok := tables[key]
			if !ok {
				t.Fatalf("no --ri value for %s", key)
			}
			var out ahpOut
			rank(t, &out, "--method", "ahp", "--input", path, "--ri", ri)
			if out.LambdaMax == nil || out.CI == nil || out.CR == nil {
				t.Fatalf("lambda_max, ci or cr missing: %+v", out)
			}
			tol := ref.Tolerance
			near(t, "lambda_max", *out.LambdaMax, ref.Expected.LambdaMax, tol.LambdaMax)
			near(t, "ci", *out.CI, ref.Expected.CI, tol.CI)
			near(t, "cr", *out.CR, wantCR, tol.CR)
			for _, it := range out.Items {
				near(t, it.ID+" priority_eigen", it.PriorityEigen, ref.Expected.Eigen[it.ID], tol.Priorities)
				near(t, it.ID+" priority_geomean", it.PriorityGeomean, ref.Expected.Geomean[it.ID], tol.Priorities)
			}
		})
	}
}

func TestRankScoreAveragesBTProbabilities(t *testing.T) {
	var ref btRefFile
	rankingtest.Load(t, "bt_baseball_agresti2002.json", &ref)
	counts, _ := baseballCSVs(ref)
	var out scoreOut
	rank(t, &out, "--method", "score", "--input", writeFile(t, counts))
	b := ref.Expected.LogAbility
	for _, it := range out.Items {
		want := 0.0
		for id, bj := range b {
			if id != it.ID {
				want += 100 / (1 + math.Exp(bj-b[it.ID])) / float64(len(b)-1)
			}
		}
		near(t, it.ID+" score", it.Score, want, 1e-5)
		if it.CILow == nil || it.CIHigh == nil || !(*it.CILow < it.Score && it.Score < *it.CIHigh) {
			t.Errorf("%s: score %v, interval %v–%v does not contain it", it.ID, it.Score, it.CILow, it.CIHigh)
		}
	}
}

const smallJudgments = `respondent,a,b,value,skip
r1,x,y,2,
r1,y,z,-1,
r1,x,z,0,
r2,x,y,1,
r2,z,y,-2,
r2,x,z,,1
r3,y,x,-2,
r3,z,x,1,
r4,y,z,2,
r4,z,x,-1,
r5,x,y,-1,
r5,y,z,1,
`

func TestRankBootstrapIsReproducible(t *testing.T) {
	path := writeFile(t, smallJudgments)
	run := func(seed string) string {
		var stdout, stderr bytes.Buffer
		args := []string{"--method", "bt", "--steps", "2", "--input", path, "--bootstrap", "200", "--seed", seed}
		if err := runRank(context.Background(), args, nil, &stdout, &stderr); err != nil {
			t.Fatalf("rank: %v\n%s", err, stderr.String())
		}
		return stdout.String()
	}
	first, again, other := run("7"), run("7"), run("8")
	if first != again {
		t.Errorf("same seed, different output:\n%s\n%s", first, again)
	}
	if first == other {
		t.Errorf("seeds 7 and 8 gave identical output")
	}
	var out btOut
	if err := json.Unmarshal([]byte(first), &out); err != nil {
		t.Fatal(err)
	}
	if out.CIMethod != "bootstrap" || out.Skipped != 1 {
		t.Errorf("ci_method=%q skipped=%d, want bootstrap and 1", out.CIMethod, out.Skipped)
	}
	for _, it := range out.Items {
		if !(it.CILow <= it.Share && it.Share <= it.CIHigh) {
			t.Errorf("%s: share %v outside bootstrap interval [%v, %v]", it.ID, it.Share, it.CILow, it.CIHigh)
		}
	}
}

func TestRankReadsStdin(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := runRank(context.Background(), []string{"--method", "ahp", "--steps", "2", "--input", "-"},
		strings.NewReader(smallJudgments), &stdout, &stderr)
	if err != nil {
		t.Fatalf("rank: %v\n%s", err, stderr.String())
	}
	var out ahpOut
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 3 || out.CR == nil {
		t.Errorf("got %d items, cr %v; want 3 items and a consistency ratio", len(out.Items), out.CR)
	}
}

func TestRankHelpIsNotAnError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := runRank(context.Background(), []string{"--help"}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("err = %v, want nil", err)
	}
	if !strings.Contains(stderr.String(), "Usage: vfv rank") || stdout.Len() != 0 {
		t.Errorf("stderr = %q, stdout = %q; want the usage on stderr only", stderr.String(), stdout.String())
	}
}

func TestRankUsageErrors(t *testing.T) {
	counts := writeFile(t, "a,b,wins_a,wins_b\nx,y,1,2\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no flags", nil, "--method is required"},
		{"unknown method", []string{"--method", "elo", "--input", counts}, `--method "elo"`},
		{"no input", []string{"--method", "bt"}, "--input is required"},
		{"unknown flag", []string{"--method", "bt", "--input", counts, "--colour"}, "flag provided but not defined"},
		{"extra argument", []string{"--method", "bt", "--input", counts, "more.csv"}, "unexpected arguments"},
		{"ref with ahp", []string{"--method", "ahp", "--input", counts, "--ref", "x"}, "--ref applies only"},
		{"bad level", []string{"--method", "bt", "--input", counts, "--level", "95"}, "--level 95"},
		{"bootstrap on counts", []string{"--method", "bt", "--input", counts, "--bootstrap", "10"}, "need judgments"},
		{"unknown ref", []string{"--method", "bt", "--input", counts, "--ref", "w"}, `--ref "w" is not an item`},
		{"ahp on counts", []string{"--method", "ahp", "--input", counts}, "cannot use"},
		{"unknown RI table", []string{"--method", "ahp", "--input", counts, "--ri", "mine"}, `--ri "mine"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runRank(context.Background(), tc.args, nil, &stdout, &stderr)
			if !errors.Is(err, ErrUsage) || ExitCode(err) != 2 {
				t.Fatalf("err = %v (exit %d), want a usage error (exit 2)", err, ExitCode(err))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to mention %q", err, tc.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}

func TestRankReportsEveryInputProblem(t *testing.T) {
	tests := []struct {
		name  string
		csv   string
		extra []string
		want  []string
	}{
		{"judgments", "respondent,a,b,value\nr1,x,y,abc\nr1,x,x,1\n,y,z,1\nr2,x,y\nr2,y,z,NaN\n", nil, []string{
			`input.csv: row 2, column "value": "abc" is not a number`,
			`input.csv: row 3, column "b": "x" is the same item as column "a"`,
			`input.csv: row 4, column "respondent": empty; want a respondent id`,
			`input.csv: row 5: 3 fields, but the header has 4`,
			`input.csv: row 6, column "value": "NaN" is not a finite number`,
		}},
		{"counts", "a,b,wins_a,wins_b,ties\nx,y,1,-2,\nx,,1,1,0\nx,z,1,1,many\n", nil, []string{
			`input.csv: row 2, column "wins_b": -2 is negative; want a count >= 0`,
			`input.csv: row 3, column "b": empty; want an item id`,
			`input.csv: row 4, column "ties": "many" is not a number`,
		}},
		{"header", "respondent,a,b,weight\n", nil, []string{
			`input.csv: row 1, column "weight": unknown column; want respondent,a,b,value[,skip,group]`,
			`input.csv: row 1: missing column "value"; want respondent,a,b,value[,skip,group]`,
		}},
		{"matrix", "item,x,y,z\nx,1,3,1/0\ny,1/2,1,2\nz,1,-1,1\n", nil, []string{
			`input.csv: row 2, column "z": "1/0" is not a number`,
			`input.csv: row 4, column "y": -1 is not positive; a ratio must be > 0 (leave the cell empty if missing)`,
		}},
		{"outside the scale", "respondent,a,b,value\nr1,x,y,3\nr1,y,z,-1\nr2,x,z,-4\n", []string{"--steps", "2"}, []string{
			`input.csv: row 2, column "value": 3 is outside the scale -2..2`,
			`input.csv: row 4, column "value": -4 is outside the scale -2..2`,
		}},
		{"empty", "", nil, []string{`input.csv: empty file; want a header row`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.csv)
			var stdout, stderr bytes.Buffer
			method := "bt"
			if tc.name == "matrix" {
				method = "ahp"
			}
			args := append([]string{"--method", method, "--input", path}, tc.extra...)
			err := runRank(context.Background(), args, nil, &stdout, &stderr)
			if err == nil || ExitCode(err) != 1 {
				t.Fatalf("err = %v (exit %d), want exit 1", err, ExitCode(err))
			}
			got := strings.Split(strings.TrimSpace(strings.ReplaceAll(stderr.String(), path, "input.csv")), "\n")
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("stderr lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
