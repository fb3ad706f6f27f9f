//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package progressfile

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"

	"github.com/gofrs/flock"
)

// openNoFollow opens name with flag after making sure with Lstat that it
// is not a symbolic link or anything but a regular file (there is no
// O_NOFOLLOW here).
func openNoFollow(name string, flag int, perm os.FileMode) (*os.File, error) {
	if info, err := os.Lstat(name); err == nil && !info.Mode().IsRegular() {
		return nil, notRegular(name, info.Mode())
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return os.OpenFile(name, flag, perm)
}

// acquire takes an exclusive lock (LockFileEx on Windows, through
// github.com/gofrs/flock) on the lock file at name, creating it, and
// returns its release. It tries every retry until ctx is done, and then
// returns errHeld. A lock path that is a link, or anything but a regular
// file, is refused at once.
func acquire(ctx context.Context, name string, retry time.Duration) (func(), error) {
	if info, err := os.Lstat(name); err == nil && !info.Mode().IsRegular() {
		return nil, notRegular(name, info.Mode())
	}
	l := flock.New(name)
	locked, err := l.TryLockContext(ctx, retry)
	if locked {
		return func() { l.Unlock() }, nil
	}
	if err == nil || ctx.Err() != nil {
		return nil, errHeld
	}
	return nil, err
}
