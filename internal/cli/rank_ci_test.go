package cli

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/ranking"
)

// TestRankCIModelMatchesInMemoryRank: `vfv rank --method bt --ci model FILE`
// (tallied while reading) gives the estimates and Fisher intervals of
// ranking.Rank on the judgments held in memory, to 1e-6, with ci_method
// "model" and the same counts; from stdin too.
func TestRankCIModelMatchesInMemoryRank(t *testing.T) {
	var csv bytes.Buffer
	if err := writeJudgmentsCSV(&csv, 400, 15); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "judgments.csv")
	if err := os.WriteFile(path, csv.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := ranking.ReadInput(bytes.NewReader(csv.Bytes()), "judgments.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := ranking.Rank(in.Judgments, ranking.Options{Items: in.Items, Scale: ranking.Scale{Steps: 3}, CI: ranking.CIModel})
	if err != nil {
		t.Fatal(err)
	}
	type out struct {
		btOut
		Steps       int `json:"steps"`
		Judgments   int `json:"judgments"`
		Respondents int `json:"respondents"`
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"file argument", []string{"--method", "bt", "--ci", "model", "--steps", "3", path}},
		{"--input", []string{"--method", "bt", "--ci", "model", "--steps", "3", "--input", path}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got out
			rank(t, &got, tc.args...)
			if got.CIMethod != "model" || got.Steps != 3 || got.Judgments != want.BT.Judgments ||
				got.Skipped != want.BT.Skipped || got.Respondents != want.Respondents {
				t.Fatalf("ci_method %q, steps %d, judgments %d, skipped %d, respondents %d; want model, 3, %d, %d, %d",
					got.CIMethod, got.Steps, got.Judgments, got.Skipped, got.Respondents, want.BT.Judgments, want.BT.Skipped, want.Respondents)
			}
			for i, it := range got.Items {
				w := want.BT.Items[i]
				if it.ID != w.ID {
					t.Fatalf("item %d = %q, want %q", i, it.ID, w.ID)
				}
				for _, v := range [][3]float64{{it.LogStrength, w.LogStrength}, {it.SE, w.SE}, {it.CILow, w.CILow}, {it.CIHigh, w.CIHigh}} {
					if math.Abs(v[0]-v[1]) > 1e-6 {
						t.Errorf("%s: %v, want %v", it.ID, v[0], v[1])
					}
				}
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if err := runRank(context.Background(), []string{"--method", "score", "--ci", "model", "--steps", "3", "-"}, bytes.NewReader(csv.Bytes()), &stdout, &stderr); err != nil {
			t.Fatalf("rank: %v\n%s", err, stderr.String())
		}
		if !strings.Contains(stdout.String(), `"ci_method": "model"`) {
			t.Errorf("output does not name ci_method model:\n%s", stdout.String())
		}
	})
}

// TestRankCIUsageErrors: --ci names a method that fits the other flags.
func TestRankCIUsageErrors(t *testing.T) {
	path := writeFile(t, smallJudgments)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"model with bootstrap", []string{"--method", "bt", "--ci", "model", "--bootstrap", "10", path}, "exclude each other"},
		{"unknown", []string{"--method", "bt", "--ci", "exact", path}, `--ci "exact"`},
		{"model with ahp", []string{"--method", "ahp", "--ci", "model", path}, "ahp has no model-based intervals"},
		{"model with score counts", []string{"--method", "score", "--score", "counts", "--ci", "model", path}, "--score counts has no model-based"},
		{"two files", []string{"--method", "bt", path, path}, "unexpected arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runRank(context.Background(), tc.args, nil, &stdout, &stderr)
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a usage error mentioning %q", err, tc.want)
			}
		})
	}
}

// TestRankCIBootstrapNamesItsMethod: --ci bootstrap --bootstrap N reports
// ci_method "bootstrap".
func TestRankCIBootstrapNamesItsMethod(t *testing.T) {
	var out btOut
	rank(t, &out, "--method", "bt", "--steps", "2", "--ci", "bootstrap", "--bootstrap", "50", writeFile(t, smallJudgments))
	if out.CIMethod != "bootstrap" {
		t.Errorf("ci_method = %q, want bootstrap", out.CIMethod)
	}
}

