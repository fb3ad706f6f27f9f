package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal/internal/source"
	"github.com/citybureau/renewal/xlsx"
)

func TestTemplates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sheets")
	var out, errb bytes.Buffer
	code := run([]string{"-out", dir, "-as-of", "2025-06-30"}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	paths := strings.Fields(out.String())
	// The embedded plan has 11 districts, each with goals, and city-level
	// targets: 11 + 1 workbooks.
	assert.Len(t, paths, 12)
	assert.Equal(t, filepath.Join(dir, xlsx.CityTemplate), paths[len(paths)-1])
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		_, docs, probs := xlsx.Read(filepath.Base(p), data, source.Limits{})
		assert.Empty(t, probs, p)
		require.Len(t, docs, 1)
	}
}

func TestTemplatesUsage(t *testing.T) {
	var out, errb bytes.Buffer
	assert.Equal(t, 2, run(nil, &out, &errb))
	assert.Contains(t, errb.String(), "-out is required")
	errb.Reset()
	assert.Equal(t, 2, run([]string{"-out", t.TempDir(), "-format", "json"}, &out, &errb))
	assert.Contains(t, errb.String(), "flag provided but not defined: -format")
}
