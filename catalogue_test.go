package renewal_test

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// figureOrDate matches an argument that is a figure or a date, which a
// message in any language keeps as written.
var figureOrDate = regexp.MustCompile(`^-?[0-9][0-9.,]*%?$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// verb matches a format's verbs; %% is not one.
var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestCatalogueRendersEveryProblem loads every invalid plan and progress
// file of the corpus and checks each problem against the catalogue: it
// has a code the catalogue holds, and its message is that code's English
// format filled in with its arguments, so that a platform can render the
// problem in its own words from the code and the arguments alone.
func TestCatalogueRendersEveryProblem(t *testing.T) {
	plan := MustLoadCorpusPlan(t, path.Join(invalidDir, "plan.yaml"))
	var all renewal.Problems
	for _, kind := range []string{"plan", "progress"} {
		dir := path.Join(invalidDir, kind)
		files, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, f := range files {
			if !strings.HasSuffix(f.Name(), ".yaml") {
				continue
			}
			file := path.Join(dir, f.Name())
			if kind == "plan" {
				_, probs := renewal.LoadPlanFile(file)
				all = append(all, probs...)
			} else {
				_, probs := renewal.LoadProgressFiles(plan, file)
				all = append(all, probs...)
			}
		}
	}
	require.Greater(t, len(all), 150)
	codes := map[renewal.Code]bool{}
	for _, p := range all {
		format, ok := renewal.EnglishFormat(p.Code)
		if !assert.True(t, ok, "%s: no code in the catalogue", p) {
			continue
		}
		codes[p.Code] = true
		// Every argument as text: %d and %v take a string as %s does.
		text := verb.ReplaceAllStringFunc(format, func(v string) string {
			if v == "%%" || strings.HasSuffix(v, "q") {
				return v
			}
			return "%s"
		})
		args := make([]any, 0, 4)
		for _, a := range p.Args() {
			args = append(args, a)
		}
		want := fmt.Sprintf(text, args...)
		// A default that records took says how many (see takers).
		assert.True(t, p.Message == want || strings.HasPrefix(p.Message, want+"; "), "%s\n  from the catalogue: %s", p.Message, want)
		// English is the message; Chinese is the code's own wording,
		// every verb filled, except for the codes whose whole message
		// is another reader's text.
		assert.Equal(t, p.Message, p.Text(renewal.English))
		zh := p.Text(renewal.Chinese)
		assert.NotContains(t, zh, "%!", "%s: a verb left unfilled", p.Code)
		switch p.Code {
		case renewal.CodeYamlFeature, renewal.CodeYamlSyntax:
		default:
			assert.NotEqual(t, p.Message, zh, "%s: no Chinese", p.Code)
			assert.Regexp(t, `\p{Han}`, zh, "%s: no Chinese", p.Code)
			for _, a := range p.Args() {
				// Ids, figures and dates are kept as written.
				if figureOrDate.MatchString(a) {
					assert.Contains(t, zh, a, "%s: argument %q lost", p.Code, a)
				}
			}
		}
	}
	assert.Greater(t, len(codes), 60, "the corpus meets most codes")
}
