package renewal

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestReadOSFile checks that reading a file with plain system calls gives
// the bytes, and the problems, that reading it through os.File does.
func TestReadOSFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(small, []byte("records: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, bytes.Repeat([]byte("# x\n"), 40000), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lim := range []Limits{{}, {FileBytes: 50000}, {FileBytes: 12}, {FileBytes: 11}} {
		l := &Loader{Limits: lim}
		for _, p := range []string{small, big, filepath.Join(dir, "missing.yaml"), dir} {
			direct := osSource(p)
			viaFile := direct
			viaFile.path = ""
			got, gotProb := l.read(direct)
			want, wantProb := l.read(viaFile)
			if !bytes.Equal(got, want) || (gotProb == nil) != (wantProb == nil) || (gotProb != nil && *gotProb != *wantProb) {
				t.Errorf("limit %d, %s: read %d bytes, %v; via os.File %d bytes, %v", lim.FileBytes, p, len(got), gotProb, len(want), wantProb)
			}
		}
	}
}
