//go:build !unix

package renewal

import "os"

// readOSFile reads at most n bytes of the file at path.
func readOSFile(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, n)
}