// TestRankNamesCIMethodWithoutIntervals: outputs without intervals say so
// in ci_method rather than leaving the field out.
func TestRankNamesCIMethodWithoutIntervals(t *testing.T) {
	path := writeFile(t, smallJudgments)
	matrix := writeFile(t, "item,x,y\nx,1,3\ny,1/3,1\n")
	for _, args := range [][]string{
		{"--method", "ahp", matrix},
		{"--method", "score", "--score", "counts", "--steps", "2", path},
	} {
		var out struct {
			CIMethod *string `json:"ci_method"`
		}
		rank(t, &out, args...)
		if out.CIMethod == nil || *out.CIMethod != "none" {
			t.Errorf("%v: ci_method = %v, want \"none\"", args, out.CIMethod)
		}
	}
}

// TestRankCIMethodWhenEveryResampleFailed: a bootstrap whose resamples all
// failed (NaN intervals) is not reported as ci_method "bootstrap": bt and
// score keep their model-based intervals and say "model", ahp says "none".
func TestRankCIMethodWhenEveryResampleFailed(t *testing.T) {
	in, err := ranking.ReadInput(strings.NewReader(smallJudgments), "small.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ranking.Rank(in.Judgments, ranking.Options{Items: in.Items, Scale: ranking.Scale{Steps: 2}, CI: ranking.CIModel})
	if err != nil {
		t.Fatal(err)
	}
	nan := ranking.Interval{Low: math.NaN(), High: math.NaN()}
	boot := &ranking.BootstrapResult{Resamples: 20, Failed: 20, AHPFailed: 20, Level: 0.9}
	for _, id := range in.Items {
		boot.Items = append(boot.Items, ranking.BootstrapItem{ID: id, LogStrength: nan, Share: nan, Score: nan, PriorityEigen: nan, PriorityGeomean: nan})
	}
	bt := btJSON(res.BT, boot)
	if bt.CIMethod != "model" || bt.Level != res.BT.Level {
		t.Errorf("bt: ci_method %q, level %v; want model, %v", bt.CIMethod, bt.Level, res.BT.Level)
	}
	for i, it := range bt.Items {
		if it.CILow != res.BT.Items[i].CILow || it.CIHigh != res.BT.Items[i].CIHigh {
			t.Errorf("bt %s: interval %v–%v, want the Fisher %v–%v", it.ID, it.CILow, it.CIHigh, res.BT.Items[i].CILow, res.BT.Items[i].CIHigh)
		}
	}
	score := scoreJSON(res.Score, res.BT, boot)
	if want := map[bool]string{true: "model", false: "none"}[res.Score.HasCI]; score.CIMethod != want {
		t.Errorf("score: ci_method %q, want %q", score.CIMethod, want)
	}
	for _, it := range score.Items {
		if res.Score.HasCI && (it.CILow == nil || it.CIHigh == nil) {
			t.Errorf("score %s: no interval, want the Fisher one", it.ID)
		}
	}
	ahp := ahpJSON(*res.AHP, boot)
	if ahp.CIMethod != "none" || ahp.Items[0].EigenCILow != nil {
		t.Errorf("ahp: ci_method %q, eigen interval %v; want none and no interval", ahp.CIMethod, ahp.Items[0].EigenCILow)
	}
	// A bootstrap with one usable resample is still a bootstrap.
	boot.Failed, boot.AHPFailed = 19, 19
	for i := range boot.Items {
		one := ranking.Interval{Low: 1, High: 2}
		boot.Items[i].LogStrength, boot.Items[i].Share, boot.Items[i].PriorityEigen = one, one, one
	}
	if got := btJSON(res.BT, boot).CIMethod; got != "bootstrap" {
		t.Errorf("bt with one usable resample: ci_method %q, want bootstrap", got)
	}
	if got := ahpJSON(*res.AHP, boot).CIMethod; got != "bootstrap" {
		t.Errorf("ahp with one usable resample: ci_method %q, want bootstrap", got)
	}
}
