package web_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"gopkg.in/yaml.v3"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/store/storetest"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web"
)

// openAPIPath is the API description the tests hold the router to.
const openAPIPath = "../../docs/openapi.yaml"

// httpMethods are the operations a path item may hold, in YAML key order.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// oaDoc is the part of docs/openapi.yaml the checks read; raw is the
// whole document, for resolving $ref.
type oaDoc struct {
	OpenAPI string `yaml:"openapi"`
	Info    struct {
		Title   string `yaml:"title"`
		Version string `yaml:"version"`
	} `yaml:"info"`
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Components struct {
		SecuritySchemes map[string]struct {
			Type   string `yaml:"type"`
			Scheme string `yaml:"scheme"`
			In     string `yaml:"in"`
			Name   string `yaml:"name"`
		} `yaml:"securitySchemes"`
	} `yaml:"components"`
	raw map[string]any
}

// oaOperation is one method of a path.
type oaOperation struct {
	OperationID string             `yaml:"operationId"`
	Summary     string             `yaml:"summary"`
	Parameters  []oaParam          `yaml:"parameters"`
	Responses   map[string]any     `yaml:"responses"`
	Security    []map[string][]any `yaml:"security"`
}

// oaParam is a parameter or a $ref to one.
type oaParam struct {
	Ref      string `yaml:"$ref"`
	Name     string `yaml:"name"`
	In       string `yaml:"in"`
	Required bool   `yaml:"required"`
}

func loadOpenAPI(t *testing.T) *oaDoc {
	t.Helper()
	b, err := os.ReadFile(openAPIPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc oaDoc
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", openAPIPath, err)
	}
	if err := yaml.Unmarshal(b, &doc.raw); err != nil {
		t.Fatalf("%s: %v", openAPIPath, err)
	}
	return &doc
}

// operations returns the operations of a path, keyed by upper-case
// method, and the path-level parameters.
func (d *oaDoc) operations(t *testing.T, path string) (map[string]oaOperation, []oaParam) {
	t.Helper()
	ops := map[string]oaOperation{}
	var shared []oaParam
	for key, node := range d.Paths[path] {
		switch {
		case key == "parameters":
			if err := node.Decode(&shared); err != nil {
				t.Fatalf("%s parameters: %v", path, err)
			}
		case slices.Contains(httpMethods, key):
			var op oaOperation
			if err := node.Decode(&op); err != nil {
				t.Fatalf("%s %s: %v", strings.ToUpper(key), path, err)
			}
			ops[strings.ToUpper(key)] = op
		}
	}
	return ops, shared
}

