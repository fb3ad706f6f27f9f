package yamlx

import (
	"sync/atomic"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

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

// quick is the quick reader: its text, its cursor, the slabs it cuts
// nodes from, and for QuickStream the lists it leaves for later.
type quick struct {
	text []byte
	cursor
	slab []yaml.Node
	ptrs []*yaml.Node
	// dry: read without building (quickCheck): node gives scratch nodes,
	// plain no text, kids nothing.
	dry bool
	// key: the root mapping's key whose list QuickStream streams; lists
	// holds each such list of the current document.
	key   string
	lists []laterList
	later bool // the value being read is under key
	// root: the value being read is a document's root, whose keys may
	// be key (a document written as one flow mapping).
	root bool
	nest int // flow collections open
	// scratch holds the dry nodes, over and over; si is the last used.
	scratch [16]yaml.Node
	si      int
}

// laterList is a list QuickStream hands over after its document: its
// node, where its first item starts, and a block list's dashes'
// indentation and depth, or a flow list's nesting (0 for a block list).
type laterList struct {
	node       *yaml.Node
	at         cursor
	ind, depth int
	nest       int
}

// cursor is where the quick reader stands: the current line [ls, le)
// (le before any CR of a CRLF end), its number and indentation, and the
// content offset pos within it.
type cursor struct {
	ls, le int // the current line, without its line end
	nl     int // the start of the line after
	line   int // the current line's number
	ind    int // its indentation: spaces before pos's first content
	pos    int // where reading goes on in the current line
	// cLine, cOff and cCol: the last column col counted, at offset
	// cOff of line cLine.
	cLine, cOff, cCol int
}

type declined struct{}

// quickBug is called with a panic of the quick reader's other than a
// decline: a bug, which declines too (yaml.v3 then reads the stream), so
// that a loader never fails on it; tests make it fail.
var quickBug = func(any) {}

func (q *quick) decline() { panic(declined{}) }

// next moves to the line starting at q.nl; past the last line, eof holds.
func (q *quick) next() {
	q.ls = q.nl
	q.line++
	e := q.ls
	for e < len(q.text) && q.text[e] != '\n' {
		if q.text[e] == '\t' || q.text[e] == '\r' && (e+1 == len(q.text) || q.text[e+1] != '\n') {
			q.decline()
		}
		e++
	}
	q.nl = e
	if e < len(q.text) {
		q.nl = e + 1
	}
	if e > q.ls && q.text[e-1] == '\r' {
		e--
	}
	q.le = e
	q.pos = q.ls
	for q.pos < q.le && q.text[q.pos] == ' ' {
		q.pos++
	}
	q.ind = q.pos - q.ls
}

func (q *quick) eof() bool { return q.ls >= len(q.text) }

// skipBlank moves past blank and comment lines, from the current line.
func (q *quick) skipBlank() {
	for !q.eof() && (q.pos == q.le || q.text[q.pos] == '#') {
		q.next()
	}
}

// isMarker says whether the current line is a "---" line.
func (q *quick) isMarker() bool {
	l := q.text[q.ls:q.le]
	if len(l) < 3 || l[0] != '-' || l[1] != '-' || l[2] != '-' {
		return false
	}
	if len(l) == 3 {
		return true
	}
	if l[3] != ' ' {
		return false
	}
	for i := 4; i < len(l); i++ {
		switch l[i] {
		case ' ':
		case '#':
			return true
		default:
			q.decline() // content after the marker
		}
	}
	return true
}

// col is the 1-based column, in characters, of offset at on the current
// line. It counts on from the last column asked of the line, so the
// nodes of a long line cost no more than the line.
func (q *quick) col(at int) int {
	if q.cLine != q.line || at < q.cOff {
		q.cLine, q.cOff, q.cCol = q.line, q.ls, 1
	}
	seg := q.text[q.cOff:at]
	n := len(seg)
	for _, c := range seg {
		if c >= utf8.RuneSelf {
			n = utf8.RuneCount(seg)
			break
		}
	}
	q.cOff, q.cCol = at, q.cCol+n
	return q.cCol
}

// node returns a new node of kind k at offset at of the current line.
func (q *quick) node(k yaml.Kind, at int) *yaml.Node {
	var n *yaml.Node
	switch {
	case q.dry:
		q.si = (q.si + 1) % len(q.scratch)
		n = &q.scratch[q.si]
		*n = yaml.Node{}
	default:
		if len(q.slab) == cap(q.slab) {
			q.slab = make([]yaml.Node, 0, 256)
		}
		q.slab = q.slab[:len(q.slab)+1]
		n = &q.slab[len(q.slab)-1]
	}
	n.Kind, n.Line, n.Column = k, q.line, q.col(at)
	switch k {
	case yaml.MappingNode:
		n.Tag = "!!map"
	case yaml.SequenceNode:
		n.Tag = "!!seq"
	}
	return n
}

// kids returns a slice of the given nodes, cut from a shared slab.
func (q *quick) kids(ns ...*yaml.Node) []*yaml.Node {
	if q.dry {
		return nil
	}
	if cap(q.ptrs)-len(q.ptrs) < len(ns) {
		q.ptrs = make([]*yaml.Node, 0, max(1024, len(ns)))
	}
	start := len(q.ptrs)
	q.ptrs = append(q.ptrs, ns...)
	return q.ptrs[start:len(q.ptrs):len(q.ptrs)]
}

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
