//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package progressfile

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// openNoFollow opens name with flag, never through a symbolic link (the
// open fails on one) and never waiting (a named pipe opens at once, to be
// refused by its mode rather than waited on).
func openNoFollow(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, perm)
}

// acquire takes an exclusive flock(2) lock on the lock file at name,
// creating it, and returns its release. It tries every retry until ctx
// is done, and then returns errHeld. A lock path that is a link, or
// anything but a regular file, is refused at once.
func acquire(ctx context.Context, name string, retry time.Duration) (func(), error) {
	f, err := openNoFollow(name, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := regular(f, name); err != nil {
		f.Close()
		return nil, err
	}
	fd := int(f.Fd())
	for {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return func() { f.Close() }, nil // closing releases the lock
		case errors.Is(err, syscall.EINTR):
			continue
		case !errors.Is(err, syscall.EWOULDBLOCK):
			f.Close()
			return nil, &os.PathError{Op: "lock", Path: name, Err: err}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, errHeld
		case <-time.After(retry):
		}
	}
}
