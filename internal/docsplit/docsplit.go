// Package docsplit decodes the documents of one YAML stream in parallel,
// with every node's line and column and every syntax error exactly as a
// sequential yaml.v3 decode of the whole stream gives them.
//
// # Why the split is exact
//
// yaml.v3's scanner (libyaml's) treats a line that begins with "---" or
// "..." followed by a space, a tab or the line's end as a document marker
// wherever it stands: it ends any plain or block scalar (a block scalar is
// indented at least one column, so column 0 is outside it), and a quoted
// scalar or a flow collection open across it is an error. On the marker the
// scanner closes every open block collection and forgets its simple keys:
// after it, the scanner and parser are where a fresh decoder is after the
// same marker. So a sequential decode that reaches a marker without an error
// decodes the text after it exactly as a decoder started on that text does,
// up to line numbers.
//
// Split cuts at those lines. Decode decodes one part on its own and
// adds the part's line offset to every node (columns need nothing: parts
// start at a line's start).
//
// A part that decodes with an error is decoded again for the error, for
// two reasons. It may have been cut inside something left open (a quoted
// scalar, a flow collection) that the sequential decoder saw reach the
// next marker, so the second decode goes on to the end of the marker line
// after the part, which is what the sequential decoder read before it
// failed. And yaml.v3 leaves out the line of an error on its line 0, so
// the second decode starts with one blank line ("\n") when the part does
// not begin the stream; on every later line yaml.v3 behaves the same. The
// parts before the first error are exact, and so is that error, with one
// exception: when the sequential scanner, looking ahead, ran past the
// marker into the next part and failed there first ("[0\n---\n\"" fails
// at the quote, not at the open list), the split gives that error with the
// next part and the part before it gives its own as well. The parts
// after it are what decoding each of them on its own gives, which is more
// than a sequential decoder can give (it stops at the first error). One
// more thing is more: before it hands over a document, yaml.v3 scans ahead
// into the first line or two of the next (to the end of a simple key, and
// on past empty documents, "---" lines with nothing between), so an error
// there stops a sequential decode a document or more early; the split
// hands those documents over too.
//
// Split declines (ok false) where this argument does not cover the text:
// a carriage return not followed by a line feed, a U+2028 or U+2029 line
// separator or a byte-order mark anywhere (yaml.v3 counts lines or columns
// differently on them), a '*' after a '&' (one yaml.v3 Decoder resolves an
// alias to an anchor of an earlier document), a directive line ("%…") that does not follow the
// stream's start or a "..." line (it may be part of a scalar), a "..." line
// before any document, and content
// after a "..." line before the next "---" (yaml.v3 rejects such a
// document, and a part decoded on its own would not). The caller then
// decodes the whole stream sequentially, as before.
//
// # Comments
//
// Comments are the one thing the split does not reproduce everywhere.
// yaml.v3 attaches a comment next to a document marker by looking at the
// tokens before it, across the marker: sequentially, the head comment of a
// document's first key can become the foot comment of the document before,
// and a comment between a "..." and a "---" goes to either document
// depending on the blank lines around it. A part decoded alone attaches such
// a comment within its own document. Comments inside a document are the
// same. A part the quick reader reads (see yamlx.Quick) has no comments
// at all. The loader reads no comments.
//
// The differential tests and the fuzz target check all of this against a
// sequential decode.
package docsplit

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/citybureau/renewal/internal/yamlx"
	"gopkg.in/yaml.v3"
)

// Doc is one part of a stream as Split cuts it: the text of at most one
// document (with the comments yaml.v3 attaches to it), or of none (a part
// that holds only comments at the stream's end, or extra "..." lines).
type Doc struct {
	Start, End int // data[Start:End] is the part's text
	Line       int // the 1-based line of data[Start] in the stream
	// Next is the end of the marker line that follows the part, or End
	// when the part itself ends with its "..." line or the stream ends.
	// (Decode, after an error, decodes again from Start on past it.)
	Next int
}

