package renewal

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The tests in this file check the Markdown escaping against a small
// model of what a CommonMark renderer with GFM tables (cmark-gfm,
// markdown-it) does with the text of one table cell: split the row at
// its pipes, drop the backslash of \| (the table's own escape), then read
// the inline content, where a backslash before ASCII punctuation stands
// for that character and an entity for its character. renderCell says
// what a reader would see, or why the text is not plain text to a
// renderer.

// entityLike is what a renderer would decode as an entity or a numeric
// character reference.
var entityLike = regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});`)

// isASCIIPunct reports whether c is ASCII punctuation, the characters a
// backslash escapes in CommonMark.
func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// renderCell returns the text a renderer shows for the Markdown source
// src of one table cell, or an error when src would not stay one cell or
// holds markup: a raw <, >, `, *, _, ~, [ or ], or an entity other than
// the three mdInline writes.
func renderCell(src string) (string, error) {
	if strings.ContainsAny(src, "\r\n") {
		return "", fmt.Errorf("a line break ends the row")
	}
	// Splitting: cmark-gfm and markdown-it take any \| for a pipe in
	// the cell; a renderer that reads backslashes in pairs takes \| for
	// one only after an even run of backslashes. Both must see no end of
	// the cell.
	run := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\\':
			run++
			continue
		case '|':
			if run == 0 {
				return "", fmt.Errorf("a pipe at byte %d ends the cell", i)
			}
			if run%2 == 0 {
				return "", fmt.Errorf("a pipe at byte %d ends the cell for a renderer that reads backslashes in pairs", i)
			}
		}
		run = 0
	}
	// The table's unescaping, as cmark-gfm's unescape_pipes does it.
	src = strings.ReplaceAll(src, `\|`, "|")
	// The inline content.
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src) && isASCIIPunct(src[i+1]):
			b.WriteByte(src[i+1])
			i++
		case c == '&':
			m := entityLike.FindString(src[i:])
			switch m {
			case "":
				b.WriteByte(c)
			case "&lt;":
				b.WriteByte('<')
			case "&gt;":
				b.WriteByte('>')
			case "&amp;":
				b.WriteByte('&')
			default:
				return "", fmt.Errorf("%s at byte %d would be decoded", m, i)
			}
			i += len(m) - min(len(m), 1)
		case strings.IndexByte("<>`*_~[]", c) >= 0:
			return "", fmt.Errorf("markup %q at byte %d", c, i)
		default:
			b.WriteByte(c)
		}
	}
	// A renderer trims a cell's spaces.
	return strings.Trim(b.String(), " \t"), nil
}

// checkCell checks mdCell on s: no raw <, no bidirectional or other
// control character, and a renderer shows what the text report shows.
func checkCell(t *testing.T, s string) {
	t.Helper()
	md := mdCell(s)
	if strings.Contains(md, "<") {
		t.Errorf("mdCell(%q) = %q: a raw <", s, md)
	}
	for _, r := range md {
		if isBidi(r) || unicode.IsControl(r) {
			t.Errorf("mdCell(%q) = %q: %U left in", s, md, r)
		}
	}
	got, err := renderCell(md)
	if err != nil {
		t.Fatalf("mdCell(%q) = %q: %v", s, md, err)
	}
	if want := strings.Trim(clean(s), " "); got != want {
		t.Errorf("mdCell(%q) = %q, which shows %q; want %q, as the text report shows it", s, md, got, want)
	}
}

