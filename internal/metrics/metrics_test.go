package metrics

import (
	"io"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestResponseOutcomesDocumented: the outcomes of vfv_responses_total that
// /metrics shows from the start are exactly those docs/operations.md
// lists, in its order.
func TestResponseOutcomesDocumented(t *testing.T) {
	rec := httptest.NewRecorder()
	New(nil).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	var served []string
	for _, m := range regexp.MustCompile(`(?m)^vfv_responses_total\{outcome="([a-z_]+)"\} 0$`).FindAllStringSubmatch(string(body), -1) {
		served = append(served, m[1])
	}
	doc, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile("`vfv_responses_total` \\(by outcome: ([^()]*(?:\\([^()]*\\)[^()]*)*)\\)").FindSubmatch(doc)
	if line == nil {
		t.Fatal("docs/operations.md does not list the outcomes of vfv_responses_total as (by outcome: …)")
	}
	var documented []string
	for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllSubmatch(line[1], -1) {
		documented = append(documented, string(m[1]))
	}
	slices.Sort(served)
	sortedDoc := slices.Clone(documented)
	slices.Sort(sortedDoc)
	if !slices.Equal(served, sortedDoc) {
		t.Errorf("outcomes served %v, documented %v", served, documented)
	}
	if len(served) == 0 || !strings.Contains(string(body), "# HELP vfv_responses_total") {
		t.Errorf("/metrics has no vfv_responses_total outcomes:\n%.500s", body)
	}
}
