package dashboard

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// isBidi reports whether r is a bidirectional control: an embedding,
// override or isolate (U+202A–U+202E, U+2066–U+2069), or a mark (U+200E,
// U+200F, U+061C). The page shows each as its escape, as the text
// report does: in a name it would show the characters in another order
// than they are stored in.
func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200E || r == 0x200F || r == 0x061C
}

// bidiWriter passes what the template writes on to w, with every
// bidirectional control written as its escape, \u202e. The template and
// the style sheet hold none, so every one it meets came from the data;
// the escape is plain text wherever the template put it (an element, an
// attribute, an SVG title). A character split across two writes is held
// back until the second; flush writes what is held.
type bidiWriter struct {
	w    io.Writer
	held []byte // the start of a character the last write ended in
}

func (b *bidiWriter) Write(p []byte) (int, error) {
	n := len(p)
	if len(b.held) > 0 {
		p = append(b.held, p...)
		b.held = nil
	}
	start := 0
	for i := 0; i < len(p); i++ {
		if c := p[i]; c != 0xD8 && c != 0xE2 { // the first bytes of the controls in UTF-8
			continue
		}
		if !utf8.FullRune(p[i:]) {
			b.held = append([]byte(nil), p[i:]...)
			p = p[:i]
			break
		}
		r, size := utf8.DecodeRune(p[i:])
		if isBidi(r) {
			if _, err := b.w.Write(p[start:i]); err != nil {
				return 0, err
			}
			q := strconv.QuoteRune(r) // '\u202e'
			if _, err := io.WriteString(b.w, q[1:len(q)-1]); err != nil {
				return 0, err
			}
			start = i + size
		}
		i += size - 1
	}
	if _, err := b.w.Write(p[start:]); err != nil {
		return 0, err
	}
	return n, nil
}

// flush writes a character left incomplete at the end, as it is.
func (b *bidiWriter) flush() error {
	_, err := b.w.Write(b.held)
	b.held = nil
	return err
}
