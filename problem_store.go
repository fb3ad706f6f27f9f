package renewal

import "math"

// A load keeps its problems compact until it hands them over: a prob is
// 64 bytes where a Problem is 136, so that a flood of four million
// problems is 260 MB until the end, and the one Problems slice a load
// returns is laid out from them once, not from a copy of itself. A
// problem the compact form cannot hold (one with a sheet, a cause, a
// class of its own, or a line past 2^31) is kept whole beside it.

// prob is a compact Problem: see above.
type prob struct {
	file, msg, args string
	line, col       int32
	whole           int32 // 1 + the index of the whole Problem in its chunk's whole; 0 for none
	sev             Severity
	class           uint8  // an index in probClasses
	code            uint16 // an index in codes
}

// probClasses are the classes a prob holds, by index.
var probClasses = [...]error{ErrSyntax, ErrField, ErrValue, ErrReference, ErrRule}

// probChunk is a run of problems in load order: compact ones, and the
// whole ones they point to.
type probChunk struct {
	ps    []prob
	whole []Problem
}

// chunkSize of problems: past it a full chunk is set aside rather than
// copied into a larger one.
const probChunkSize = 8192

// chunkOf returns a chunk of the problems ps.
func chunkOf(ps ...Problem) probChunk {
	var c probChunk
	for _, p := range ps {
		c.add(p)
	}
	return c
}

func (c *probChunk) add(p Problem) {
	k := -1
	for i, class := range probClasses {
		if p.Class == class {
			k = i
			break
		}
	}
	code, known := codeNo[p.Code]
	if k < 0 || !known || p.Sheet != "" || p.Err != nil || p.Line < 0 || p.Column < 0 || p.Line > math.MaxInt32 || p.Column > math.MaxInt32 {
		c.whole = append(c.whole, p)
		c.ps = append(c.ps, prob{whole: int32(len(c.whole))})
		return
	}
	c.ps = append(c.ps, prob{file: p.File, msg: p.Message, args: p.args, line: int32(p.Line), col: int32(p.Column), sev: p.Severity, class: uint8(k), code: code})
}

// problem returns the i-th problem of c, whole.
func (c *probChunk) problem(i int) Problem {
	q := &c.ps[i]
	if q.whole > 0 {
		return c.whole[q.whole-1]
	}
	return Problem{Position: Position{File: q.file, Line: int(q.line), Column: int(q.col)}, Severity: q.sev, Class: probClasses[q.class], Message: q.msg, Code: codes[q.code], args: q.args}
}

// appendMessage adds s to the message of the i-th problem of c.
func (c *probChunk) appendMessage(i int, s string) {
	if q := &c.ps[i]; q.whole > 0 {
		c.whole[q.whole-1].Message += s
	} else {
		q.msg += s
	}
}

// expand lays the problems of chunks out in one Problems, in order, and
// drops each chunk once it is laid out.
func expand(chunks []probChunk) Problems {
	n := 0
	for _, c := range chunks {
		n += len(c.ps)
	}
	if n == 0 {
		return nil
	}
	out := make(Problems, 0, n)
	for i := range chunks {
		c := &chunks[i]
		for j := range c.ps {
			out = append(out, c.problem(j))
		}
		chunks[i] = probChunk{}
	}
	return out
}

// problemList collects problems in chunks (see probChunk).
type problemList struct {
	cur  probChunk   // the chunk being filled
	full []probChunk // the chunks before it, full
	n    int         // problems in all
	// lastMsg is the last message added: a flood of one fault keeps one
	// copy of its text.
	lastMsg string
}

func (pl *problemList) add(p Problem) {
	if len(pl.cur.ps) >= probChunkSize {
		pl.full = append(pl.full, pl.cur)
		pl.cur = probChunk{ps: make([]prob, 0, probChunkSize)}
	}
	if p.Message == pl.lastMsg {
		p.Message = pl.lastMsg
	}
	pl.lastMsg = p.Message
	pl.cur.add(p)
	pl.n++
}

// appendMessage adds s to the message of the i-th problem added.
func (pl *problemList) appendMessage(i int, s string) {
	for k := range pl.full {
		if c := &pl.full[k]; i < len(c.ps) {
			c.appendMessage(i, s)
			return
		}
		i -= len(pl.full[k].ps)
	}
	pl.cur.appendMessage(i, s)
}

// chunks returns the problems added, in order, in chunks.
func (pl *problemList) chunks() []probChunk {
	if len(pl.full) == 0 {
		return []probChunk{pl.cur}
	}
	return append(pl.full[:len(pl.full):len(pl.full)], pl.cur)
}

// problems returns the problems added, in order, in one slice.
func (pl *problemList) problems() Problems { return expand(pl.chunks()) }
