package yamlx

import (
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// value reads the value at q.pos: a flow collection or a plain scalar on
// the rest of the line, leaving q.pos after it.
func (q *quick) value() *yaml.Node {
	switch q.text[q.pos] {
	case '{':
		return q.flow(yaml.MappingNode, '}')
	case '[':
		return q.flow(yaml.SequenceNode, ']')
	case '"', '\'':
		return q.quoted()
	}
	return q.plain(false)
}

// quoted reads a quoted scalar that ends on its line and has no escape:
// no backslash in double quotes, no doubled quote in single ones.
func (q *quick) quoted() *yaml.Node {
	quote, start := q.text[q.pos], q.pos
	end := start + 1
	for end < q.le && q.text[end] != quote {
		if q.text[end] == '\\' && quote == '"' {
			q.decline()
		}
		end++
	}
	if end >= q.le || quote == '\'' && end+1 < q.le && q.text[end+1] == '\'' {
		q.decline() // it goes on to another line, or a '' escape
	}
	n := q.node(yaml.ScalarNode, start)
	n.Style, n.Tag = yaml.DoubleQuotedStyle, "!!str"
	if quote == '\'' {
		n.Style = yaml.SingleQuotedStyle
	}
	if !q.dry {
		n.Value = string(q.text[start+1 : end])
	}
	q.pos = end + 1
	return n
}

// flow reads a one-line flow mapping or list of plain scalars and flow
// collections. QuickStream's list (a flow list under its key) is read dry
// and left empty, for Items, as seq leaves a block list.
func (q *quick) flow(k yaml.Kind, end byte) *yaml.Node {
	later, root := q.later, q.root
	q.later, q.root = false, false
	if q.nest++; q.nest > maxQuickDepth {
		q.decline()
	}
	defer func() { q.nest-- }()
	n := q.node(k, q.pos)
	n.Style = yaml.FlowStyle
	q.pos++
	q.spaces()
	if q.pos < q.le && q.text[q.pos] == end {
		q.pos++
		return n
	}
	if later && k == yaml.SequenceNode {
		q.lists = append(q.lists, laterList{node: n, at: q.cursor, nest: q.nest})
		q.dry = true
		for more := true; more; {
			_, more = q.flowEntry(k, end, false, nil)
		}
		q.dry = false
		return n
	}
	var kids []*yaml.Node
	for more := true; more; {
		kids, more = q.flowEntry(k, end, root, kids)
	}
	n.Content = q.kids(kids...)
	return n
}

// flowEntry reads the entry at q.pos of a flow collection of kind k that
// ends with end, appends its key (in a mapping) and value to kids, moves
// past the ',' after it, and says whether another entry follows (false:
// it read end). root: the collection is a document's root mapping, whose
// key's list QuickStream streams.
func (q *quick) flowEntry(k yaml.Kind, end byte, root bool, kids []*yaml.Node) ([]*yaml.Node, bool) {
	if k == yaml.MappingNode {
		colon := q.keyEnd()
		if colon == 0 || colon+1 == q.le {
			q.decline() // not a name, or the entry goes on to another line
		}
		key := q.keyNode(colon)
		q.pos = colon + 1
		q.spaces()
		if !q.dry {
			kids = append(kids, key)
		}
		q.later = root && !q.dry && key.Value == q.key
	}
	var v *yaml.Node
	switch {
	case q.pos >= q.le:
		q.decline() // the collection goes on to another line
	case q.text[q.pos] == '{':
		v = q.flow(yaml.MappingNode, '}')
	case q.text[q.pos] == '[':
		v = q.flow(yaml.SequenceNode, ']')
	case q.text[q.pos] == '"', q.text[q.pos] == '\'':
		v = q.quoted()
	default:
		v = q.plain(true)
	}
	q.later = false
	if !q.dry {
		kids = append(kids, v)
	}
	q.spaces()
	if q.pos >= q.le {
		q.decline() // the collection goes on to another line
	}
	c := q.text[q.pos]
	q.pos++
	if c == end {
		return kids, false
	}
	if c != ',' {
		q.decline()
	}
	q.spaces()
	return kids, true
}

func (q *quick) spaces() {
	for q.pos < q.le && q.text[q.pos] == ' ' {
		q.pos++
	}
}

// plain reads a plain scalar at q.pos, up to the line's end or a comment
// (or in a flow collection, up to a ',' or the collection's end).
func (q *quick) plain(flow bool) *yaml.Node {
	start := q.pos
	if start >= q.le || !plainStart(q.text[start:q.le]) {
		q.decline()
	}
	end, i := start, start
	for ; i < q.le; i++ {
		c := q.text[i]
		switch c {
		case ' ':
			continue
		case '#':
			if q.text[i-1] == ' ' {
				if flow {
					q.decline()
				}
				goto done
			}
		case ':':
			if i+1 == q.le || q.text[i+1] == ' ' || flow {
				q.decline() // a key where a value goes, or a flow ':'
			}
		case ',', '[', ']', '{', '}':
			if flow {
				goto done
			}
		default:
			if c < utf8.RuneSelf && !plainASCII[c] {
				q.decline()
			}
		}
		end = i + 1
	}
done:
	n := q.node(yaml.ScalarNode, start)
	if !q.dry {
		n.Value = string(q.text[start:end])
	}
	if isNull(n.Value) {
		n.Tag = "!!null"
	}
	q.pos = end
	return n
}

// plainASCII are the ASCII characters a plain scalar may hold past its
// first besides ' ', '#', ':' and the flow indicators, which plain reads
// by their own rules: letters, digits and a few marks that mean nothing
// to YAML anywhere. Any other is left to yaml.v3.
var plainASCII = func() (ok [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		ok[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for _, c := range "-_.+/()%=;<$^~" {
		ok[c] = true
	}
	return ok
}()

// plainStart says whether a plain scalar may start s, conservatively: a
// letter, a digit, '_', '~' or a character past ASCII, or '-', '.' or '+'
// before a digit.
func plainStart(s []byte) bool {
	switch c := s[0]; {
	case c >= utf8.RuneSelf, c == '_', c == '~':
		return true
	case c == '-', c == '+', c == '.':
		return len(s) > 1 && s[1] >= '0' && s[1] <= '9'
	}
	return plainASCII[s[0]] && isName(s[0], true)
}

func isNull(s string) bool {
	switch s {
	case "~", "null", "Null", "NULL":
		return true
	}
	return false
}

// keyString returns the key's text, without an allocation for the keys
// the formats use most.
func keyString(b []byte) string {
	switch string(b) {
	case "target":
		return "target"
	case "value":
		return "value"
	case "district":
		return "district"
	case "date":
		return "date"
	case "records":
		return "records"
	case "source":
		return "source"
	case "numerator":
		return "numerator"
	case "denominator":
		return "denominator"
	case "done":
		return "done"
	case "unit":
		return "unit"
	case "note":
		return "note"
	case "correction":
		return "correction"
	}
	return string(b)
}
