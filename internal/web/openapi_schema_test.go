package web_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestOpenAPIResponsesMatchSchemas calls the API the way clients do and
// checks each JSON answer against the schema documented for its status:
// no undocumented field, every required one present, null only where
// nullable, and the documented types and enums.
func TestOpenAPIResponsesMatchSchemas(t *testing.T) {
	f := newStaffFixture(t)
	doc := loadOpenAPI(t)
	call := func(user, method, docPath, url, body string, want int) any {
		t.Helper()
		status, got := f.api(t, user, method, url, body)
		if status != want {
			t.Errorf("%s %s = %d %.300s, want %d", method, url, status, got, want)
			return nil
		}
		schema, err := doc.responseSchema(method, docPath, status)
		if err != nil {
			t.Errorf("%s %s: %v", method, url, err)
			return nil
		}
		if schema == nil {
			return nil // documented without a JSON body (204)
		}
		dec := json.NewDecoder(strings.NewReader(got))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Errorf("%s %s: body is not JSON: %v", method, url, err)
			return nil
		}
		for _, p := range doc.schemaProblems(schema, v, "body") {
			t.Errorf("%s %s (%d, as %s in docs/openapi.yaml): %s", method, url, status, docPath, p)
		}
		return v
	}
	const admin, camp = "admin@a.se", "/api/v1/campaigns/GRUMS34"

	call("", "GET", "/healthz", "/healthz", "", 200)
	call("", "GET", "/readyz", "/readyz", "", 200)
	call("", "GET", "/api/v1/surveys", "/api/v1/surveys", "", 200)
	payload, _ := call("", "GET", "/api/v1/campaigns/{code}/survey", "/api/v1/campaigns/GRUMS34/survey?plans=2", "", 200).(map[string]any)
	call("", "GET", "/api/v1/campaigns/{code}/survey", "/api/v1/campaigns/GRUMS34/survey?plans=99", "", 400)
	call("", "GET", "/api/v1/campaigns/{code}/survey", "/api/v1/campaigns/NOSUCH7/survey", "", 404)
	sub := submissionFor(t, payload, "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f")
	call("", "POST", "/api/v1/responses", "/api/v1/responses", sub, 201)
	for range 5 { // enough respondents for results with numbers
		call("", "POST", "/api/v1/responses", "/api/v1/responses", submissionFor(t, payload, uuid.NewString()), 201)
	}
	call("", "POST", "/api/v1/responses", "/api/v1/responses", sub, 200)
	call("", "POST", "/api/v1/responses", "/api/v1/responses", strings.Replace(sub, `"value":1`, `"value":2`, 1), 409)
	call("", "POST", "/api/v1/responses", "/api/v1/responses", `{"id":"x","judgments":[{"a":"q","b":"q","value":9}]}`, 404)
	call("", "POST", "/api/v1/responses", "/api/v1/responses", `{"id":"x","campaign":"GRUMS34","judgments":[{"a":"q","b":"q","value":9}]}`, 400)
	call("", "GET", "/api/v1/surveys/{id}/versions", "/api/v1/surveys/unga-vuxna/versions", "", 200)
	f.later(8) // the answers above are released

	call("", "GET", "/api/v1/me", "/api/v1/me", "", 401)
	call(admin, "GET", "/api/v1/me", "/api/v1/me", "", 200)
	call(admin, "GET", "/api/v1/projects", "/api/v1/projects", "", 200)
	call(admin, "GET", "/api/v1/projects/{id}/members", "/api/v1/projects/grums/members", "", 200)
	call(admin, "GET", "/api/v1/campaigns", "/api/v1/campaigns", "", 200)
	call(admin, "GET", "/api/v1/campaigns/{code}", camp, "", 200)
	call(admin, "GET", "/api/v1/campaigns/{code}", "/api/v1/campaigns/KILKIL3", "", 404)
	call(admin, "PATCH", "/api/v1/campaigns/{code}", camp, `{"site":"Biblioteket","closes":"2099-12-31"}`, 200)
	call(admin, "POST", "/api/v1/campaigns", "/api/v1/campaigns", `{"survey":"unga-vuxna","project":"grums","name":"Ny","site":"Skolan"}`, 201)
	call("group@a.se", "POST", "/api/v1/campaigns/{code}/close", camp+"/close", "", 403)
	call(admin, "POST", "/api/v1/campaigns/{code}/close", camp+"/close", "", 200)
	call("", "GET", "/api/v1/campaigns/{code}/survey", "/api/v1/campaigns/GRUMS34/survey", "", 410)
	call(admin, "POST", "/api/v1/campaigns/{code}/open", camp+"/open", "", 200)
	call(admin, "GET", "/api/v1/campaigns/{code}/results", camp+"/results", "", 200)
	call(admin, "GET", "/api/v1/campaigns/{code}/results", camp+"/results?method=ahp", "", 200)
	call(admin, "GET", "/api/v1/campaigns/{code}/results", camp+"/results?method=nope", "", 400)
	call(admin, "GET", "/api/v1/surveys/{id}/results", "/api/v1/surveys/unga-vuxna/results?method=score", "", 200)
	call(admin, "GET", "/api/v1/campaigns/{code}/periods", camp+"/periods", "", 200)
	stories, _ := call(admin, "GET", "/api/v1/campaigns/{code}/stories", camp+"/stories", "", 200).([]any)
	if len(stories) != 6 {
		t.Errorf("stories = %v, want the 6 submitted", stories)
	}
	call(admin, "POST", "/api/v1/tokens", "/api/v1/tokens", `{"name":"ci"}`, 403) // tokens make no tokens
	call(admin, "GET", "/api/v1/tokens", "/api/v1/tokens", "", 200)
	call(admin, "GET", "/api/v1/audit", "/api/v1/audit?project=grums", "", 200)
	call("root@vfv.se", "GET", "/api/v1/audit", "/api/v1/audit", "", 200)
	job, _ := call(admin, "POST", "/api/v1/campaigns/{code}/jobs", camp+"/jobs", `{"kind":"bootstrap","resamples":10}`, 202).(map[string]any)
	if id, ok := job["id"].(string); ok {
		if j := f.pollJob(t, admin, id); j["state"] != "done" {
			t.Errorf("bootstrap job = %v, want done (to check the result's shape)", j)
		}
		call(admin, "GET", "/api/v1/jobs/{id}", "/api/v1/jobs/"+id, "", 200)
	}
	call(admin, "GET", "/api/v1/jobs/{id}", "/api/v1/jobs/nope", "", 404)
	if st, ok := first(stories); ok {
		call(admin, "POST", "/api/v1/stories/{id}/hide", fmt.Sprintf("/api/v1/stories/%s/hide", st["id"]), "", 204)
		call(admin, "POST", "/api/v1/stories/{id}/show", fmt.Sprintf("/api/v1/stories/%s/show", st["id"]), "", 204)
	}
	tokens, _ := call(admin, "GET", "/api/v1/tokens", "/api/v1/tokens", "", 200).([]any)
	if tok, ok := first(tokens); ok {
		call(admin, "DELETE", "/api/v1/tokens/{id}", fmt.Sprintf("/api/v1/tokens/%s", tok["id"]), "", 204)
	}

	// Files: served, with a media type documented for 200.
	for _, c := range []struct{ docPath, url string }{
		{"/api/v1/campaigns/{code}/qr.png", camp + "/qr.png"},
		{"/api/v1/campaigns/{code}/qr.svg", camp + "/qr.svg?size=300"},
		{"/api/v1/campaigns/{code}/chart.svg", camp + "/chart.svg?kind=timeline"},
		{"/api/v1/surveys/{id}/chart.png", "/api/v1/surveys/unga-vuxna/chart.png?kind=timeline"},
		{"/api/v1/campaigns/{code}/export", camp + "/export?format=xlsx&what=judgments"},
		{"/api/v1/surveys/{id}/export", "/api/v1/surveys/unga-vuxna/export?format=json&what=scores"},
		{"/api/v1/campaigns/{code}/export", camp + "/export?format=csv-excel&what=stories"},
	} {
		status, ctype, body := f.get(t, c.url, "Authorization", "Bearer "+f.tokens["root@vfv.se"])
		media, _, _ := strings.Cut(ctype, ";")
		if documented := doc.mediaTypes("GET", c.docPath, status); status != 200 || !slices.Contains(documented, media) {
			t.Errorf("GET %s = %d %s %.100q; want 200 with one of %v (docs/openapi.yaml)", c.url, status, ctype, body, documented)
		}
	}
}

