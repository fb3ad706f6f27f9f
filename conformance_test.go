package renewal_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// conformanceDirs are the folders of public conformance cases: the copies
// in testdata, and the shared ones beside the checkout when they are there.
func conformanceDirs(t *testing.T) []string {
	var dirs []string
	for _, root := range []string{"testdata/conformance", "../shared/conformance"} {
		for _, pattern := range []string{"case-*", "early-warning-3", "revisions-3", "circulars"} {
			found, _ := filepath.Glob(filepath.Join(root, pattern))
			dirs = append(dirs, found...)
		}
	}
	require.NotEmpty(t, dirs)
	return dirs
}

// TestConformance runs every public conformance case at each of its dates
// and compares every figure with a tolerance of 0.0001, and statuses,
// ranks and the order of districts exactly.
func TestConformance(t *testing.T) {
	for _, dir := range conformanceDirs(t) {
		expected, _ := filepath.Glob(filepath.Join(dir, "expected-*.json"))
		require.NotEmpty(t, expected, dir)
		plan, probs := renewal.LoadPlanFile(filepath.Join(dir, "plan.yaml"))
		require.NoError(t, probs.Err())
		ledger, probs := renewal.LoadProgressFiles(plan, filepath.Join(dir, "progress"))
		require.NoError(t, probs.Err())
		for _, file := range expected {
			// expected-DATE.json, or expected-DATE-since-D0.json for a
			// report compared with an earlier date.
			name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "expected-"), ".json")
			date, since, _ := strings.Cut(name, "-since-")
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				want := readJSON(t, file)
				r := renewal.Evaluate(ledger, renewal.MustParseDate(date))
				if since != "" {
					r.Previous = renewal.Evaluate(ledger, renewal.MustParseDate(since))
				}
				var buf bytes.Buffer
				require.NoError(t, r.WriteJSON(&buf))
				var got map[string]any
				require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
				compareJSON(t, "", want, got)
			})
		}
	}
}

func readJSON(t *testing.T, file string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

// compareJSON checks that every field of want is in got: decimal strings
// within 0.0001, everything else equal. Lists must have the same length
// and order.
func compareJSON(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !assert.Truef(t, ok, "%s: got %v, want an object", path, got) {
			return
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !assert.Truef(t, ok, "%s.%s is missing", path, k) {
				continue
			}
			compareJSON(t, path+"."+k, wv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !assert.Truef(t, ok, "%s: got %v, want a list", path, got) || !assert.Lenf(t, g, len(w), "%s", path) {
			return
		}
		for i := range w {
			compareJSON(t, path+"["+itoa(i)+"]", w[i], g[i])
		}
	case string:
		wd, err := decimal.NewFromString(w)
		gs, _ := got.(string)
		if err != nil { // not a figure: ids, statuses, dates
			assert.Equalf(t, w, got, "%s", path)
			return
		}
		gd, err := decimal.NewFromString(gs)
		if assert.NoErrorf(t, err, "%s: got %v, want a decimal string", path, got) {
			assert.Truef(t, wd.Sub(gd).Abs().LessThanOrEqual(decimal.New(1, -4)), "%s: got %s, want %s", path, gs, w)
		}
	default:
		assert.Equalf(t, want, got, "%s", path)
	}
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }
