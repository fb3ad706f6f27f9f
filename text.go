package renewal

import (
	"bufio"
	"io"
	"strings"
	"unicode"

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

// clean makes a name from the data safe for one table cell: a tab, line
// break or other control character becomes a space.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
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
