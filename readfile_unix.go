//go:build unix

package renewal

import (
	"syscall"
)

// readOSFile reads at most n bytes of the file at path with plain system
// calls: open, read until the end, close. os.Open would also register
// the file with the network poller (and fail: regular files cannot be
// polled) and set its blocking mode, three more calls per file, which a
// load of some 17,000 small files notices.
func readOSFile(path string, n int64) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 0, min(n, 16<<10))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= n {
				return buf, nil
			}
			// A large file: size the buffer once, from the file's size.
			size := int64(2 * cap(buf))
			var st syscall.Stat_t
			if syscall.Fstat(fd, &st) == nil && st.Size+1 > int64(cap(buf)) {
				size = st.Size + 1
			}
			grown := make([]byte, len(buf), min(size, n))
			copy(grown, buf)
			buf = grown
		}
		k, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, err
		case k == 0:
			return buf, nil
		}
		buf = buf[:len(buf)+k]
	}
}
