// Package yamlx reads YAML streams into yaml.v3 node trees, one document at
// a time, and turns every way the bytes can be wrong into a positioned
// message: invalid UTF-8, control characters, syntax errors, and the YAML
// features that the formats ban (anchors, aliases, tags).
//
// Quick, its quick reader, reads the plain subset of YAML that progress
// files nearly always are into the trees yaml.v3 would build, about six
// times faster (BenchmarkQuick against BenchmarkYAMLv3), and declines the
// rest, which yaml.v3 then reads; see
// quick.go for the subset and what the trees hold. QuickStream reads one
// large document a batch of list items at a time.
//
// It never follows an alias, so an alias bomb costs no more than its bytes.
package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Error is a message at a 1-based line and column.
type Error struct {
	Line, Column int
	Message      string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Message) }

var bom = []byte("\xEF\xBB\xBF")

// Prepare drops a leading UTF-8 byte-order mark and checks that data is
// UTF-8 text with no control characters other than tab, line feed and
// carriage return before a line feed. It reports the first bad byte with
// its position. See Checker.
func Prepare(data []byte) ([]byte, *Error) {
	var c Checker
	if _, err := c.Check(data, true); err != nil {
		return nil, err
	}
	return c.Text(data), nil
}

// Checker is Prepare for text that arrives in pieces: Check is called
// with all the bytes read so far, after each read, and stops at the first
// bad byte, so a stream of junk is refused after its first bytes rather
// than read to the size limit.
//
// Lines are counted by line feeds alone, as editors and grep -n count
// them. A carriage return is allowed only before a line feed, and the
// line and paragraph separators U+2028 and U+2029 not at all: yaml.v3
// counts each as a line break, so positions after one would disagree with
// an editor's. NEL (U+0085) is a C1 control and refused with them, and
// the noncharacters U+FFFE and U+FFFF, as yaml.v3 refuses them.
type Checker struct {
	off       int // bytes of data checked
	line, col int
	bom       bool // data starts with a byte-order mark
}

// Check checks data[c.off:], where data is every byte read so far. With
// final false it leaves a last incomplete character or a last CR for the
// next call. It returns how many bytes of data are checked.
func (c *Checker) Check(data []byte, final bool) (int, *Error) {
	if c.off == 0 {
		if len(data) < len(bom) && !final && bytes.HasPrefix(bom, data) {
			return 0, nil
		}
		c.line, c.col = 1, 1
		if bytes.HasPrefix(data, bom) {
			c.bom, c.off = true, len(bom)
		}
	}
	base := 0
	if c.bom {
		base = len(bom)
	}
	i, line, col := c.off, c.line, c.col
	defer func() { c.off, c.line, c.col = i, line, col }()
	for i < len(data) {
		ch := data[i]
		if ch < utf8.RuneSelf {
			switch {
			case ch == '\n':
				line, col = line+1, 1
			case ch == '\r':
				if i+1 == len(data) && !final {
					return i, nil
				}
				if i+1 == len(data) || data[i+1] != '\n' {
					return i, &Error{line, col, "a carriage return (CR) not followed by a line feed: editors disagree about where such a line ends; save the file with LF or CRLF line ends"}
				}
				col++
			case ch == '\t' || (ch >= 0x20 && ch != 0x7F):
				col++
			default:
				return i, &Error{line, col, fmt.Sprintf("control character U+%04X is not allowed in a YAML file", ch)}
			}
			i++
			continue
		}
		if !final && !utf8.FullRune(data[i:]) {
			return i, nil
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return i, &Error{line, col, fmt.Sprintf("the file is not valid UTF-8 at byte offset %d (0x%02X); save it as UTF-8 (is it GBK?)", i-base, ch)}
		case r == 0xFEFF || (r >= 0x80 && r <= 0x9F):
			return i, &Error{line, col, fmt.Sprintf("control character U+%04X is not allowed in a YAML file", r)}
		case r == 0xFFFE || r == 0xFFFF: // yaml.v3 refuses them too
			return i, &Error{line, col, fmt.Sprintf("the noncharacter U+%04X is not allowed in a YAML file", r)}
		case r == 0x2028 || r == 0x2029:
			return i, &Error{line, col, fmt.Sprintf("line separator U+%04X is not allowed: YAML counts it as a line break and editors do not, so positions after it would disagree", r)}
		}
		i += size
		col++
	}
	return i, nil
}

