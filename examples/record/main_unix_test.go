//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordEscapesPaths: a line break or a control character in -file or
// -progress is escaped in every message, as in a problem, so that no
// message forges another line of standard error.
func TestRecordEscapesPaths(t *testing.T) {
	root := t.TempDir()
	forged := "x\nrecord: wrote everything\x1b[2K"
	escaped := `x\nrecord: wrote everything\x1b[2K`
	args := []string{"-lang", "en", "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "5"}

	// A directory that does not exist.
	code, _, errs := record(t, append([]string{"-progress", filepath.Join(root, forged)}, args...)...)
	assert.Equal(t, 1, code)
	assert.Equal(t, "record: the progress directory "+filepath.Join(root, escaped)+" does not exist; nothing was written (-create makes it)\n", errs)

	// A file a load does not read.
	code, _, errs = record(t, append([]string{"-progress", root, "-file", forged + ".txt"}, args...)...)
	assert.Equal(t, 1, code)
	assert.Equal(t, "record: "+filepath.Join(root, escaped)+".txt: a progress file's name ends in .yaml or .yml (in lower case), or a load does not read it\n", errs)

	// A directory whose name holds a line break: the position printed is
	// one line.
	dir := filepath.Join(root, forged)
	require.NoError(t, os.Mkdir(dir, 0o755))
	code, out, errs := record(t, append([]string{"-progress", dir}, args...)...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, filepath.Join(root, escaped)+"/tinghu.yaml:3:5\n", out)

	// A record that conflicts with it: the problem, which names that
	// record's place, and the line after it, are one line each.
	code, _, errs = record(t, "-progress", dir, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "6")
	assert.Equal(t, 1, code)
	lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	require.Len(t, lines, 2, "%s", errs)
	assert.True(t, strings.HasPrefix(lines[0], "新记录与 "+filepath.Join(root, escaped)+"/tinghu.yaml:3:5 "), lines[0])
}
