package renewal

import (
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/docsplit"
)

// One large multi-document progress file (a month's export, a province's
// year) is decoded on every core: docsplit cuts it at its document
// markers, where the cut is exact, and consecutive documents are decoded
// in batches, each batch by one yaml.v3 Decoder and walked into records
// on the same worker, then merged in document order. Every node's line
// and column are those of a sequential decode (see package docsplit).
// A batch that meets a syntax error is decoded again a document at a
// time, so each error is exact, and the documents after it are read too:
// every problem of the file comes in one pass, where a sequential decode
// stops at the first. A file that docsplit cannot cut exactly is decoded
// sequentially.

// splitMin is the smallest file decoded in parallel: below it, the
// pipeline's own parallelism over files is enough.
var splitMin = 512 << 10

// batchBytes is about how much text one batch holds: enough that a
// Decoder's start-up cost is spread over many documents, small enough
// that the node trees in flight (some 50 times the text, one batch a
// worker) stay a few tens of megabytes.
var batchBytes = 64 << 10

// splitBatch is a run of consecutive parts of a file, decoded together.
type splitBatch struct {
	parts []docsplit.Doc
}

// splitResult is what decoding and walking one batch gives.
type splitResult struct {
	recBatch
	probs []probChunk
	docs  int // documents decoded
	// A batch decoded before the plan was ready waits to be walked: its
	// documents, their syntax errors, and the nodes they hold of the
	// gate's budget.
	pending []*yaml.Node
	errs    []docsplit.Part
	held    int64
}

// decodeSplit decodes src's text in parallel batches into res, and
// reports whether it did (false: the caller decodes it sequentially).
func (l *Loader) decodeSplit(gate *planGate, name string, text []byte, res *fileResult) bool {
	workers := l.workers()
	if len(text) < splitMin || workers < 2 {
		return false
	}
	parts, ok := docsplit.Split(text)
	if !ok || len(parts) < 2 {
		return false
	}
	var batches []splitBatch
	for i := 0; i < len(parts); {
		j, size := i, 0
		for j < len(parts) && (j == i || size+parts[j].End-parts[j].Start <= batchBytes) {
			size += parts[j].End - parts[j].Start
			j++
		}
		batches = append(batches, splitBatch{parts: parts[i:j]})
		i = j
	}
	results := make([]splitResult, len(batches))
	var next atomic.Int64
	var wg sync.WaitGroup
	var cut atomic.Bool
	for range min(workers, len(batches)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(batches) {
					return
				}
				if gate.ctx.Err() != nil {
					cut.Store(true)
					return
				}
				if !l.decodeBatch(gate, name, text, batches[i], &results[i]) {
					return // abandoned: no plan
				}
			}
		})
	}
	wg.Wait()
	// Walk the batches decoded ahead of the plan, now on every core.
	var abandoned atomic.Bool
	parallelFor(len(results), true, func(i int) {
		if r := &results[i]; r.pending != nil {
			if !l.walkBatch(gate, name, r) {
				abandoned.Store(true)
			}
		}
	})
	if abandoned.Load() {
		return true
	}
	res.cut = cut.Load()
	docs := 0
	for i := range results {
		r := &results[i]
		res.parts = append(res.parts, r.recBatch)
		res.probs = append(res.probs, r.probs...)
		docs += r.docs
	}
	if docs == 0 {
		res.probs = append(res.probs, chunkOf(fileProblem(name, ErrSyntax, CodeEmptyFile, progressWhat)))
	}
	return true
}

// decodeBatch decodes and walks one batch into out. It returns false
// when the load was abandoned (the plan failed).
func (l *Loader) decodeBatch(gate *planGate, name string, text []byte, b splitBatch, out *splitResult) bool {
	first, last := b.parts[0], b.parts[len(b.parts)-1]
	whole := docsplit.Doc{Start: first.Start, End: last.End, Line: first.Line, Next: last.Next}
	p := docsplit.Decode(text, whole)
	var docs []*yaml.Node
	var errs []docsplit.Part
	if p.Err == nil {
		docs = p.Docs
	} else {
		// Again a part at a time: each error exactly where a sequential
		// decode puts it, and the parts after it read.
		for _, part := range b.parts {
			q := docsplit.Decode(text, part)
			docs = append(docs, q.Docs...)
			if q.Err != nil {
				errs = append(errs, q)
			}
		}
	}
	out.pending, out.errs = docs, errs
	if _, ready := gate.get(); !ready {
		var n int64
		for _, doc := range docs {
			n += countNodes(doc)
		}
		if gate.hold(n) {
			out.held = n
			if out.pending == nil {
				out.pending = []*yaml.Node{}
			}
			return true // walked once the plan is ready
		}
	}
	return l.walkBatch(gate, name, out)
}

// walkBatch turns a decoded batch's documents into records, once the
// plan is ready, and gives back the nodes it held of the budget. It
// returns false when the load was abandoned.
func (l *Loader) walkBatch(gate *planGate, name string, out *splitResult) bool {
	plan := gate.wait()
	defer func() {
		gate.budget.Add(out.held)
		out.held, out.pending = 0, nil
	}()
	if plan == nil {
		return false
	}
	d := &decoder{file: name, lim: l.Limits, read: l.asWritten, slots: gate.slots, hints: gate.hints}
	for i, doc := range out.pending {
		d.progressDocument(plan, doc, &out.recBatch)
		out.pending[i] = nil
	}
	for _, e := range out.errs {
		d.probs.add(newProblem(Position{File: name, Line: e.Err.Line, Column: e.Err.Column}, Error, ErrSyntax, CodeYamlSyntax, e.Err.Message))
	}
	out.probs = d.probs.chunks()
	out.docs = len(out.pending)
	out.errs = nil
	return true
}