// markdownSeeds are the hostile names of issue 22 and the characters
// Markdown reads as markup.
var markdownSeeds = []string{
	"",
	"改造老旧小区",
	"<svg onload=alert(1)>",
	"<img src=x onerror=alert(1)>亭湖区",
	"东城\\|西城",
	"东城|西城",
	`a\\|b`,
	`\`,
	`|`,
	`a\`,
	"\u202egnp.exe",
	"亭湖\u2066区\u2069 \u200e\u200f\u061c",
	"&lt;script&gt;",
	"&amp; &#60; &#x3c; &copy;",
	"`code`",
	"*em* _em_ ~~del~~",
	"[x](javascript:alert(1))",
	"![x](http://example.com/x.png)",
	"<http://example.com>",
	"# 标题 #",
	"line\nbreak\r\n\tand tab",
	"\xff\xfe",
	"  spaces  ",
}

// FuzzMarkdownCell checks that any text put through the cell escaper
// stays one cell that shows the text as the text report does, with no
// raw < and no bidirectional control.
func FuzzMarkdownCell(f *testing.F) {
	for _, s := range markdownSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCell(t, s) })
}

// TestMarkdownCellSeeds runs the seeds, and pins what the escaper writes
// for the cases of the issue.
func TestMarkdownCellSeeds(t *testing.T) {
	for _, s := range markdownSeeds {
		checkCell(t, s)
	}
	for _, tt := range []struct{ in, want string }{
		{"<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"},
		{"A&B", "A&amp;B"},
		// A backslash before a pipe: the backslash escaped, then the pipe.
		{`东城\|西城`, `东城\\\|西城`},
		{"改造 A|B 小区", `改造 A\|B 小区`},
		{"\u202egnp.exe", `\\u202egnp.exe`},
		{"*a* [b] `c` _d_ ~e~ #", "\\*a\\* \\[b\\] \\`c\\` \\_d\\_ \\~e\\~ \\#"},
		{"改造老旧小区 75.0% (2025-06-30)", "改造老旧小区 75.0% (2025-06-30)"},
	} {
		if got := mdCell(tt.in); got != tt.want {
			t.Errorf("mdCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMarkdownLine checks the escaping of text that begins a line: what
// would start a list, a rule, a heading, a quote, code or HTML is
// escaped, and ordinary lines are left alone.
func TestMarkdownLine(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"- item", `\- item`},
		{"---", `\---`},
		{"+ x", `\+ x`},
		{"=", `\=`},
		{"1. first", `1\. first`},
		{"12) twelfth", `12\) twelfth`},
		{"7.", `7\.`},
		{"# heading", `\# heading`},
		{"> quote", "&gt; quote"},
		{"<div>", "&lt;div&gt;"},
		{"```", "\\`\\`\\`"},
		{"    code", "code"},
		{"  - item", `\- item`},
		{"\u202e- item", `\\u202e- item`},
		// Left alone: a file name that starts with a number, a figure.
		{"2025.yaml:3:1: warning: duplicate", "2025.yaml:3:1: warning: duplicate"},
		{"3.5 个", "3.5 个"},
		{"截至 2025-06-30", "截至 2025-06-30"},
	} {
		if got := mdLine(tt.in); got != tt.want {
			t.Errorf("mdLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCleanBidi checks that every bidirectional control, and no other
// character, is shown as its escape by clean and showBidi, and that
// showBidi keeps line breaks for CSV.
func TestCleanBidi(t *testing.T) {
	bidi := []rune{0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}
	for _, r := range bidi {
		want := fmt.Sprintf(`a\u%04x`, r)
		if got := clean("a" + string(r)); got != want {
			t.Errorf("clean(%U) = %q, want %q", r, got, want)
		}
		if got := showBidi("a" + string(r) + "\n"); got != want+"\n" {
			t.Errorf("showBidi(%U) = %q, want %q", r, got, want+"\n")
		}
	}
	// Neighbours that are not bidirectional controls stay as they are:
	// the zero-width joiner of an emoji, a narrow no-break space.
	for _, r := range []rune{0x061B, 0x200D, 0x2029 - 1, 0x2065, 0x206A, 0x202F} {
		if isBidi(r) {
			t.Errorf("isBidi(%U) = true", r)
		}
	}
	if got := clean("东城\t西城\n"); got != "东城 西城 " {
		t.Errorf("clean = %q", got)
	}
}