// Split cuts data, a stream as yamlx.Prepare returns it, into its parts at
// document markers. ok is false when the cut cannot be shown to decode
// exactly as the whole stream does (see the package documentation); the
// caller then decodes data sequentially. A stream with no marker is one
// part.
func Split(data []byte) (docs []Doc, ok bool) {
	if !plainBreaks(data) || crossAlias(data) {
		return nil, false
	}
	const (
		begin      = iota // the stream's start: only comments so far
		content           // inside a document
		directives        // after directive lines, before their "---"
		ended             // after a "..." line, before the next document
	)
	state := begin
	cur := Doc{Line: 1}
	// idle is the start of the comment and blank lines after a "..."
	// line, and idleLine its line: yaml.v3 attaches them to the next
	// document when there is one.
	idle, idleLine := -1, 0
	cut := func(at, line, next int) {
		cur.End, cur.Next = at, next
		docs = append(docs, cur)
		cur = Doc{Start: at, Line: line}
	}
	// after cuts the part that a "..." line ended before a new document
	// that starts on line n at byte ls.
	after := func(ls, n int) {
		at, line := ls, n
		if idle >= 0 {
			at, line = idle, idleLine
		}
		cut(at, line, at)
		idle = -1
	}
	n := 0
	for ls := 0; ls < len(data); {
		n++
		le := len(data)
		if i := bytes.IndexByte(data[ls:], '\n'); i >= 0 {
			le = ls + i + 1
		}
		line := bytes.TrimSuffix(bytes.TrimSuffix(data[ls:le], []byte("\n")), []byte("\r"))
		switch {
		case marker(line, '-'):
			switch state {
			case content:
				cut(ls, n, le)
			case ended:
				after(ls, n)
			}
			state = content
		case marker(line, '.'):
			if state == begin || state == directives {
				return nil, false // yaml.v3 reads on past it, into what follows
			}
			state, idle = ended, -1
		case len(line) > 0 && line[0] == '%':
			switch state {
			case content:
				return nil, false
			case ended:
				after(ls, n)
			}
			state = directives
		case blank(line):
			if state == ended && idle < 0 {
				idle, idleLine = ls, n
			}
		default:
			if state == ended {
				return nil, false
			}
			state = content
		}
		ls = le
	}
	cur.End, cur.Next = len(data), len(data)
	return append(docs, cur), true
}

// marker says whether line is "---" (c '-') or "..." (c '.') followed by
// nothing, a space or a tab: what yaml.v3 takes for a document marker at
// column 0.
func marker(line []byte, c byte) bool {
	if len(line) < 3 || line[0] != c || line[1] != c || line[2] != c {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t'
}

// blank says whether line holds nothing but spaces and a comment.
func blank(line []byte) bool {
	line = bytes.TrimLeft(line, " ")
	return len(line) == 0 || line[0] == '#'
}

// plainBreaks says whether every line break in data is "\n" or "\r\n" and
// data has no byte-order mark: the lines Split counts are yaml.v3's lines.
func plainBreaks(data []byte) bool {
	for _, s := range []string{"\u2028", "\u2029", "\uFEFF"} {
		if bytes.Contains(data, []byte(s)) {
			return false
		}
	}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\r')
		if j < 0 {
			return true
		}
		i += j + 1
		if i == len(data) || data[i] != '\n' {
			return false
		}
	}
}

// crossAlias says whether data may hold an alias to an anchor of an
// earlier document: one yaml.v3 Decoder keeps its anchors from document to
// document, and a part decoded alone does not see them. Any '*' after an
// '&' counts, so most files with neither pass.
func crossAlias(data []byte) bool {
	i := bytes.IndexByte(data, '&')
	return i >= 0 && bytes.IndexByte(data[i:], '*') >= 0
}

// Part is what decoding one Doc gives: its document (none for a part with
// only comments), and the syntax error that ended it, positioned in the
// whole stream exactly as yamlx.Stream positions it.
type Part struct {
	Docs []*yaml.Node // document nodes, in order
	Err  *yamlx.Error // nil when the part decoded cleanly
}

// Decode decodes the part d of data (data as given to Split) with
// yamlx.Quick where it reads the part, else with yaml.v3, so that every node's Line and Column, and the error's
// position, are those of a sequential decode of data.
func Decode(data []byte, d Doc) Part {
	if roots, ok := yamlx.Quick(data[d.Start:d.End], d.Line); ok {
		return Part{Docs: roots}
	}
	roots, err := decode(data[d.Start:d.End], false)
	for _, r := range roots {
		moveLines(r, d.Line-1)
	}
	if err == nil {
		return Part{Docs: roots}
	}
	// Decode again for the error: after a blank line, so that yaml.v3
	// gives its line whatever it is, and on past the part's end, as the
	// sequential decoder read on before it failed: its scan ahead can
	// cross the marker, and a flow collection left open carries its
	// state across it ("[\n---\n|" fails at the '|'). This decode stops
	// at its first error, which is the sequential decode's, near the
	// part's end.
	lead, shift := d.Start > 0, d.Line-1
	if lead {
		shift--
	}
	if _, err2 := decode(data[d.Start:], lead); err2 != nil {
		err = err2
	} else {
		shift = d.Line - 1 // cannot happen (see the package doc); keep the first
	}
	return Part{Docs: roots, Err: yamlx.SyntaxError(moveError(err, shift), data)}
}

// decode decodes text with yaml.v3, after a blank line when lead is set.
func decode(text []byte, lead bool) ([]*yaml.Node, error) {
	var r io.Reader = bytes.NewReader(text)
	if lead {
		r = io.MultiReader(strings.NewReader("\n"), r)
	}
	dec := yaml.NewDecoder(r)
	var roots []*yaml.Node
	for {
		n := new(yaml.Node)
		err := yamlx.Decode(dec, n)
		if errors.Is(err, io.EOF) {
			return roots, nil
		}
		if err != nil {
			return roots, err
		}
		roots = append(roots, n)
	}
}

