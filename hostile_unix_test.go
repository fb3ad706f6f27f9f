//go:build unix

package renewal_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// TestHostileNotRegularFiles: a FIFO (whose open or read waits for a
// writer that never comes), a device or a socket is never read. In a
// directory it is a problem naming it, beside the files that are read;
// named as a path it is a problem too. Each load must finish.
func TestHostileNotRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	writeFile(t, filepath.Join(dir, "a.yaml"), hostileRecords+"  - {target: pilot-projects, value: 1}\n")
	require.NoError(t, os.Symlink(fifo, filepath.Join(dir, "y.yaml")))
	plan := mustFuzzPlan(t)

	assertNamed := func(t *testing.T, p renewal.Problem, file, what string) {
		t.Helper()
		assert.Equal(t, renewal.Position{File: file, Line: 1, Column: 1}, p.Position)
		assert.Contains(t, p.Message, what)
		assert.True(t, errors.Is(p, renewal.ErrSyntax))
	}
	t.Run("ErrInDirectory", func(t *testing.T) {
		var led *renewal.Ledger
		var probs renewal.Problems
		finishes(t, hangLimit, func() { led, probs = renewal.LoadProgressFiles(plan, dir) })
		require.Len(t, probs, 2, "%s", probs)
		assertNamed(t, probs[0], fifo, "a named pipe (FIFO), not a regular file")
		assertNamed(t, probs[1], filepath.Join(dir, "y.yaml"), "a named pipe (FIFO)")
		assert.Equal(t, 1, led.Len(), "a.yaml is read")
	})
	t.Run("ErrInDirFS", func(t *testing.T) {
		var probs renewal.Problems
		finishes(t, hangLimit, func() { _, probs = renewal.LoadProgress(plan, os.DirFS(dir), ".") })
		require.Len(t, probs, 2, "%s", probs)
		assertNamed(t, probs[0], "x.yaml", "a named pipe")
	})
	t.Run("ErrExplicitProgress", func(t *testing.T) {
		var probs renewal.Problems
		finishes(t, hangLimit, func() { _, probs = renewal.LoadProgressFiles(plan, fifo) })
		require.Len(t, probs, 1, "%s", probs)
		assertNamed(t, probs[0], fifo, "a named pipe")
	})
	t.Run("ErrExplicitPlan", func(t *testing.T) {
		var probs renewal.Problems
		finishes(t, hangLimit, func() { _, probs = renewal.LoadPlanFile(fifo) })
		require.Len(t, probs, 1, "%s", probs)
		assertNamed(t, probs[0], fifo, "a named pipe")
	})
	t.Run("ErrLoadFiles", func(t *testing.T) {
		var probs renewal.Problems
		finishes(t, hangLimit, func() { _, _, probs = renewal.LoadFiles(fifo, fifo) })
		require.Len(t, probs, 1, "the plan failed, so progress is not checked: %s", probs)
	})
	t.Run("ErrDevice", func(t *testing.T) {
		if _, err := os.Stat("/dev/urandom"); err != nil {
			t.Skip("no /dev/urandom")
		}
		var probs renewal.Problems
		finishes(t, hangLimit, func() { _, probs = renewal.LoadProgressFiles(plan, "/dev/urandom") })
		require.Len(t, probs, 1, "%s", probs)
		assertNamed(t, probs[0], "/dev/urandom", "a device, not a regular file")
	})
}
