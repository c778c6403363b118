package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestRankStepsRequiredForGradedJudgments: graded judgments without --steps
// are a usage error naming the flag, for every method; with --steps they
// rank, and binary judgments (values -1, 0, 1) need no --steps.
func TestRankStepsRequiredForGradedJudgments(t *testing.T) {
	graded := writeFile(t, smallJudgments)
	for _, method := range []string{"bt", "score", "ahp"} {
		t.Run(method+" graded without --steps", func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runRank(context.Background(), []string{"--method", method, graded}, nil, &stdout, &stderr)
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "--steps N") {
				t.Fatalf("err = %v, want a usage error naming --steps N", err)
			}
		})
	}
	t.Run("graded with --steps", func(t *testing.T) {
		var out struct {
			btOut
			Steps int `json:"steps"`
		}
		rank(t, &out, "--method", "bt", "--steps", "4", graded)
		if out.Steps != 4 || len(out.Items) != 3 {
			t.Errorf("steps %d, %d items; want 4 and 3", out.Steps, len(out.Items))
		}
	})
	t.Run("binary without --steps", func(t *testing.T) {
		binary := "respondent,a,b,value\nr1,x,y,-1\nr1,y,z,1\nr2,x,z,0\nr2,y,x,1\nr3,z,x,-1\nr3,z,y,1\n"
		var out struct {
			btOut
			Steps int `json:"steps"`
		}
		rank(t, &out, "--method", "bt", writeFile(t, binary))
		if out.Steps != 1 || len(out.Items) != 3 {
			t.Errorf("steps %d, %d items; want 1 and 3", out.Steps, len(out.Items))
		}
	})
}