// moveLines adds shift to the line of n and of every node under it. An
// alias's target is under its anchor, so Content alone reaches each node
// once.
func moveLines(n *yaml.Node, shift int) {
	n.Line += shift
	for _, c := range n.Content {
		moveLines(c, shift)
	}
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// moveError adds shift to the line yaml.v3 gives in err's message. A
// message without a line is left as it is: with the blank line first,
// yaml.v3 gives a line for everything in a part after the stream's
// first line, so only a failure with no position at all (a recovered
// panic) has none, and yamlx places that at the stream's end either way.
func moveError(err error, shift int) error {
	msg := err.Error()
	m := lineRE.FindStringSubmatchIndex(msg)
	if m == nil || shift == 0 {
		return err
	}
	n, convErr := strconv.Atoi(msg[m[2]:m[3]])
	if convErr != nil {
		return err
	}
	return errors.New("yaml: line " + strconv.Itoa(n+shift) + ": " + msg[m[1]:])
}

// Each decodes the parts docs of data on workers goroutines and calls fn
// with each part, in order, on the calling goroutine. It bounds memory: a
// part is decoded only while the parts decoded and not yet handed to fn
// hold at most window bytes of text (one part at least is always let
// through, so a part larger than window is decoded alone). The node trees
// take some 10 to 20 times their text.
//
// A part after one with an error is decoded and handed over too.
func Each(data []byte, docs []Doc, workers, window int, fn func(d Doc, p Part)) {
	if workers <= 1 || len(docs) <= 1 {
		for _, d := range docs {
			fn(d, Decode(data, d))
		}
		return
	}
	const ahead = 256 // parts in flight at most, whatever their size
	ring := min(len(docs), ahead)
	r := &runner{data: data, docs: docs, window: window, parts: make([]slot, ring)}
	r.cond = sync.NewCond(&r.mu)
	var wg sync.WaitGroup
	for range min(workers, len(docs)) {
		wg.Go(r.work)
	}
	defer func() {
		r.mu.Lock()
		r.stop = true
		r.cond.Broadcast()
		r.mu.Unlock()
		wg.Wait()
	}()
	for i, d := range docs {
		r.mu.Lock()
		s := &r.parts[i%ring]
		for !s.ready {
			r.cond.Wait()
		}
		p := s.part
		*s = slot{}
		r.taken++
		r.inflight -= d.End - d.Start
		r.cond.Broadcast()
		r.mu.Unlock()
		fn(d, p)
	}
}

type slot struct {
	part  Part
	ready bool
}

// runner is the state Each's workers share, under mu: the next part to
// claim, how many parts fn has taken, the bytes claimed and not taken.
type runner struct {
	data     []byte
	docs     []Doc
	window   int
	mu       sync.Mutex
	cond     *sync.Cond
	parts    []slot // ring: part i in parts[i%len(parts)]
	next     int
	taken    int
	inflight int
	stop     bool
}

func (r *runner) work() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		for !r.stop && r.next < len(r.docs) && !r.room(r.docs[r.next]) {
			r.cond.Wait()
		}
		if r.stop || r.next >= len(r.docs) {
			return
		}
		i := r.next
		d := r.docs[i]
		r.next++
		r.inflight += d.End - d.Start
		r.mu.Unlock()
		p := Decode(r.data, d)
		r.mu.Lock()
		r.parts[i%len(r.parts)] = slot{part: p, ready: true}
		r.cond.Broadcast()
	}
}

// room says whether part d may be claimed now.
func (r *runner) room(d Doc) bool {
	if r.next >= r.taken+len(r.parts) {
		return false
	}
	return r.inflight == 0 || r.inflight+d.End-d.Start <= r.window
}

// Stream is yamlx.Stream on workers goroutines: it hands fn the document
// nodes of data (a stream as yamlx.Prepare returns it) in order, on the
// calling goroutine, and returns the syntax errors. When Split declines
// it decodes data sequentially with yamlx.Stream, which stops at the first
// error; otherwise it reads on after an error and returns every one, in
// order. window is as for Each.
func Stream(data []byte, workers, window int, fn func(doc *yaml.Node)) []*yamlx.Error {
	docs, ok := Split(data)
	if !ok {
		if err := yamlx.Stream(data, fn); err != nil {
			return []*yamlx.Error{err}
		}
		return nil
	}
	var errs []*yamlx.Error
	Each(data, docs, workers, window, func(_ Doc, p Part) {
		for _, n := range p.Docs {
			fn(n)
		}
		if p.Err != nil {
			errs = append(errs, p.Err)
		}
	})
	return errs
}
