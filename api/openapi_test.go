package api

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIDocument checks the document itself: JSON of OpenAPI 3.1,
// unique operationIds, every path parameter declared and every declared one
// in the path, every $ref resolved, and every operation with a summary, a
// tag of the tag list and a success answer.
func TestOpenAPIDocument(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi %q, want 3.1.x", v)
	}
	d := buildDocument()
	ids := map[string]string{}
	var tagNames []string
	for _, tag := range d.Tags {
		tagNames = append(tagNames, tag.Name)
	}
	for _, op := range d.ops {
		where := op.Method + " " + op.Path
		if other, ok := ids[op.ID]; ok || !regexp.MustCompile(`^[a-z][A-Za-z0-9]+$`).MatchString(op.ID) {
			t.Errorf("%s: operationId %q is not unique (%s) or not lowerCamelCase", where, op.ID, other)
		}
		ids[op.ID] = where
		if op.Summary == "" || op.Description == "" || !slices.Contains(tagNames, op.Tag) || len(op.Responses) == 0 {
			t.Errorf("%s: needs a summary, a description, a tag of the list and a success answer", where)
		}
		inPath := map[string]bool{}
		for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
			inPath[m[1]] = true
		}
		declared := map[string]bool{}
		for _, p := range d.Paths[op.Path][strings.ToLower(op.Method)].Parameters {
			if p.In == "path" {
				declared[p.Name] = true
			}
		}
		for name := range op.PathParams {
			if !inPath[name] {
				t.Errorf("%s: path parameter %s is not in the path", where, name)
			}
		}
		if len(declared) != len(inPath) {
			t.Errorf("%s: path parameters %v, declared %v", where, inPath, declared)
		}
	}
	for _, ref := range regexp.MustCompile(`"\$ref": "#/components/(schemas|responses)/([^"]+)"`).FindAllStringSubmatch(string(OpenAPI()), -1) {
		comps := doc["components"].(map[string]any)[ref[1]].(map[string]any)
		if _, ok := comps[ref[2]]; !ok {
			t.Errorf("unresolved $ref %s/%s", ref[1], ref[2])
		}
	}
}

// TestOpenAPIQueryParameters holds the documented query parameters to the
// lists the handlers check them against.
func TestOpenAPIQueryParameters(t *testing.T) {
	handlers := map[string][]string{
		"listAccounts":        accountListParams,
		"listActivities":      activityListParams,
		"listTasks":           taskListParams,
		"listOpportunities":   opportunityParams,
		"listFlags":           flagParams,
		"getQueue":            queueParams,
		"getForecasts":        forecastParams,
		"listRecommendations": recommendParams,
		"listSegments":        segmentParams,
		"importFiles":         importParams,
		"listImports":         importRunsParams,
		"listDuplicates":      duplicateParams,
		"listMerges":          mergeParams,
	}
	for _, op := range operations() {
		want, ok := handlers[op.ID]
		if !ok {
			continue
		}
		var got []string
		for _, p := range op.Params {
			if p.In == "query" {
				got = append(got, p.Name)
			}
		}
		slices.Sort(got)
		want = slices.Sorted(slices.Values(want))
		if !slices.Equal(got, want) {
			t.Errorf("%s: documented query parameters %v, the handler's %v", op.ID, got, want)
		}
	}
}

// TestOpenAPIReference checks that the readable reference has every
// operation, each with an example call.
func TestOpenAPIReference(t *testing.T) {
	ref := APIReference()
	n := 0
	for _, tag := range ref.Tags {
		for _, op := range tag.Ops {
			n++
			if !strings.HasPrefix(op.Curl, "curl") || !strings.Contains(op.Curl, "$KAM_URL/api/") {
				t.Errorf("%s: example %q", op.ID, op.Curl)
			}
		}
	}
	if n != len(operations()) || len(ref.Schemas) == 0 {
		t.Errorf("%d operations and %d schemas in the reference, want %d operations", n, len(ref.Schemas), len(operations()))
	}
}