// Text returns data, checked in full, without its byte-order mark, with
// a "%YAML 1.2" directive read as 1.1 (see allowYAML12).
func (c *Checker) Text(data []byte) []byte {
	if c.bom {
		data = data[len(bom):]
	}
	allowYAML12(data)
	return data
}

// allowYAML12 rewrites each "%YAML 1.2" directive in data to "%YAML 1.1",
// in place: yaml.v3 reads only 1.1 documents and refuses the directive
// for 1.2, which the formats here read the same. Directives stand before
// a document, at the stream's start or after a "..." line; only lines
// there are touched, so no scalar's text changes. The bytes keep their
// length, so every position stays.
func allowYAML12(data []byte) {
	head := true // before a document: only comments, blanks and directives so far
	for ls := 0; ls < len(data); {
		le := len(data)
		if j := bytes.IndexByte(data[ls:], '\n'); j >= 0 {
			le = ls + j + 1
		}
		line := data[ls:le]
		switch {
		case isMarker(line, '.'):
			head = true
		case head && bytes.HasPrefix(line, []byte("%YAML 1.2")) && (len(line) == 9 || line[9] == ' ' || line[9] == '\t' || line[9] == '\r' || line[9] == '\n'):
			line[8] = '1'
		case head && len(line) > 0 && line[0] == '%':
		case head && isBlank(line):
		case head:
			head = false
			if !bytes.Contains(data[le:], []byte("\n...")) {
				return // no "..." after this: no directive can follow
			}
		}
		ls = le
	}
}

// LargestDocument returns the size in bytes of the largest document of
// data and the line it starts on, counting a document from one marker
// line ("---" or "...") at column 0 to the next. It is for a limit, so it
// need not agree with yaml.v3 on where a document starts: a marker line
// cannot stand inside a scalar, so a document is never larger than this.
func LargestDocument(data []byte) (size, line int) {
	start, startLine, n := 0, 1, 1
	best, bestLine := 0, 1
	for ls := 0; ls < len(data); {
		le := len(data)
		if j := bytes.IndexByte(data[ls:], '\n'); j >= 0 {
			le = ls + j + 1
		}
		if l := data[ls:le]; isMarker(l, '-') || isMarker(l, '.') {
			if ls-start > best {
				best, bestLine = ls-start, startLine
			}
			start, startLine = ls, n
		}
		ls = le
		n++
	}
	if len(data)-start > best {
		best, bestLine = len(data)-start, startLine
	}
	return best, bestLine
}

