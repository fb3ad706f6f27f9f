package yamlx

import (
	"gopkg.in/yaml.v3"
)

// block reads the node that starts at the current content, a block
// collection or a value alone, inside a parent indented parent columns
// (-1 for the document).
func (q *quick) block(parent, depth int) *yaml.Node {
	if depth > maxQuickDepth {
		q.decline()
	}
	switch {
	case q.isItem():
		return q.seq(q.pos-q.ls, depth)
	case q.keyEnd() > 0:
		return q.mapping(q.pos-q.ls, depth)
	}
	q.root = parent < 0 && q.key != "" && !q.dry
	n := q.value()
	q.root = false
	q.after(parent)
	return n
}

// isItem says whether the content at q.pos is a list item: "-" alone or
// before a space.
func (q *quick) isItem() bool {
	return q.pos < q.le && q.text[q.pos] == '-' && (q.pos+1 == q.le || q.text[q.pos+1] == ' ')
}

// keyEnd returns the offset of the ':' ending a key at q.pos, or 0.
func (q *quick) keyEnd() int {
	i := q.pos
	for i < q.le && i-q.pos <= maxQuickKey && isName(q.text[i], i == q.pos) {
		i++
	}
	if i == q.pos || i >= q.le || q.text[i] != ':' || i-q.pos > maxQuickKey {
		return 0
	}
	if i+1 < q.le && q.text[i+1] != ' ' {
		return 0
	}
	return i
}

// keyNode returns the key node of text[q.pos:colon].
func (q *quick) keyNode(colon int) *yaml.Node {
	k := q.node(yaml.ScalarNode, q.pos)
	if !q.dry {
		k.Value = keyString(q.text[q.pos:colon])
	}
	if isNull(k.Value) {
		k.Tag = "!!null"
	}
	return k
}

func isName(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_':
		return true
	}
	return c == '-' && !first
}

// after checks that what follows a value on its line is nothing or a
// comment, moves to the next content line, and declines one indented more
// than parent: a plain scalar going on, or an error yaml.v3 should give.
func (q *quick) after(parent int) {
	q.comment()
	q.next()
	q.skipBlank()
	if !q.eof() && q.ind > parent && !q.isMarker() {
		q.decline()
	}
}

// comment checks that the rest of the line is blank or a comment.
func (q *quick) comment() {
	for i := q.pos; i < q.le; i++ {
		switch q.text[i] {
		case ' ':
		case '#':
			if i > q.pos || i == q.ls || q.text[i-1] == ' ' {
				return
			}
			q.decline()
		default:
			q.decline()
		}
	}
}

// mapping reads a block mapping whose keys stand at column ind+1, the
// first on the current line.
func (q *quick) mapping(ind, depth int) *yaml.Node {
	m := q.node(yaml.MappingNode, q.pos)
	var kv []*yaml.Node
	for {
		colon := q.keyEnd()
		if colon == 0 {
			q.decline()
		}
		k := q.keyNode(colon)
		q.pos = colon + 1
		q.later = depth == 0 && q.key != "" && !q.dry && k.Value == q.key
		var v *yaml.Node
		if q.pos == q.le { // "key:" at the line's end
			v = q.node(yaml.ScalarNode, q.pos)
			v.Tag = "!!null"
			q.next()
			q.skipBlank()
			switch {
			case q.eof() || q.isMarker() || q.ind < ind:
			case q.ind == ind && q.isItem():
				v = q.seq(ind, depth+1) // a list at its key's indentation
			case q.ind == ind:
			default:
				if !q.isItem() && q.keyEnd() == 0 {
					q.decline() // a value alone on its own line
				}
				v = q.block(ind, depth+1)
			}
		} else {
			for q.pos < q.le && q.text[q.pos] == ' ' {
				q.pos++
			}
			if q.pos == q.le || q.text[q.pos] == '#' {
				q.decline() // "key:  " or "key: # …": a null yaml.v3 places its own way
			}
			v = q.value()
			q.after(ind)
		}
		q.later = false
		if !q.dry {
			kv = append(kv, k, v)
		}
		if q.eof() || q.isMarker() || q.ind < ind {
			break
		}
		if q.ind > ind {
			q.decline()
		}
	}
	m.Content = q.kids(kv...)
	return m
}

// seq reads a block list whose items' dashes stand at column ind+1, the
// first on the current line.
func (q *quick) seq(ind, depth int) *yaml.Node {
	s := q.node(yaml.SequenceNode, q.pos)
	if q.later {
		// QuickStream's list: read it dry now, and again for Items.
		q.later = false
		q.lists = append(q.lists, laterList{node: s, at: q.cursor, ind: ind, depth: depth})
		q.dry = true
		for more := true; more; {
			_, more = q.item(ind, depth)
		}
		q.dry = false
		return s
	}
	var items []*yaml.Node
	for more := true; more; {
		var it *yaml.Node
		it, more = q.item(ind, depth)
		if !q.dry {
			items = append(items, it)
		}
	}
	s.Content = q.kids(items...)
	return s
}

// item reads the list item at the current line, of a list at depth whose
// dashes stand at column ind+1, and says whether another item follows.
func (q *quick) item(ind, depth int) (*yaml.Node, bool) {
	q.pos++
	for q.pos < q.le && q.text[q.pos] == ' ' {
		q.pos++
	}
	if q.pos == q.le || q.text[q.pos] == '#' || q.isItem() {
		q.decline() // an item on the lines after, or a list in a list
	}
	var it *yaml.Node
	if q.keyEnd() > 0 {
		it = q.mapping(q.pos-q.ls, depth+1)
	} else {
		it = q.value()
		q.after(ind)
	}
	if q.eof() || q.isMarker() || q.ind < ind {
		return it, false
	}
	if q.ind > ind {
		q.decline()
	}
	return it, q.isItem()
}
