package dashboard

import (
	"bytes"
	"testing"
)

// TestBidiWriter: every bidirectional control is written as its escape,
// however the writes split it, and every other character, those that
// share its first byte included, passes as it is.
func TestBidiWriter(t *testing.T) {
	in := "a\u202Eb\u061C\u061B\u200E\u200D\u2066x\u2069\u2014\u00E2" // U+061B, U+200D, U+2014 share first bytes
	want := `a\u202eb\u061c` + "\u061B" + `\u200e` + "\u200D" + `\u2066x\u2069` + "\u2014\u00E2"
	for size := 1; size <= len(in); size++ {
		var out bytes.Buffer
		w := &bidiWriter{w: &out}
		for i := 0; i < len(in); i += size {
			if n, err := w.Write([]byte(in[i:min(i+size, len(in))])); err != nil || n != min(size, len(in)-i) {
				t.Fatalf("size %d: Write = %d, %v", size, n, err)
			}
		}
		if err := w.flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("writes of %d bytes: %q, want %q", size, out.String(), want)
		}
	}
	// A character cut off at the end is written as it is.
	var out bytes.Buffer
	w := &bidiWriter{w: &out}
	w.Write([]byte("x\xE2\x80"))
	w.flush()
	if out.String() != "x\xE2\x80" {
		t.Errorf("a cut character: %q", out.String())
	}
}
