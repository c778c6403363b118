package ranking

import (
	"math"
	"testing"

	"github.com/vfv/vfv/internal/ranking/rankingtest"
)

// btRef is bt_baseball_agresti2002.json.
type btRef struct {
	Input struct {
		Items       []string `json:"items"`
		Reference   string   `json:"reference_item"`
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
		Deviance      float64            `json:"deviance"`
	} `json:"expected"`
	Tolerance struct {
		LogAbility    float64 `json:"log_ability"`
		LogAbilitySE  float64 `json:"log_ability_se"`
		Share         float64 `json:"share"`
		LogLikelihood float64 `json:"log_likelihood"`
		Deviance      float64 `json:"deviance"`
	} `json:"tolerance"`
}

// ahpRef is ahp_drinks_saaty2008.json.
type ahpRef struct {
	Input struct {
		Items  []string    `json:"items"`
		Matrix [][]float64 `json:"matrix"`
	} `json:"input"`
	Expected struct {
		Eigen          map[string]float64 `json:"eigenvector_priorities"`
		LambdaMax      float64            `json:"lambda_max"`
		CI             float64            `json:"CI"`
		Geomean        map[string]float64 `json:"geometric_mean_priorities"`
		LambdaFromGeom float64            `json:"lambda_estimate_from_geometric_mean_priorities"`
		CR             map[string]float64 `json:"CR"`
	} `json:"expected"`
	Published struct {
		Eigen map[string]float64 `json:"eigenvector_priorities_3dp"`
		CR    float64            `json:"CR_2dp_or_3dp"`
	} `json:"published"`
	Tolerance struct {
		Priorities          float64 `json:"priorities"`
		LambdaMax           float64 `json:"lambda_max"`
		CI                  float64 `json:"CI"`
		CR                  float64 `json:"CR"`
		PublishedPriorities float64 `json:"published_priorities"`
		PublishedCR         float64 `json:"published_CR"`
	} `json:"tolerance"`
}

func baseballCounts(t *testing.T, ref btRef) *Counts {
	t.Helper()
	c, err := NewCounts(ref.Input.Items)
	if err != nil {
		t.Fatal(err)
	}
	for _, cmp := range ref.Input.Comparisons {
		if err := c.AddID(cmp.I, cmp.J, cmp.WinsI, cmp.WinsJ); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// checkClose reports got vs want outside tol.
func checkClose(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.12g, want %.12g (tolerance %g, off by %.3g)", what, got, want, tol, math.Abs(got-want))
	}
}

func TestFitBTReproducesBradleyTerry2(t *testing.T) {
	var ref btRef
	rankingtest.Load(t, "bt_baseball_agresti2002.json", &ref)
	res, err := FitBT(baseballCounts(t, ref), BTOptions{Reference: ref.Input.Reference})
	if err != nil {
		t.Fatalf("FitBT: %v", err)
	}
	if !res.Converged || res.Regularised {
		t.Fatalf("converged=%v regularised=%v, want true/false", res.Converged, res.Regularised)
	}
	if len(res.Items) != len(ref.Input.Items) {
		t.Fatalf("got %d items, want %d", len(res.Items), len(ref.Input.Items))
	}
	for _, it := range res.Items {
		tol := ref.Tolerance
		checkClose(t, it.ID+" log-strength", it.LogStrength, ref.Expected.LogAbility[it.ID], tol.LogAbility)
		checkClose(t, it.ID+" se", it.SE, ref.Expected.LogAbilitySE[it.ID], tol.LogAbilitySE)
		checkClose(t, it.ID+" share", it.Share/100, ref.Expected.Share[it.ID], tol.Share)
	}
	checkClose(t, "log-likelihood", res.LogLikelihood, ref.Expected.LogLikelihood, ref.Tolerance.LogLikelihood)
	checkClose(t, "deviance", res.Deviance, ref.Expected.Deviance, ref.Tolerance.Deviance)
}
