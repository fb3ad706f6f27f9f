package renewal

import (
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/yamlx"
)

// A progress document of a megabyte or more (a month's export written as
// one records list, a flood of a million bad records) is read by the
// quick reader a batch of records at a time (yamlx.QuickStream), so that
// its node trees never sit in memory whole: memory is the records kept
// and the problems, not some 200 bytes of nodes a record. The records
// list may be a block list or a one-line flow list, in a block mapping
// or in a document written as one flow mapping. A document the quick
// reader declines is read by yaml.v3 as any other, and refused up front
// when it is over Limits.DocumentBytes.
//
// Decline, never drop: each reading path either reads a document whole
// or declines it before handing over a record, and the next path reads
// it. A records list that reaches streamWalk with its items in place
// (not streamed) is walked there, not passed over.

// streamMin is the smallest document that is streamed. A variable, so
// that the threshold tests can lower it.
var streamMin = 1 << 20

// streamBatch is how many records are walked a batch.
var streamBatch = 4096

// dropStreamBatch is a test hook: when n > 0, the streamed path drops its
// nth batch of records, silently, so that the differential tests can show
// they catch a lost batch.
var dropStreamBatch int

// decodeStreamed reads a progress file whose largest document is
// streamMin or more, or over Limits.DocumentBytes, through
// yamlx.QuickStream, once the plan is ready, and reports whether it did
// (false: the quick reader declined, and nothing was read; the caller
// reads it as before).
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
	d       *decoder
	plan    *Plan
	res     *fileResult
	gate    *planGate
	w       *docWalk // the document being walked, nil for none
	docs    int
	batches int // batches of records handed over, for dropStreamBatch
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
	if s.w != nil && len(s.w.list.Content) > 0 {
		// A records list the reader did not stream (QuickStream streams
		// every one it reads): its items are here, so walk them.
		s.w.items(s.w.list.Content)
	}
}

func (s *streamWalk) Items(list *yaml.Node, items []*yaml.Node) {
	if s.res.cut = s.res.cut || s.gate.ctx.Err() != nil; s.res.cut {
		s.w = nil
	}
	if s.w != nil && list == s.w.list {
		if s.batches++; s.batches == dropStreamBatch {
			return
		}
		s.w.items(items)
	}
}

func (s *streamWalk) End() {
	if s.w != nil {
		s.w.end()
	}
	s.w = nil
}
