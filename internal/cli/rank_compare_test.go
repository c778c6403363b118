package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// groupJudgments writes 400 respondents × 8 graded judgments (steps 2) on 6
// items with a group column: respondents 0–149 are "f" and prefer item i0
// much more, the others "m"; with all, every respondent is also in "all".
func groupJudgments(all bool) string {
	rng := rand.New(rand.NewPCG(21, 22))
	var b strings.Builder
	b.WriteString("respondent,a,b,value,group\n")
	for r := range 400 {
		group := "m"
		if r < 150 {
			group = "f"
		}
		if all {
			group += ";all"
		}
		for range 8 {
			i := rng.IntN(6)
			j := (i + 1 + rng.IntN(5)) % 6
			bi, bj := float64(i)/5, float64(j)/5
			if group[0] == 'f' {
				if i == 0 {
					bi += 1.5
				}
				if j == 0 {
					bj += 1.5
				}
			}
			v := 1
			if rng.Float64() < 1/(1+math.Exp(bj-bi)) {
				v = -1
			}
			if rng.IntN(2) == 0 {
				v *= 2
			}
			fmt.Fprintf(&b, "p%03d,i%d,i%d,%d,%s\n", r, i, j, v, group)
		}
	}
	return b.String()
}

type compareOut struct {
	btOut
	Comparison *struct {
		A, B, Method string
		Items        []struct {
			ID         string  `json:"id"`
			Difference float64 `json:"difference"`
			CILow      float64 `json:"ci_low"`
			CIHigh     float64 `json:"ci_high"`
			Clear      *bool   `json:"clear"`
			Detectable float64 `json:"detectable"`
		} `json:"items"`
	} `json:"comparison"`
}

// TestRankDefaultCIMethod: judgments get respondent-level intervals by
// default and say so; counts keep model-based ones, labelled "model".
func TestRankDefaultCIMethod(t *testing.T) {
	var j, c btOut
	rank(t, &j, "--method", "bt", "--steps", "2", writeFile(t, groupJudgments(false)))
	rank(t, &c, "--method", "bt", writeFile(t, "a,b,wins_a,wins_b\nx,y,3,1\ny,z,2,2\nx,z,1,1\nz,x,1,1\n"))
	if j.CIMethod != "respondent-sandwich" || c.CIMethod != "model" {
		t.Errorf("ci_method %q for judgments, %q for counts; want respondent-sandwich, model", j.CIMethod, c.CIMethod)
	}
	counts := writeFile(t, "a,b,wins_a,wins_b\nx,y,3,1\ny,z,2,2\n")
	var stdout, stderr bytes.Buffer
	if err := runRank(context.Background(), []string{"--method", "bt", "--ci", "respondent", counts}, nil, &stdout, &stderr); !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "need judgments") {
		t.Errorf("--ci respondent on counts: err = %v, want a usage error saying it needs judgments", err)
	}
	var score struct {
		CIMethod string `json:"ci_method"`
	}
	rank(t, &score, "--method", "score", "--steps", "2", writeFile(t, groupJudgments(false)))
	if score.CIMethod != "respondent-sandwich" {
		t.Errorf("score: ci_method %q, want respondent-sandwich", score.CIMethod)
	}
	for ci, want := range map[string]string{"": "respondent-sandwich", "model": "model"} {
		args := []string{"--method", "bt", "--steps", "2", "--order-effect"}
		if ci != "" {
			args = append(args, "--ci", ci)
		}
		args = append(args, writeFile(t, groupJudgments(false)))
		var o orderOut
		rank(t, &o, args...)
		if o.CIMethod != want || o.OrderEffect == nil || o.OrderEffect.SE <= 0 {
			t.Errorf("--order-effect --ci %q: ci_method %q, order_effect %+v; want %s and an interval", ci, o.CIMethod, o.OrderEffect, want)
		}
	}
}

// TestRankCompare: --compare A,B prints the comparison object with the
// issue's fields; the item group f truly prefers is marked clear; against
// rest works; B may not contain A.
func TestRankCompare(t *testing.T) {
	path := writeFile(t, groupJudgments(false))
	for _, b := range []string{"m", "rest"} {
		t.Run(b, func(t *testing.T) {
			var out compareOut
			rank(t, &out, "--method", "bt", "--steps", "2", "--compare", "f,"+b, path)
			cmp := out.Comparison
			if cmp == nil || cmp.A != "f" || cmp.B != b || cmp.Method != "respondent-sandwich-maxt" || len(cmp.Items) != 6 {
				t.Fatalf("comparison %+v, want f vs %s over 6 items", cmp, b)
			}
			for _, it := range cmp.Items {
				if it.Clear == nil || !(it.CILow <= it.Difference && it.Difference <= it.CIHigh) || *it.Clear != (it.CILow > 0 || it.CIHigh < 0) || it.Detectable <= 0 {
					t.Errorf("%s: %+v", it.ID, it)
				}
				if it.ID == "i0" && (!*it.Clear || it.Difference <= 0) {
					t.Errorf("i0, preferred by f, not marked clear: %+v", it)
				}
			}
		})
	}
	withAll := writeFile(t, groupJudgments(true))
	for _, tc := range []struct {
		name string
		path string
		arg  string
		want string
	}{
		{"nested", withAll, "all,f", "rest"},
		{"unknown group", path, "f,x", `no respondent of group "x"`},
		{"no group column", writeFile(t, smallJudgments), "f,rest", "needs a group column"},
		{"one group", path, "f", "want two groups"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runRank(context.Background(), []string{"--method", "bt", "--steps", "2", "--compare", tc.arg, tc.path}, nil, &stdout, &stderr)
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a usage error mentioning %q", err, tc.want)
			}
		})
	}
}
