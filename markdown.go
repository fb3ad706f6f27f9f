package renewal

import (
	"bufio"
	"io"
	"strings"
)

// mdCell makes a name from the data safe inside a Markdown table cell: a
// pipe is escaped so it does not end the cell, and a line break, which
// would end the row, becomes a space.
func mdCell(s string) string {
	return strings.ReplaceAll(clean(s), "|", `\|`)
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
			bw.WriteString("# " + clean(b.text) + "\n")
		case headingBlock:
			bw.WriteString("## " + clean(b.text) + "\n")
		case paraBlock:
			bw.WriteString(clean(b.text) + "\n")
		case tableBlock:
			b.table.writeMarkdown(bw)
		case listBlock:
			for _, item := range b.items {
				bw.WriteString("- " + clean(item) + "\n")
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
			w.WriteString("### " + clean(g.title) + "\n\n")
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
