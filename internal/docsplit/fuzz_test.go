package docsplit_test

import (
	"testing"
)

// FuzzSplit: for any input the loader would decode, the split decode
// gives the sequential decode's documents and first error (checkSame),
// and Split's parts cover the text. Seeds: the corpora, the hand-picked
// cases, and pairs of corpus files joined as two documents.
func FuzzSplit(f *testing.F) {
	for _, b := range corpus(f) {
		f.Add(b)
	}
	for _, c := range cases {
		f.Add([]byte(c.text))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, ok := prepared(data)
		if !ok {
			return
		}
		checkSame(t, text)
	})
}
