// Package yamlx reads YAML streams into yaml.v3 node trees, one document at
// a time, and turns every way the bytes can be wrong into a positioned
// message: invalid UTF-8, control characters, syntax errors, and the YAML
// features that SPEC bans (anchors, aliases, tags).
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
// carriage return. It reports the first bad byte with its position.
func Prepare(data []byte) ([]byte, *Error) {
	data = bytes.TrimPrefix(data, bom)
	line, col := 1, 1
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line, col = line+1, 1
			case c == '\t' || c == '\r' || (c >= 0x20 && c != 0x7F):
				col++
			default:
				return nil, &Error{line, col, fmt.Sprintf("control character U+%04X is not allowed in a YAML file", c)}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return nil, &Error{line, col, fmt.Sprintf("the file is not valid UTF-8 at byte offset %d (0x%02X); save it as UTF-8 (is it GBK?)", i, c)}
		}
		if r == 0xFEFF || (r >= 0x80 && r <= 0x9F) {
			return nil, &Error{line, col, fmt.Sprintf("control character U+%04X is not allowed in a YAML file", r)}
		}
		i += size
		col++
	}
	return data, nil
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Stream decodes the documents of data in order and hands each root
// (a document node) to fn. It stops at the first syntax error and
// returns it; documents before it have been handed over. lastLine is
// where an error with no line of its own is placed.
func Stream(data []byte, fn func(doc *yaml.Node)) (err *Error) {
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

// Banned says what SPEC-banned feature n carries, or "" for none. It
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
