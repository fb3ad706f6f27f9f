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
	assert.Contains(t, errb.String(), "templates: 请用 -out 写明模板存放的目录\n")
	errb.Reset()
	assert.Equal(t, 2, run([]string{"-lang", "en"}, &out, &errb))
	assert.Contains(t, errb.String(), "templates: -out is required\n")
	errb.Reset()
	assert.Equal(t, 2, run([]string{"-out", t.TempDir(), "-format", "json"}, &out, &errb))
	assert.Contains(t, errb.String(), "flag provided but not defined: -format")
}

// TestTemplatesKeepFiles: a workbook already in the directory (a month's
// returns, perhaps) is named and kept, and none is written, unless
// -force, which replaces them all.
func TestTemplatesKeepFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sheets")
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"-out", dir, "-as-of", "2025-06-30"}, &out, &errb), errb.String())
	paths := strings.Fields(out.String())
	require.Len(t, paths, 12)
	tinghu := filepath.Join(dir, "district-tinghu.xlsx")
	const returns = "亭湖区 6月 filled in"
	require.NoError(t, os.WriteFile(tinghu, []byte(returns), 0o600))

	// Every workbook there: each named, one summary, nothing written.
	out.Reset()
	errb.Reset()
	assert.Equal(t, 1, run([]string{"-out", dir, "-as-of", "2025-07-31"}, &out, &errb))
	assert.Empty(t, out.String())
	var want strings.Builder
	for _, p := range paths {
		want.WriteString("templates: " + p + " already exists; it was not replaced\n")
	}
	want.WriteString("templates: 12 个工作簿已经在 " + dir + " 里了；什么也没有写入（加上 -force 可以替换）\n")
	assert.Equal(t, want.String(), own(errb.String()))
	errb.Reset()
	assert.Equal(t, 1, run([]string{"-out", dir, "-as-of", "2025-07-31", "-lang", "en"}, &out, &errb))
	assert.True(t, strings.HasSuffix(own(errb.String()), "\ntemplates: 12 workbooks are already in "+dir+"; nothing was written (-force replaces them)\n"), own(errb.String()))
	got, err := os.ReadFile(tinghu)
	require.NoError(t, err)
	assert.Equal(t, returns, string(got))

	// One workbook there: it is named, and no other is written.
	for _, p := range paths {
		if p != tinghu {
			require.NoError(t, os.Remove(p))
		}
	}
	out.Reset()
	errb.Reset()
	assert.Equal(t, 1, run([]string{"-out", dir}, &out, &errb))
	assert.Equal(t, "templates: "+tinghu+" already exists; it was not replaced\n"+
		"templates: 1 个工作簿已经在 "+dir+" 里了；什么也没有写入（加上 -force 可以替换）\n", own(errb.String()))
	errb.Reset()
	assert.Equal(t, 1, run([]string{"-out", dir, "-lang", "en"}, &out, &errb))
	assert.Equal(t, "templates: "+tinghu+" already exists; it was not replaced\n"+
		"templates: 1 workbook is already in "+dir+"; nothing was written (-force replaces them)\n", own(errb.String()))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "district-tinghu.xlsx", entries[0].Name())

	// -force replaces it and writes the others, readable by all (0644).
	out.Reset()
	errb.Reset()
	require.Equal(t, 0, run([]string{"-out", dir, "-force"}, &out, &errb), errb.String())
	assert.Equal(t, paths, strings.Fields(out.String()))
	got, err = os.ReadFile(tinghu)
	require.NoError(t, err)
	assert.NotEqual(t, returns, string(got))
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 12, "no temporary file left")
	for _, p := range paths {
		info, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), p)
	}
}

// own returns the lines of stderr that the program writes itself, not the
// sample's warnings.
func own(stderr string) string {
	var b strings.Builder
	for line := range strings.Lines(stderr) {
		if strings.HasPrefix(line, "templates: ") {
			b.WriteString(line)
		}
	}
	return b.String()
}
