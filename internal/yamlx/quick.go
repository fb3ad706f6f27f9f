package yamlx

import (
	"sync/atomic"

	"gopkg.in/yaml.v3"
)

// The quick reader is laid out by concern: quick.go holds the subset it
// reads and its entry points (Quick, QuickStream); quick_cursor.go the
// reader's state, its lines and the nodes it cuts from slabs;
// quick_block.go block mappings and lists; quick_scalar.go the values,
// plain, quoted and flow.
//
// The quick reader reads the plain YAML that progress files nearly always
// are (block mappings and lists of plain names, numbers and dates, and
// one-line flow mappings such as "- {target: x, value: 14}") into the same
// node trees yaml.v3 builds, at a fraction of yaml.v3's cost. It reads a
// narrow subset and declines everything else, whole: a stream it declines
// is decoded by yaml.v3 as before, so it never decides what an error is.
//
// The subset, line by line (lines end in LF or CRLF):
//
//   - blank lines, and comment lines (the first non-space character '#');
//   - a "---" line at column 0 (alone or before a comment) between
//     documents or before the first; no "..." lines, no directives;
//   - "key: value" and "key:" lines of block mappings, where key is an
//     ASCII name ([A-Za-z0-9_][A-Za-z0-9_-]*, at most 64 bytes);
//   - "- value" and "- key: value" items of block lists, indented by
//     spaces; a list may stand at its key's indentation;
//   - a value on the line of its key or item: a one-line plain scalar, a
//     quoted scalar that ends on its line and has no escape (no backslash
//     in double quotes, no doubled quote in single ones), or a one-line
//     flow mapping or list of those and of flow collections; a comment
//     may follow it after a space.
//
// It declines a tab anywhere, a quote inside a plain scalar or as a key,
// a backslash, the indicators that
// start anchors, aliases, tags, block scalars and the like (& * ! | > % @
// ` ?), a plain scalar that goes on to another line, a key with no value
// that is not at its line's end, an empty flow entry, a trailing comma,
// nesting deeper than maxQuickDepth, and an empty document.
//
// The nodes are yaml.v3's in Kind, Style, Value, Line, Column and Content.
// A scalar's Tag is "!!null" where yaml.v3 resolves it to null, and empty
// otherwise: Node.ShortTag then resolves it as yaml.v3 does, and the
// loader reads no tag but null. Comments are not kept (the loader reads
// none). The differential tests and FuzzQuick check all of this against
// yaml.v3.

// maxQuickDepth is the deepest nesting the quick reader reads.
const maxQuickDepth = 64

// maxQuickKey is the longest key it reads: yaml.v3 refuses a simple key
// of more than 1024 characters, and a name is far shorter.
const maxQuickKey = 64

// Quick reads data, a stream as Prepare returns it, whose first line is
// line first of its file, into document nodes. ok is false when data is
// not wholly in the quick reader's subset; the caller then decodes it
// with yaml.v3.
func Quick(data []byte, first int) (docs []*yaml.Node, ok bool) {
	if !quickOn.Load() {
		return nil, false
	}
	q := quick{text: data}
	q.line = first - 1
	defer q.recover(&ok)
	q.next()
	for {
		doc := q.document(len(docs) == 0)
		if doc == nil {
			break
		}
		docs = append(docs, doc)
	}
	return docs, len(docs) > 0
}

// recover turns a decline into *ok false, and any other panic too, after
// telling quickBug.
func (q *quick) recover(ok *bool) {
	if r := recover(); r != nil {
		if _, is := r.(declined); !is {
			quickBug(r)
		}
		*ok = false
	}
}

// document reads the next document, or returns nil at the stream's end.
func (q *quick) document(first bool) *yaml.Node {
	q.skipBlank()
	if q.eof() {
		return nil
	}
	doc := q.node(yaml.DocumentNode, q.pos)
	explicit := q.isMarker()
	if explicit {
		q.next()
		q.skipBlank()
	} else if !first {
		q.decline()
	}
	if q.eof() || q.isMarker() {
		q.decline() // an empty document
	}
	root := q.block(-1, 0)
	q.skipBlank()
	if !q.eof() && !q.isMarker() {
		q.decline()
	}
	doc.Content = q.kids(root)
	return doc
}

// Walker takes the documents QuickStream reads.
type Walker interface {
	// Document takes a document whose root mapping's lists under the
	// streamed key are left empty: their items come after, to Items.
	Document(doc *yaml.Node)
	// Items takes the next items of list, one of those lists, in order.
	Items(list *yaml.Node, items []*yaml.Node)
	// End ends the document.
	End()
}

// QuickStream reads data as Quick does, but a document at a time, and the
// list under key in a document's root mapping (a block list or a one-line
// flow list, in a block mapping or a document written as one flow
// mapping) a batch of items at a time: Document, then Items for each
// batch, then End, so that a document of a million records is never a
// million nodes at once. Every list under key comes to Items, none with
// its items in place. It reads all of data first without building a
// node, and hands w nothing when it declines (ok false).
func QuickStream(data []byte, first int, key string, batch int, w Walker) (ok bool) {
	if !quickOn.Load() || !quickCheck(data, first) {
		return false
	}
	q := quick{text: data, key: key}
	q.line = first - 1
	q.next()
	for n := 0; ; n++ {
		var doc *yaml.Node
		if !q.try(func() { doc = q.document(n == 0) }) {
			return false
		}
		if doc == nil {
			return true
		}
		w.Document(doc)
		after := q.cursor
		for _, l := range q.lists {
			q.cursor, q.nest = l.at, l.nest
			// Each batch's nodes in slabs of their own: a slab shared with
			// the document's head, which w holds, would hold every batch
			// after it through the nodes' children.
			q.slab, q.ptrs = nil, nil
			var items []*yaml.Node
			more := true
			for more {
				if !q.try(func() {
					var it *yaml.Node
					if l.nest > 0 {
						var kv []*yaml.Node
						kv, more = q.flowEntry(yaml.SequenceNode, ']', false, nil)
						it = kv[0]
					} else {
						it, more = q.item(l.ind, l.depth)
					}
					items = append(items, it)
				}) {
					return false
				}
				if len(items) == batch || !more {
					w.Items(l.node, items)
					items = make([]*yaml.Node, 0, batch)
					q.slab, q.ptrs = nil, nil
				}
			}
		}
		q.lists = q.lists[:0]
		q.cursor, q.nest = after, 0
		w.End()
	}
}

// try runs fn, a step of QuickStream's second reading, and reports
// whether it went through. The first reading went through, so any panic
// here, a decline among them, is a bug: quickBug hears of it.
func (q *quick) try(fn func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			quickBug(r)
			ok = false
		}
	}()
	fn()
	return true
}

// quickCheck reads data with no nodes kept and says whether Quick takes it.
func quickCheck(data []byte, first int) (ok bool) {
	q := quick{text: data, dry: true}
	q.line = first - 1
	defer q.recover(&ok)
	q.next()
	n := 0
	for q.document(n == 0) != nil {
		n++
	}
	return n > 0
}

var quickOn atomic.Bool

func init() { quickOn.Store(true) }

// SetQuick turns the quick reader on or off for the whole program and
// returns whether it was on. It is for tests that compare a load with and
// without it; with it off, every stream is decoded by yaml.v3.
func SetQuick(on bool) (was bool) { return quickOn.Swap(on) }
