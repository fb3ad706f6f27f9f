package renewal_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// A validator for the part of JSON Schema (2020-12) that
// report.schema.json uses: $ref to "#/$defs/…", type (one or a list),
// properties, required, additionalProperties and unevaluatedProperties
// (false only), items, allOf, enum, pattern and minimum. A schema keyword
// outside that part is an error, so the schema cannot use one this
// validator would ignore. A small validator, not a module: the subset is
// some 100 lines, and the root module's tests then need no dependency.

var schemaKeywords = []string{"$schema", "$id", "$comment", "$defs", "$ref", "title", "description",
	"type", "properties", "required", "additionalProperties", "unevaluatedProperties",
	"items", "allOf", "enum", "pattern", "minimum"}

type schemaValidator struct {
	root map[string]any
	errs []string
}

func (v *schemaValidator) fail(path, format string, a ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, a...))
}

func (v *schemaValidator) resolve(ref string) map[string]any {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		v.fail(ref, "only #/$defs/ references are supported")
		return nil
	}
	s, _ := v.root["$defs"].(map[string]any)[name].(map[string]any)
	if s == nil {
		v.fail(ref, "no such definition")
	}
	return s
}

// properties returns the property names that schema s declares, itself
// or through $ref and allOf: those unevaluatedProperties lets through.
func (v *schemaValidator) properties(s map[string]any) []string {
	var names []string
	for k := range mapOf(s["properties"]) {
		names = append(names, k)
	}
	if ref, ok := s["$ref"].(string); ok {
		if r := v.resolve(ref); r != nil {
			names = append(names, v.properties(r)...)
		}
	}
	for _, sub := range listOf(s["allOf"]) {
		names = append(names, v.properties(sub.(map[string]any))...)
	}
	return names
}

func mapOf(x any) map[string]any { m, _ := x.(map[string]any); return m }
func listOf(x any) []any         { l, _ := x.([]any); return l }

func jsonType(x any) string {
	switch x := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

func (v *schemaValidator) validate(s map[string]any, x any, path string) {
	for k := range s {
		if !slices.Contains(schemaKeywords, k) {
			v.fail(path, "schema keyword %q is outside the validator's subset", k)
		}
	}
	if ref, ok := s["$ref"].(string); ok {
		if r := v.resolve(ref); r != nil {
			v.validate(r, x, path)
		}
	}
	for _, sub := range listOf(s["allOf"]) {
		v.validate(sub.(map[string]any), x, path)
	}
	if t, ok := s["type"]; ok {
		types := []any{t}
		if l, ok := t.([]any); ok {
			types = l
		}
		got := jsonType(x)
		if !slices.ContainsFunc(types, func(t any) bool { return t == got || (t == "number" && got == "integer") }) {
			v.fail(path, "is %s, want %v", got, t)
			return
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, x) {
		v.fail(path, "%v is not one of %v", x, enum)
	}
	if str, ok := x.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			v.fail(path, "%q does not match %s", str, p)
		}
	}
	if n, ok := x.(float64); ok {
		if m, ok := s["minimum"].(float64); ok && n < m {
			v.fail(path, "%v is below the minimum %v", n, m)
		}
	}
	if l, ok := x.([]any); ok {
		if items := mapOf(s["items"]); items != nil {
			for i, it := range l {
				v.validate(items, it, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	obj, ok := x.(map[string]any)
	if !ok {
		return
	}
	for _, r := range listOf(s["required"]) {
		if _, ok := obj[r.(string)]; !ok {
			v.fail(path, "lacks the required %q", r)
		}
	}
	props := mapOf(s["properties"])
	for k, val := range obj {
		if ps := mapOf(props[k]); ps != nil {
			v.validate(ps, val, path+"."+k)
		}
	}
	allowed := slices.Collect(func(yield func(string) bool) {
		for k := range props {
			if !yield(k) {
				return
			}
		}
	})
	if s["unevaluatedProperties"] == false {
		allowed = v.properties(s)
	} else if s["additionalProperties"] != false {
		return
	}
	var extra []string
	for k := range obj {
		if !slices.Contains(allowed, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		v.fail(path, "has properties the schema does not describe: %v", extra)
	}
}

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("report.schema.json")
	require.NoError(t, err)
	var s map[string]any
	require.NoError(t, json.Unmarshal(b, &s))
	return s
}

// validateJSON checks a JSON text against the schema's root, or one of
// its $defs.
func validateJSON(t *testing.T, schema map[string]any, def string, text []byte) []string {
	t.Helper()
	var x any
	require.NoError(t, json.Unmarshal(text, &x))
	v := &schemaValidator{root: schema}
	s := schema
	if def != "" {
		s = v.resolve("#/$defs/" + def)
	}
	v.validate(s, x, "$")
	return v.errs
}

func TestSchemaValidatesReports(t *testing.T) {
	schema := loadSchema(t)
	embedded := mustEmbeddedReport(t)
	plan := examplePlanT(t)
	withErrors, _ := renewal.ReadProgress(plan, "june.yaml", strings.NewReader(badProgress))
	reports := map[string]*renewal.Report{
		"embedded":    embedded,
		"with errors": renewal.Evaluate(withErrors, renewal.MustParseDate("2025-06-30")),
		"nil ledger":  renewal.Evaluate(nil, renewal.Date{}),
		"early":       renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-01-01")),
		// Ceilings (null baselines and actuals), gaps, ranks with ties, exempt goals.
		"circulars": renewal.Evaluate(conformanceLedger(t, "testdata/conformance/circulars"), renewal.MustParseDate("2025-10-31")),
		"revisions": renewal.Evaluate(conformanceLedger(t, "testdata/conformance/revisions-3"), renewal.MustParseDate("2025-10-01")),
	}
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, r.WriteJSON(&buf))
			assert.Empty(t, validateJSON(t, schema, "", buf.Bytes()))
			if len(r.Districts) == 0 {
				return
			}
			buf.Reset()
			require.NoError(t, r.WriteLagging(&buf, renewal.JSON, renewal.Chinese))
			assert.Empty(t, validateJSON(t, schema, "warningList", buf.Bytes()))
			buf.Reset()
			require.NoError(t, r.WriteScorecard(&buf, r.Districts[0].District.ID, renewal.JSON, renewal.Chinese))
			assert.Empty(t, validateJSON(t, schema, "scorecard", buf.Bytes()))
			b, err := json.Marshal(r.Targets[0].Districts[0])
			require.NoError(t, err)
			assert.Empty(t, validateJSON(t, schema, "goalEntry", b))
			b, err = json.Marshal(r.Districts[0])
			require.NoError(t, err)
			assert.Empty(t, validateJSON(t, schema, "district", b))
		})
	}
}

