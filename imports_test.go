package renewal_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nounFiles are the root files of the nouns and the computation: they
// hold the rules and the arithmetic, whatever the source of the input, so
// none of them may import a YAML package, directly or through a package
// of this module.
var nounFiles = []string{"plan", "target", "revision", "progress", "ledger", "district", "department",
	"schedule", "status", "date", "problem", "evaluate", "completion", "warning", "rollup", "series", "report"}

const modulePath = "github.com/citybureau/renewal/"

// TestNounsImportNoYAML parses the imports of each noun file, and of the
// module's packages they import, and fails on any YAML package.
func TestNounsImportNoYAML(t *testing.T) {
	for _, name := range nounFiles {
		file := name + ".go"
		for _, imp := range fileImports(t, file) {
			assert.NotContains(t, imp, "yaml", "%s imports %s", file, imp)
			if pkg, ok := strings.CutPrefix(imp, modulePath); ok {
				if yaml := yamlIn(t, pkg, map[string]bool{}); yaml != "" {
					t.Errorf("%s imports %s, which imports %s", file, imp, yaml)
				}
			}
		}
	}
}

// fileImports returns the import paths of one Go file.
func fileImports(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
	require.NoError(t, err)
	var out []string
	for _, s := range f.Imports {
		p, err := strconv.Unquote(s.Path.Value)
		require.NoError(t, err)
		out = append(out, p)
	}
	return out
}

// yamlIn returns a YAML package that the module's package dir (relative
// to the module root) imports, directly or through others of the module,
// or "".
func yamlIn(t *testing.T, dir string, seen map[string]bool) string {
	if seen[dir] {
		return ""
	}
	seen[dir] = true
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		for _, imp := range fileImports(t, filepath.Join(dir, e.Name())) {
			if strings.Contains(imp, "yaml") {
				return imp
			}
			if pkg, ok := strings.CutPrefix(imp, modulePath); ok {
				if y := yamlIn(t, pkg, seen); y != "" {
					return y
				}
			}
		}
	}
	return ""
}

// The test catches what it should: decode.go reads YAML.
func TestNounsImportNoYAMLCatches(t *testing.T) {
	assert.Contains(t, fileImports(t, "decode.go"), "gopkg.in/yaml.v3")
	assert.Equal(t, "", yamlIn(t, "internal/source", map[string]bool{}))
	assert.NotEqual(t, "", yamlIn(t, "internal/yamlx", map[string]bool{}))
}
