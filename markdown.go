package renewal

import (
	"bufio"
	"io"
	"strings"
)

// mdSpecial are the characters mdInline escapes.
const mdSpecial = "\\|`*_~[]#<>&"

// mdInline makes text from the data show as written in Markdown's inline
// content (a table cell, a heading, a line of prose), with no markup and
// no HTML: after clean (a line break becomes a space, a bidirectional
// control its escape), <, > and & become the entities &lt;, &gt; and
// &amp;, and each of \ | ` * _ ~ [ ] # gets a backslash. A backslash is
// escaped too, so that one before a pipe stays a backslash: 东城\|西城
// is written 东城\\\|西城, one cell that shows 东城\|西城. It allocates
// only when it changes s.
func mdInline(s string) string {
	s = clean(s)
	i := strings.IndexAny(s, mdSpecial)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for j := i; j < len(s); j++ {
		switch c := s[j]; c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '|', '`', '*', '_', '~', '[', ']', '#':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdCell makes a name from the data safe inside a Markdown table cell
// (see mdInline): an escaped pipe does not end the cell.
func mdCell(s string) string { return mdInline(s) }

// mdLine is mdInline for text that begins a line of its own (a line of
// prose, a list item), where Markdown reads a block's markup: the leading
// spaces are dropped (a renderer drops them, or reads four as code), and
// a leading -, + or = (a list, a rule), or the . or ) after leading
// digits and before a space (a numbered list), gets a backslash.
func mdLine(s string) string {
	s = strings.TrimLeft(mdInline(s), " ")
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return "\\" + s
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') && (n+1 == len(s) || s[n+1] == ' ') {
		return s[:n] + "\\" + s[n:]
	}
	return s
}

// writeMarkdown lays the document out as GitHub-flavoured Markdown: the
// title a level-1 heading, parts level-2, the groups of a table level-3,
// each group a table of its own with numbers right-aligned.
func (d document) writeMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for i, b := range d {
		if i > 0 {
			bw.WriteByte('\n')
		}
		switch b.kind {
		case titleBlock:
			bw.WriteString("# " + mdInline(b.text) + "\n")
		case headingBlock:
			bw.WriteString("## " + mdInline(b.text) + "\n")
		case paraBlock:
			bw.WriteString(mdLine(b.text) + "\n")
		case tableBlock:
			b.table.writeMarkdown(bw)
		case listBlock:
			for _, item := range b.items {
				bw.WriteString("- " + mdLine(item) + "\n")
			}
		}
	}
	return bw.Flush()
}

func (t *table) writeMarkdown(w *bufio.Writer) {
	line := func(cells []string) {
		w.WriteString("|")
		for _, c := range cells {
			w.WriteString(" " + mdCell(c) + " |")
		}
		w.WriteString("\n")
	}
	header := make([]string, len(t.cols))
	rule := make([]string, len(t.cols))
	for i, c := range t.cols {
		header[i] = c.label
		rule[i] = "---"
		if c.right {
			rule[i] = "---:"
		}
	}
	for i, g := range t.groups {
		if i > 0 {
			w.WriteString("\n")
		}
		if g.title != "" {
			w.WriteString("### " + mdInline(g.title) + "\n\n")
		}
		line(header)
		w.WriteString("|")
		for _, r := range rule {
			w.WriteString(" " + r + " |")
		}
		w.WriteString("\n")
		for _, r := range g.rows {
			line(r)
		}
	}
}