// The validator catches what it should: an undescribed field, a missing
// one, a figure of the wrong form, a status outside the enumeration, and
// a keyword outside its subset.
func TestSchemaValidatorCatches(t *testing.T) {
	schema := loadSchema(t)
	var buf bytes.Buffer
	require.NoError(t, renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-06-30")).WriteJSON(&buf))
	good := buf.String()
	require.Empty(t, validateJSON(t, schema, "", []byte(good)))
	tests := []struct{ name, old, new, want string }{
		{"extra top field", `"as_of":`, `"asof": 1, "as_of":`, `undescribed: [asof]`},
		{"extra goal field", `"status": "lagging"`, `"status": "lagging", "colour": "red"`, `$.targets[0]: has properties the schema does not describe: [colour]`},
		{"extra district field", `"district": "east"`, `"district": "east", "x": 1`, `$.targets[0].districts[0]: has properties`},
		{"missing field", `"overall": {`, `"overall_": {`, `lacks the required "overall"`},
		{"figure as number", `"expected": "0.4959"`, `"expected": 0.4959`, `is number, want`},
		{"figure with 5 places", `"expected": "0.4959"`, `"expected": "0.49589"`, `does not match`},
		{"unknown status", `"status": "lagging"`, `"status": "late"`, `is not one of`},
		{"negative count", `"targets": 1,`, `"targets": -1,`, `below the minimum`},
		{"rank on a city-wide goal", `"exceeded": false,`, `"exceeded": false, "rank": 1,`, `$.targets[0]: has properties the schema does not describe: [rank]`},
		{"district goal without rank", `"rank": 1,
          "record"`, `"rank_": 1,
          "record"`, `lacks the required "rank"`},
		{"gap as number", `"gap": "-0.0959"`, `"gap": -0.0959`, `is number, want`},
		{"rank 0", `"rank": 2,
          "record"`, `"rank": 0,
          "record"`, `below the minimum`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, good, tc.old)
			errs := validateJSON(t, schema, "", []byte(strings.Replace(good, tc.old, tc.new, 1)))
			want := strings.TrimPrefix(tc.want, "undescribed: ")
			require.NotEmpty(t, errs)
			assert.True(t, slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, want) }), "%v", errs)
		})
	}
	bad := map[string]any{"$defs": map[string]any{}, "type": "object", "oneOf": []any{}}
	v := &schemaValidator{root: bad}
	v.validate(bad, map[string]any{}, "$")
	assert.Len(t, v.errs, 1)
	assert.Contains(t, v.errs[0], `"oneOf" is outside`)
}

// conformanceLedger loads a conformance case's plan and progress.
func conformanceLedger(t *testing.T, dir string) *renewal.Ledger {
	t.Helper()
	plan, probs := renewal.LoadPlanFile(dir + "/plan.yaml")
	require.NoError(t, probs.Err())
	led, probs := renewal.LoadProgressFiles(plan, dir+"/progress")
	require.NoError(t, probs.Err())
	return led
}