// isMarker says whether line is "---" (c '-') or "..." (c '.') followed by
// nothing, white space or a comment's space.
func isMarker(line []byte, c byte) bool {
	if len(line) < 3 || line[0] != c || line[1] != c || line[2] != c {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' || line[3] == '\n'
}

func isBlank(line []byte) bool {
	line = bytes.TrimLeft(line, " \t\r\n")
	return len(line) == 0 || line[0] == '#'
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Stream decodes the documents of data in order and hands each root
// (a document node) to fn: with the quick reader where it reads all of
// data, else with yaml.v3. It stops at the first syntax error and
// returns it; documents before it have been handed over. lastLine is
// where an error with no line of its own is placed.
func Stream(data []byte, fn func(doc *yaml.Node)) (err *Error) {
	if docs, ok := Quick(data, 1); ok {
		for _, doc := range docs {
			fn(doc)
		}
		return nil
	}
	return StreamV3(data, fn)
}

// StreamV3 is Stream with yaml.v3 alone: the reference the quick reader
// is tested against.
func StreamV3(data []byte, fn func(doc *yaml.Node)) (err *Error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		e := decode(dec, &doc)
		if errors.Is(e, io.EOF) {
			return nil
		}
		if e != nil {
			return syntaxError(e, data)
		}
		fn(&doc)
	}
}

// Decode is dec.Decode(n) as Stream calls it: a panic inside yaml.v3
// comes back as an error with no line, not as a crash.
func Decode(dec *yaml.Decoder, n *yaml.Node) error { return decode(dec, n) }

func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil { // yaml.v3 must not take the loader down
			err = fmt.Errorf("yaml: the YAML parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
}

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). yaml.v3 reports their line counting from 0, and on the line
// where the unclosed construct began (go-yaml/yaml#205), so one is added.
var parserProblems = map[string]string{
	"did not find expected ',' or '}'":       "a { … } mapping is not closed: a ',' or '}' is missing on this line or after it",
	"did not find expected ',' or ']'":       "a [ … ] list is not closed: a ',' or ']' is missing on this line or after it",
	"did not find expected key":              "want a key: value line here or just after (check the indentation)",
	"did not find expected node content":     "a value is missing or malformed here or just after",
	"did not find expected '-' indicator":    "want a '- ' list item here or just after (check the indentation)",
	"did not find expected <document start>": "the document does not start where expected",
	"did not find expected <stream-start>":   "the stream does not start where expected",
	"found duplicate %TAG directive":         "found duplicate %TAG directive",
	"found duplicate %YAML directive":        "found duplicate %YAML directive",
	"found incompatible YAML document":       "found incompatible YAML document (only YAML 1.1 and 1.2 are read)",
	"found undefined tag handle":             "found undefined tag handle",
}

// SyntaxError turns an error of yaml.v3's Decoder over data into the
// positioned message Stream returns. data is the whole stream: a line
// yaml.v3 does not give, or gives past the end, is placed on its last line.
func SyntaxError(err error, data []byte) *Error { return syntaxError(err, data) }

func syntaxError(e error, data []byte) *Error {
	msg := e.Error()
	line := 0
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	last := 1 + bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] == '\n' {
		last--
	}
	if better, ok := parserProblems[msg]; ok {
		return &Error{min(max(line+1, 1), max(last, 1)), 1, "YAML syntax: " + better}
	}
	if strings.Contains(msg, "tab") || strings.Contains(msg, "cannot start any token") {
		// Point at the tab itself: on the line given, or the one after.
		for _, l := range []int{line, line + 1} {
			if col := leadingTab(data, l); col > 0 {
				return &Error{l, col, "YAML syntax: a tab indents this line; YAML indents with spaces only"}
			}
		}
	}
	if line == 0 || line > last {
		// No line given: place it at the end of the input, where the
		// parser gave up.
		line = last
	}
	return &Error{max(line, 1), 1, "YAML syntax: " + msg}
}

// leadingTab returns the column of a tab in the leading white space of
// 1-based line n, or 0.
func leadingTab(data []byte, n int) int {
	if n < 1 {
		return 0
	}
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return 0
		}
		data = data[j+1:]
	}
	for col, c := range data {
		switch c {
		case ' ':
		case '\t':
			return col + 1
		default:
			return 0
		}
	}
	return 0
}

// Banned says what banned feature (anchor, alias, tag) n carries, or "" for none. It
// looks at n alone, not at its children.
func Banned(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.AliasNode:
		return fmt.Sprintf("an alias (*%s) is not allowed: write the value out", shown(n.Value))
	case n.Anchor != "":
		return fmt.Sprintf("an anchor (&%s) is not allowed: anchors and aliases have no use here", shown(n.Anchor))
	case n.Style&yaml.TaggedStyle != 0:
		return fmt.Sprintf("a tag (%s) is not allowed: write the value plainly", shown(n.Tag))
	}
	return ""
}

// shown renders a name from the file (an anchor, a tag) for a message: as
// written when it is short and printable, else quoted and cut short. A
// tag's %-escapes can decode to a line break or to bytes that are not
// UTF-8, and a message must stay one line of text.
func shown(s string) string {
	const keep = 40
	plain := len(s) <= keep
	for _, r := range s {
		plain = plain && r != utf8.RuneError && strconv.IsPrint(r)
	}
	switch {
	case plain:
		return s
	case len(s) > keep:
		cut := keep
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// KindName names a node's kind for a message: "a mapping", "a list", …
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "an empty value"
		}
		return "a single value"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	return "nothing"
}
