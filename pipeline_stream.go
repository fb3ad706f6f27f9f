package renewal

import (
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/yamlx"
)

// A progress document of a megabyte or more (a month's export written as
// one records list, a flood of a million bad records) is read by the
// quick reader a batch of records at a time (yamlx.QuickStream), so that
// its node trees never sit in memory whole: memory is the records kept
// and the problems, not some 200 bytes of nodes a record. A document the
// quick reader declines is read by yaml.v3 as any other, and refused up
// front when it is over Limits.DocumentBytes.

// streamMin is the smallest document that is streamed.
var streamMin = 1 << 20

// streamBatch is how many records are walked a batch.
const streamBatch = 4096

// decodeStreamed reads a progress file whose largest document is
// streamMin or more through yamlx.QuickStream, once the plan is ready,
// and reports whether it did (false: the quick reader declined, and
// nothing was read; the caller reads it as before).
func (l *Loader) decodeStreamed(gate *planGate, name string, text []byte, res *fileResult) bool {
	plan := gate.wait()
	if plan == nil {
		return true // abandoned: the plan failed
	}
	d := &decoder{file: name, lim: l.Limits, read: l.asWritten, slots: gate.slots, hints: gate.hints}
	s := &streamWalk{d: d, plan: plan, res: res, gate: gate}
	if !yamlx.QuickStream(text, 1, "records", streamBatch, s) {
		if s.docs > 0 {
			// The quick reader read all of text once before handing over
			// any of it, so it cannot decline part way; if it ever does,
			// read the file as before.
			res.recBatch, res.cut = recBatch{}, false
		}
		return false
	}
	res.probs = d.probs.chunks()
	return true
}

// streamWalk walks the documents QuickStream hands over: it is the
// yamlx.Walker of decodeStreamed.
type streamWalk struct {
	d    *decoder
	plan *Plan
	res  *fileResult
	gate *planGate
	w    *docWalk // the document being walked, nil for none
	docs int
}

func (s *streamWalk) Document(doc *yaml.Node) {
	s.docs++
	s.w = nil
	if s.res.cut = s.res.cut || s.gate.ctx.Err() != nil; s.res.cut {
		return
	}
	if root, ok := s.d.root(doc, progressWhat); ok {
		s.w = s.d.beginProgressDoc(s.plan, root, &s.res.recBatch)
	}
}

func (s *streamWalk) Items(list *yaml.Node, items []*yaml.Node) {
	if s.res.cut = s.res.cut || s.gate.ctx.Err() != nil; s.res.cut {
		s.w = nil
	}
	if s.w != nil && list == s.w.list {
		s.w.items(items)
	}
}

func (s *streamWalk) End() {
	if s.w != nil {
		s.w.end()
	}
	s.w = nil
}
