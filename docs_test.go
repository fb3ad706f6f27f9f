package renewal_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// docBlock returns the first indented block of the package doc after the
// heading, unindented: a snippet as go doc prints it.
func docBlock(t *testing.T, heading string) string {
	t.Helper()
	pkg, _ := packageDoc(t)
	text := pkg.Doc
	i := strings.Index(text, "# "+heading+"\n")
	require.GreaterOrEqual(t, i, 0, "the package doc has no heading %q", heading)
	var block []string
	for _, line := range strings.Split(text[i:], "\n")[1:] {
		switch {
		case strings.HasPrefix(line, "\t"):
			block = append(block, strings.TrimPrefix(line, "\t"))
		case len(block) > 0 && line == "":
			block = append(block, "")
		case len(block) > 0:
			return strings.TrimSpace(strings.Join(block, "\n")) + "\n"
		}
	}
	require.NotEmpty(t, block)
	return strings.Join(block, "\n")
}

// The package doc's plan snippet loads with no problem at all, and
// testdata/doc/plan.yaml, which Example_files loads, is that snippet.
func TestDocPlanSnippet(t *testing.T) {
	snippet := docBlock(t, "The plan file")
	plan, probs := renewal.ReadPlan("doc.yaml", strings.NewReader(snippet))
	require.Empty(t, probs, "%s", probs)
	g := plan.Target("neighbourhoods-renovated")
	require.NotNil(t, g)
	assert.Equal(t, "26", g.Figure.String(), "14 + 12, the allocations' sum")
	file, err := os.ReadFile("testdata/doc/plan.yaml")
	require.NoError(t, err)
	assert.Equal(t, snippet, string(file))
}

// The package doc's progress snippet loads against the embedded plan
// with no problem.
func TestDocProgressSnippet(t *testing.T) {
	snippet := docBlock(t, "The progress file")
	plan, probs := data.Plan()
	require.NoError(t, probs.Err())
	ledger, probs := renewal.ReadProgress(plan, "tinghu.yaml", strings.NewReader(snippet))
	require.Empty(t, probs, "%s", probs)
	assert.Equal(t, 4, ledger.Len())
}

// The package doc stands alone: go doc shows no reference to SPEC, which
// is not in the repository, and no stale name of the target figure.
func TestDocStandsAlone(t *testing.T) {
	pkg, fset := packageDoc(t)
	texts := map[string]string{"package": pkg.Doc}
	for _, c := range pkg.Consts {
		texts["const "+strings.Join(c.Names, ",")] = c.Doc
	}
	for _, v := range pkg.Vars {
		texts["var "+strings.Join(v.Names, ",")] = v.Doc + declText(t, fset, v.Decl)
	}
	for _, f := range pkg.Funcs {
		texts["func "+f.Name] = f.Doc
	}
	for _, ty := range pkg.Types {
		texts["type "+ty.Name] = ty.Doc + declText(t, fset, ty.Decl)
		for _, f := range append(ty.Funcs, ty.Methods...) {
			texts[ty.Name+"."+f.Name] = f.Doc
		}
		for _, c := range ty.Consts {
			texts["const of "+ty.Name] = c.Doc + declText(t, fset, c.Decl)
		}
	}
	stale := regexp.MustCompile(`SPEC|has Goal \d|Target\.Goal|Allocation\.Goal`)
	for name, text := range texts {
		assert.False(t, stale.MatchString(text), "%s: %q", name, stale.FindString(text))
	}
	assert.Contains(t, pkg.Doc, "report.schema.json")
	_, err := os.Stat("report.schema.json")
	assert.NoError(t, err, "the package doc names report.schema.json")
}

// Every line of the README's Go snippet is a line of Example_readme, which
// checks its output.
func TestReadmeSnippet(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)```go\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, m, "the README has a Go snippet")
	src, err := os.ReadFile("example_test.go")
	require.NoError(t, err)
	body := string(src)
	i := strings.Index(body, "func Example_readme()")
	require.GreaterOrEqual(t, i, 0)
	body = body[i:]
	body = body[:strings.Index(body, "\n}\n")]
	lines := map[string]bool{}
	for _, l := range strings.Split(body, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, l := range strings.Split(string(m[1]), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			assert.True(t, lines[l], "README line not in Example_readme: %s", l)
		}
	}
}

// The layout section of the package doc names every file of the package.
func TestDocLayoutListsEveryFile(t *testing.T) {
	pkg, _ := packageDoc(t)
	_, layout, ok := strings.Cut(pkg.Doc, "How the code is laid out")
	require.True(t, ok)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "renewal.go" {
			continue
		}
		assert.Contains(t, layout, f, "the layout section does not name %s", f)
	}
}
