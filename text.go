package renewal

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// screen measures text as a terminal shows it: a CJK character takes two
// columns. Characters of ambiguous East Asian width (“ ” — ·) count as
// one column, as most terminals draw them, whatever the locale, so that
// a report comes out the same on every machine.
var screen = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// textIndent starts every row of a table, so that rows stand apart from
// the headings and titles between them.
const textIndent = "  "

// textGap separates the columns of a table.
const textGap = "  "

// clean makes a name from the data safe for one table cell or line: a
// tab, line break or other control character becomes a space, and a
// bidirectional control is shown as its escape (see showBidi). It
// allocates only when it changes s.
func clean(s string) string { return escapeRunes(s, true) }

// isBidi reports whether r is a bidirectional control: an embedding,
// override or isolate (U+202A–U+202E, U+2066–U+2069), or a mark (U+200E,
// U+200F, U+061C). In a line of text such a character reorders what
// follows it, so that a name could show its characters in another order
// than they are stored in, or turn the rest of a row around.
func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200E || r == 0x200F || r == 0x061C
}

// writeBidi writes bidirectional control r as a problem message quotes
// it, a Go escape in lower case: U+202E is \u202e.
func writeBidi(b *strings.Builder, r rune) {
	q := strconv.QuoteRune(r) // '\u202e'
	b.WriteString(q[1 : len(q)-1])
}

// showBidi returns s with every bidirectional control written as its
// escape (see writeBidi), and nothing else changed: the text of a CSV
// cell, which keeps its line breaks. It allocates only when it changes s.
func showBidi(s string) string { return escapeRunes(s, false) }

// escapeRunes is clean, or showBidi when controls is false: s with every
// bidirectional control written as its escape and, with controls, every
// control character as a space (a byte not UTF-8 becomes U+FFFD). It
// allocates only when it changes s.
func escapeRunes(s string, controls bool) string {
	i := strings.IndexFunc(s, func(r rune) bool {
		return isBidi(r) || controls && (unicode.IsControl(r) || r == utf8.RuneError)
	})
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case isBidi(r):
			writeBidi(&b, r)
		case controls && unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeText lays the document out for a terminal.
func (d document) writeText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	prev := titleBlock
	for i, b := range d {
		switch b.kind {
		case titleBlock:
			if i > 0 {
				bw.WriteByte('\n')
			}
			bw.WriteString(clean(b.text) + "\n")
		case headingBlock:
			bw.WriteString("\n" + clean(b.text) + "\n")
		case paraBlock:
			if prev == tableBlock || prev == listBlock {
				bw.WriteByte('\n')
			}
			bw.WriteString(clean(b.text) + "\n")
		case tableBlock:
			if prev == paraBlock {
				bw.WriteByte('\n')
			}
			b.table.writeText(bw)
		case listBlock:
			for _, item := range b.items {
				bw.WriteString(textIndent + clean(item) + "\n")
			}
		}
		prev = b.kind
	}
	return bw.Flush()
}

// writeText lays the table out in columns as wide as their widest cell
// on screen, text left-aligned and numbers right-aligned. Every group
// repeats the header under its title, and all groups share the widths.
func (t *table) writeText(w *bufio.Writer) {
	widths := make([]int, len(t.cols))
	measure := func(cells []string) {
		for i, c := range cells {
			widths[i] = max(widths[i], screen.StringWidth(clean(c)))
		}
	}
	header := make([]string, len(t.cols))
	rule := make([]string, len(t.cols))
	for i, c := range t.cols {
		header[i] = c.label
	}
	measure(header)
	for _, g := range t.groups {
		for _, r := range g.rows {
			measure(r)
		}
	}
	for i := range rule {
		rule[i] = strings.Repeat("-", widths[i])
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString(textIndent)
		for i, c := range cells {
			if i > 0 {
				b.WriteString(textGap)
			}
			c = clean(c)
			pad := strings.Repeat(" ", widths[i]-screen.StringWidth(c))
			if t.cols[i].right {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
	for _, g := range t.groups {
		if g.title != "" {
			w.WriteString("\n" + clean(g.title) + "\n")
		}
		line(header)
		line(rule)
		for _, r := range g.rows {
			line(r)
		}
	}
}
