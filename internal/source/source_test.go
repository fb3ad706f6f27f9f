package source_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/citybureau/renewal/internal/source"
)

func TestRegister(t *testing.T) {
	r := func(string, []byte, source.Limits) (string, []source.Document, []source.Problem) {
		return "S", nil, nil
	}
	_, ok := source.Lookup(".test")
	assert.False(t, ok)
	source.Register(".test", r)
	got, ok := source.Lookup(".test")
	if assert.True(t, ok) {
		sheet, _, _ := got("x", nil, source.Limits{})
		assert.Equal(t, "S", sheet)
	}
	assert.Panics(t, func() { source.Register(".test", r) }, "a second reader for one extension")
	assert.Panics(t, func() { source.Register(".nil", nil) })
}

// TestNames: the names a directory's load reads as YAML, and the
// leftovers it skips, which writers refuse by the same rule.
func TestNames(t *testing.T) {
	for name, want := range map[string]bool{
		"d1.yaml": true, "p/2025/d1.yml": true, "._d1.yaml": true,
		"d1.YAML": false, "d1.Yml": false, "d1.yaml.bak": false, "d1.xlsx": false, "yaml": false,
	} {
		assert.Equal(t, want, source.IsYAML(name), name)
	}
	for base, want := range map[string]source.Leftover{
		"~$district-tinghu.xlsx": source.ExcelLock, "~$x.yaml": source.ExcelLock,
		"._tinghu.yaml": source.MacResource, "._": source.NotLeftover, "~$": source.NotLeftover,
		"tinghu.yaml": source.NotLeftover, "a._b.yaml": source.NotLeftover,
	} {
		assert.Equal(t, want, source.Left(base), base)
	}
}
