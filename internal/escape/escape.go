// Package escape makes text from the input safe to print on one line: the
// rule every problem, and every message of the example programs, follows
// when it quotes a file name or a value.
package escape

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// OneLine returns s with every character that strconv.IsPrint refuses
// (but the space), and every byte that is not UTF-8, written as a Go
// escape (\n, \x1b, \u2028), so that s prints as one line and sends
// nothing to a terminal but text. It allocates only when it changes s,
// and OneLine(OneLine(s)) is OneLine(s).
func OneLine(s string) string {
	clean := true
	for i := 0; i < len(s) && clean; {
		if c := s[i]; c < utf8.RuneSelf { // the common case, quickly
			clean = c >= 0x20 && c != 0x7F
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		clean = printable(s, i, r)
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case printable(s, i, r):
			b.WriteRune(r)
		case r == utf8.RuneError:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		default:
			q := strconv.QuoteRune(r) // 'x' with x escaped
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

func printable(s string, i int, r rune) bool {
	if r == utf8.RuneError {
		_, size := utf8.DecodeRuneInString(s[i:])
		return size > 1
	}
	return r == ' ' || strconv.IsPrint(r)
}