// mediaTypes lists the media types documented for a status of an operation.
func (d *oaDoc) mediaTypes(method, path string, status int) []string {
	resp, _ := d.response(method, path, status)
	content, _ := resp["content"].(map[string]any)
	return sortedKeysOf(content)
}

// first is the first element of a JSON array, when it is an object.
func first(list []any) (map[string]any, bool) {
	if len(list) == 0 {
		return nil, false
	}
	m, ok := list[0].(map[string]any)
	return m, ok
}

// submissionFor answers every pair of a survey payload with 1, and the
// open question when there is one.
func submissionFor(t *testing.T, payload map[string]any, id string) string {
	t.Helper()
	pairs, _ := payload["pairs"].([]any)
	if len(pairs) == 0 {
		t.Fatalf("survey payload has no pairs: %v", payload)
	}
	sub := map[string]any{"id": id, "campaign": payload["campaign"], "lang": "sv"}
	var js []map[string]any
	for _, p := range pairs {
		ab, _ := p.([]any)
		js = append(js, map[string]any{"a": ab[0], "b": ab[1], "value": 1})
	}
	sub["judgments"] = js
	if payload["story"] != nil {
		sub["story"] = "Det var bra att få säga något."
	}
	b, err := json.Marshal(sub)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// response is the documented response for a status of an operation (the
// "default" response for an error status not listed).
func (d *oaDoc) response(method, path string, status int) (map[string]any, error) {
	op, _ := d.resolve("#/paths/" + strings.ReplaceAll(path, "/", "~1") + "/" + strings.ToLower(method))
	ops, _ := op.(map[string]any)
	responses, _ := ops["responses"].(map[string]any)
	r, ok := responses[strconv.Itoa(status)]
	if !ok {
		if r, ok = responses["default"]; !ok || status < 400 {
			return nil, fmt.Errorf("status %d is not documented for %s %s", status, method, path)
		}
	}
	resp, _ := r.(map[string]any)
	if ref, ok := resp["$ref"].(string); ok {
		x, _ := d.resolve(ref)
		resp, _ = x.(map[string]any)
	}
	return resp, nil
}

// responseSchema is the JSON schema documented for a status of an
// operation; nil when that response has no JSON body (204).
func (d *oaDoc) responseSchema(method, path string, status int) (map[string]any, error) {
	resp, err := d.response(method, path, status)
	content, _ := resp["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	schema, _ := media["schema"].(map[string]any)
	return schema, err
}

// schemaProblems lists how v (decoded with UseNumber) departs from the
// schema s: the subset of OpenAPI 3.0 schemas docs/openapi.yaml uses.
func (d *oaDoc) schemaProblems(s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		x, _ := d.resolve(ref)
		m, ok := x.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: $ref %s does not resolve", at, ref)}
		}
		return d.schemaProblems(m, v, at)
	}
	if v == nil {
		if s["nullable"] == true {
			return nil
		}
		return []string{at + " is null, but the schema is not nullable"}
	}
	var ps []string
	all, _ := s["allOf"].([]any)
	for _, sub := range all {
		m, _ := sub.(map[string]any)
		ps = append(ps, d.schemaProblems(m, v, at)...)
	}
	if one, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, sub := range one {
			if m, _ := sub.(map[string]any); len(d.schemaProblems(m, v, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			ps = append(ps, fmt.Sprintf("%s matches %d of the oneOf schemas, want exactly 1", at, n))
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		ps = append(ps, fmt.Sprintf("%s = %v, not one of %v", at, v, enum))
	}
	return append(ps, d.typeProblems(s, v, at)...)
}

// typeProblems checks v against the type of s, recursing into objects and arrays.
func (d *oaDoc) typeProblems(s map[string]any, v any, at string) []string {
	var ps []string
	wrong := func(want string) []string { return []string{fmt.Sprintf("%s = %.80v (%T), want %s", at, v, v, want)} }
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return wrong("an object")
		}
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := m[fmt.Sprint(r)]; !ok {
				ps = append(ps, fmt.Sprintf("%s lacks required field %q", at, r))
			}
		}
		for _, k := range sortedKeysOf(m) {
			sub, ok := props[k].(map[string]any)
			if !ok {
				sub, ok = s["additionalProperties"].(map[string]any)
			}
			switch {
			case ok:
				ps = append(ps, d.schemaProblems(sub, m[k], at+"."+k)...)
			case s["additionalProperties"] != true:
				ps = append(ps, fmt.Sprintf("%s has field %q, which the schema does not document", at, k))
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return wrong("an array")
		}
		items, _ := s["items"].(map[string]any)
		for i, x := range arr {
			ps = append(ps, d.schemaProblems(items, x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		if _, ok := v.(string); !ok {
			return wrong("a string")
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return wrong("true or false")
		}
	case "integer", "number":
		n, ok := v.(json.Number)
		if !ok {
			return wrong("a number")
		}
		if s["type"] == "integer" && strings.ContainsAny(n.String(), ".eE") {
			return wrong("an integer")
		}
	}
	return ps
}
