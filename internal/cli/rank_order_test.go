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

// orderJudgments writes graded judgments (steps 4) whose item shown first
// wins more often than the strengths say when delta > 0; with mirror every
// answer also occurs with the items shown the other way round, so the data
// hold no order effect.
func orderJudgments(delta float64, mirror bool) string {
	rng := rand.New(rand.NewPCG(11, 3))
	beta := []float64{-0.7, 0, 0.4, 0.9}
	var b strings.Builder
	b.WriteString("respondent,a,b,value\n")
	for r := range 300 {
		for range 6 {
			i, j := rng.IntN(4), rng.IntN(3)
			if j >= i {
				j++
			}
			p := 1 / (1 + math.Exp(-(beta[i] - beta[j] + delta)))
			k := 0
			for range 4 {
				if rng.Float64() < p {
					k++
				}
			}
			fmt.Fprintf(&b, "r%d,i%d,i%d,%d\n", r, i, j, 4-2*k)
			if mirror {
				fmt.Fprintf(&b, "r%d,i%d,i%d,%d\n", r, j, i, 2*k-4)
			}
		}
	}
	return b.String()
}

type orderOut struct {
	btOut
	OrderEffect *struct {
		LogOdds float64 `json:"log_odds"`
		SE      float64 `json:"se"`
		CILow   float64 `json:"ci_low"`
		CIHigh  float64 `json:"ci_high"`
	} `json:"order_effect"`
}

// TestRankOrderEffect: --order-effect reports order_effect, positive when
// the item shown first is favoured, with an interval around the simulated
// value; on data without an order effect it is 0 and the items equal the
// plain fit to 1e-3; without the flag there is no order_effect.
func TestRankOrderEffect(t *testing.T) {
	t.Run("favours the first item", func(t *testing.T) {
		var out orderOut
		rank(t, &out, "--method", "bt", "--steps", "4", "--order-effect", writeFile(t, orderJudgments(0.5, false)))
		oe := out.OrderEffect
		if oe == nil || !(oe.CILow < 0.5 && 0.5 < oe.CIHigh) || oe.CILow <= 0 || oe.SE <= 0 {
			t.Fatalf("order_effect %+v, want an interval above 0 holding 0.5", oe)
		}
	})
	t.Run("no order effect in the data", func(t *testing.T) {
		path := writeFile(t, orderJudgments(0.5, true))
		var plain, order orderOut
		rank(t, &plain, "--method", "bt", "--steps", "4", path)
		rank(t, &order, "--method", "bt", "--steps", "4", "--order-effect", path)
		if plain.OrderEffect != nil {
			t.Errorf("plain fit reports order_effect %+v", plain.OrderEffect)
		}
		if order.OrderEffect == nil || math.Abs(order.OrderEffect.LogOdds) > 1e-6 {
			t.Fatalf("order_effect %+v, want log_odds 0", order.OrderEffect)
		}
		for i, it := range order.Items {
			w := plain.Items[i]
			for _, v := range [][2]float64{{it.LogStrength, w.LogStrength}, {it.SE, w.SE}, {it.Share, w.Share}, {it.CILow, w.CILow}, {it.CIHigh, w.CIHigh}} {
				if math.Abs(v[0]-v[1]) > 1e-3 {
					t.Errorf("%s: %v with --order-effect, %v without", it.ID, v[0], v[1])
				}
			}
		}
	})
}

// TestRankOrderEffectUsageErrors: --order-effect needs --method bt,
// judgments and no bootstrap.
func TestRankOrderEffectUsageErrors(t *testing.T) {
	judgments := writeFile(t, smallJudgments)
	counts := writeFile(t, "a,b,wins_a,wins_b\nx,y,3,1\ny,z,2,2\nx,z,1,1\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"ahp", []string{"--method", "ahp", "--steps", "2", "--order-effect", judgments}, "--order-effect applies only"},
		{"bootstrap", []string{"--method", "bt", "--steps", "2", "--bootstrap", "10", "--order-effect", judgments}, "--order-effect applies only"},
		{"counts", []string{"--method", "bt", "--order-effect", counts}, "--order-effect need judgments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runRank(context.Background(), tc.args, nil, &stdout, &stderr)
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a usage error mentioning %q", err, tc.want)
			}
		})
	}
}
