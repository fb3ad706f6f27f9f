package yamlx

import (
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

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
