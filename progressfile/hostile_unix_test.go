//go:build unix

package progressfile_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/progressfile"
)

// appendWithin runs w.Append with a context of wait and fails the test if
// it has not returned within limit (a FIFO's open blocks forever); it
// then opens fifo for writing, if given, to let the open go.
func appendWithin(t *testing.T, w *progressfile.Writer, file string, wait, limit time.Duration, fifo string) error {
	t.Helper()
	e := renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 7, 31), Value: "5"}
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		_, err := w.Append(ctx, file, "", e)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		if fifo != "" {
			if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		}
		t.Fatalf("Append still running after %v (wait %v)", limit, wait)
		return nil
	}
}

// TestHostileLockFile: a lock file that is a link, even to a file that
// exists, a FIFO or a directory is refused at once, with nothing created
// where a link leads and nothing written.
func TestHostileLockFile(t *testing.T) {
	_, plan := writePlan(t)
	for _, tc := range []struct {
		name string
		make func(t *testing.T, lock, outside string)
		want string
	}{
		{"LinkOutside", func(t *testing.T, lock, outside string) {
			require.NoError(t, os.Symlink(filepath.Join(outside, "created-by-recorder"), lock))
		}, "is a symbolic link"},
		{"LinkToFile", func(t *testing.T, lock, outside string) {
			require.NoError(t, os.WriteFile(filepath.Join(outside, "victim"), nil, 0o644))
			require.NoError(t, os.Symlink(filepath.Join(outside, "victim"), lock))
		}, "is a symbolic link"},
		{"FIFO", func(t *testing.T, lock, outside string) {
			require.NoError(t, syscall.Mkfifo(lock, 0o644))
		}, "is a named pipe (FIFO)"},
		{"Directory", func(t *testing.T, lock, outside string) {
			require.NoError(t, os.Mkdir(lock, 0o755))
		}, "is a directory; a lock file must be a regular file"},
	} {
		for _, sub := range []string{"", "2025"} { // the directory's lock, and a folder's
			t.Run(tc.name+"/"+sub, func(t *testing.T) {
				root := t.TempDir()
				dir, outside := filepath.Join(root, "progress"), filepath.Join(root, "outside")
				require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o755))
				require.NoError(t, os.MkdirAll(outside, 0o755))
				lock := filepath.Join(dir, sub, progressfile.LockFile)
				tc.make(t, lock, outside)
				file := filepath.Join(dir, sub, "d1.yaml")
				start := time.Now()
				err := appendWithin(t, &progressfile.Writer{Plan: plan, Dir: dir}, file, 5*time.Second, 10*time.Second, lock)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				assert.Contains(t, err.Error(), lock)
				assert.Less(t, time.Since(start), 5*time.Second, "refused without waiting")
				_, err = os.Stat(file)
				assert.ErrorIs(t, err, os.ErrNotExist, "nothing written")
				_, err = os.Lstat(filepath.Join(outside, "created-by-recorder"))
				assert.ErrorIs(t, err, os.ErrNotExist, "nothing created outside")
			})
		}
	}
}

// TestHostileFIFOWithinWait: a FIFO as the lock fails within a short
// wait (it used to block in open, whatever the wait).
func TestHostileFIFOWithinWait(t *testing.T) {
	_, plan := writePlan(t)
	dir := t.TempDir()
	lock := filepath.Join(dir, progressfile.LockFile)
	require.NoError(t, syscall.Mkfifo(lock, 0o644))
	err := appendWithin(t, &progressfile.Writer{Plan: plan, Dir: dir}, "", 100*time.Millisecond, 3*time.Second, lock)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a named pipe (FIFO); a lock file must be a regular file")
}

// TestHostileProgressFile: a progress file that is a FIFO, or a link to
// one inside the directory, is refused without blocking.
func TestHostileProgressFile(t *testing.T) {
	_, plan := writePlan(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "d1.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	require.NoError(t, os.Symlink("d1.yaml", filepath.Join(dir, "alias.yaml")))
	for _, file := range []string{fifo, filepath.Join(dir, "alias.yaml")} {
		err := appendWithin(t, &progressfile.Writer{Plan: plan, Dir: dir}, file, time.Second, 5*time.Second, fifo)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "is a named pipe (FIFO), not a regular file")
	}
}