// resolve follows a local $ref ("#/components/schemas/X") in the document.
func (d *oaDoc) resolve(ref string) (any, bool) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	var cur any = d.raw
	for _, part := range strings.Split(rest, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// param resolves a parameter that may be a $ref.
func (d *oaDoc) param(p oaParam) (oaParam, error) {
	if p.Ref == "" {
		return p, nil
	}
	v, ok := d.resolve(p.Ref)
	m, isMap := v.(map[string]any)
	if !ok || !isMap {
		return p, fmt.Errorf("parameter $ref %q does not resolve", p.Ref)
	}
	name, _ := m["name"].(string)
	in, _ := m["in"].(string)
	req, _ := m["required"].(bool)
	return oaParam{Name: name, In: in, Required: req}, nil
}

var pathParamRe = regexp.MustCompile(`\{([^}/]+)\}`)

// echoPath turns an OpenAPI path into Echo's pattern: {code} → :code.
func echoPath(p string) string { return pathParamRe.ReplaceAllString(p, ":$1") }

// isAPIRoute says whether a router route belongs in docs/openapi.yaml: the
// JSON API and the health endpoints, not the HTML pages, and not the
// catch-all 404 routes Echo registers for groups with middleware. /metrics
// is not on the public listener and so not in docs/openapi.yaml.
func isAPIRoute(r web.Route) bool {
	if r.Method == echo.RouteNotFound || strings.HasSuffix(r.Path, "/*") {
		return false
	}
	switch r.Path {
	case "/healthz", "/readyz":
		return true
	}
	return strings.HasPrefix(r.Path, "/api/")
}

// routerRoutes builds a server the way startServer does and lists its routes.
func routerRoutes(t *testing.T) []web.Route {
	t.Helper()
	surveys, err := survey.LoadDir("../../surveys")
	if err != nil {
		t.Fatalf("load example surveys: %v", err)
	}
	st := storetest.Open(t)
	srv, err := web.New(web.Deps{Store: st, Collect: collect.New(st, surveys, nil), Surveys: surveys, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Routes()
}

// TestOpenAPIMatchesRouter: every operation in docs/openapi.yaml is a route
// of the server, and every API route of the server is documented.
func TestOpenAPIMatchesRouter(t *testing.T) {
	doc := loadOpenAPI(t)
	documented := map[string]string{} // "GET /api/v1/campaigns/:code" -> OpenAPI path
	for path := range doc.Paths {
		ops, _ := doc.operations(t, path)
		for method := range ops {
			documented[method+" "+echoPath(path)] = path
		}
	}
	served := map[string]bool{}
	for _, r := range routerRoutes(t) {
		if isAPIRoute(r) {
			served[r.Method+" "+r.Path] = true
		}
	}
	if len(served) == 0 {
		t.Fatal("the router has no API routes; the filter is wrong")
	}
	for _, key := range sortedKeysOf(documented) {
		if !served[key] {
			method, _, _ := strings.Cut(key, " ")
			t.Errorf("%s %s is documented in docs/openapi.yaml but the router has no route %s", method, documented[key], key)
		}
	}
	for _, key := range sortedKeysOf(served) {
		if _, ok := documented[key]; !ok {
			t.Errorf("the router serves %s (internal/web/routes.go) but docs/openapi.yaml does not document it", key)
		}
	}
	t.Logf("%d operations documented, %d API routes served", len(documented), len(served))
}

// TestOpenAPIIsValid checks what a broken description would get wrong
// first: the version and info, one response per operation at least,
// declared path parameters, unique operation ids, known security schemes,
// and that every $ref points at something defined.
func TestOpenAPIIsValid(t *testing.T) {
	doc := loadOpenAPI(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") && !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.0.x or 3.1.x", doc.OpenAPI)
	}
	if doc.Info.Title == "" || doc.Info.Version == "" {
		t.Errorf("info.title = %q, info.version = %q; want both set", doc.Info.Title, doc.Info.Version)
	}
	schemes := doc.Components.SecuritySchemes
	if s := schemes["bearerAuth"]; s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("securitySchemes.bearerAuth = %+v, want type http, scheme bearer", s)
	}
	if s := schemes["cookieAuth"]; s.Type != "apiKey" || s.In != "cookie" || s.Name != "vfv_session" {
		t.Errorf("securitySchemes.cookieAuth = %+v, want apiKey in cookie vfv_session", s)
	}
	ids := map[string]string{}
	for _, path := range sortedKeysOf(doc.Paths) {
		ops, shared := doc.operations(t, path)
		if len(ops) == 0 {
			t.Errorf("path %s has no operations", path)
		}
		for _, method := range sortedKeysOf(ops) {
			op, where := ops[method], method+" "+path
			if len(op.Responses) == 0 {
				t.Errorf("%s has no responses", where)
			}
			if op.Summary == "" {
				t.Errorf("%s has no summary", where)
			}
			if op.OperationID == "" {
				t.Errorf("%s has no operationId", where)
			} else if prev, dup := ids[op.OperationID]; dup {
				t.Errorf("operationId %q is used by %s and %s", op.OperationID, prev, where)
			}
			ids[op.OperationID] = where
			checkPathParams(t, doc, where, path, append(slices.Clone(shared), op.Parameters...))
			for _, req := range op.Security {
				for name := range req {
					if _, ok := schemes[name]; !ok {
						t.Errorf("%s uses security scheme %q, which is not defined", where, name)
					}
				}
			}
		}
	}
	for _, ref := range collectRefs(doc.raw, "") {
		if _, ok := doc.resolve(ref[0]); !ok {
			t.Errorf("$ref %q at %s resolves to nothing", ref[0], ref[1])
		}
	}
}

// checkPathParams: every {name} in the path is declared "in: path",
// required, and no path parameter is declared that the path lacks.
func checkPathParams(t *testing.T, doc *oaDoc, where, path string, params []oaParam) {
	t.Helper()
	declared := map[string]bool{}
	for _, p := range params {
		p, err := doc.param(p)
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		if p.In != "path" {
			continue
		}
		if !p.Required {
			t.Errorf("%s: path parameter %q must be required", where, p.Name)
		}
		declared[p.Name] = true
	}
	inPath := map[string]bool{}
	for _, m := range pathParamRe.FindAllStringSubmatch(path, -1) {
		inPath[m[1]] = true
		if !declared[m[1]] {
			t.Errorf("%s: path parameter {%s} is not declared", where, m[1])
		}
	}
	for name := range declared {
		if !inPath[name] {
			t.Errorf("%s: declares path parameter %q, which the path lacks", where, name)
		}
	}
}

// collectRefs lists every $ref in a YAML tree with where it was found.
func collectRefs(n any, at string) [][2]string {
	var out [][2]string
	switch v := n.(type) {
	case map[string]any:
		for _, k := range sortedKeysOf(v) {
			if k == "$ref" {
				ref, _ := v[k].(string)
				out = append(out, [2]string{ref, at})
				continue
			}
			out = append(out, collectRefs(v[k], at+"/"+k)...)
		}
	case []any:
		for i, x := range v {
			out = append(out, collectRefs(x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return out
}

func sortedKeysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
