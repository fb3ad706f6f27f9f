package renewal

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/citybureau/renewal/internal/fixed"
	readers "github.com/citybureau/renewal/internal/source"
	"github.com/citybureau/renewal/internal/yamlx"
	"gopkg.in/yaml.v3"
)

// fileResult is what decoding one progress file gives: its records and
// its problems.
type fileResult struct {
	recBatch
	probs []probChunk // see problemList
	cut   bool        // the load's context stopped it part way
	// parts are the records of a file decoded in parallel batches
	// (decodeSplit), after recBatch, in order.
	parts []recBatch

	// A file parsed before the plan was ready: its documents still to
	// walk, the nodes they hold of the budget, its decoder and the
	// problem that ends it.
	pending []*yaml.Node
	sheets  []readers.Document // a workbook's, waiting as pending does
	held    int64
	d       *decoder
	tail    *Problem
}

func (l *Loader) workers() int {
	if l.Workers > 0 {
		return l.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// window is how many decoded files may wait to be merged: enough that a
// slow file does not idle the other workers, and that files can be parsed
// ahead while the plan is decoded (see planGate), few enough that
// finished results never pile up: a small file's result is a few KB.
const window = 1024

func (l *Loader) progress(ctx context.Context, plan *Plan, srcs []source, pre Problems) (*Ledger, Problems) {
	if plan == nil {
		return noPlanLedger()
	}
	gate := newPlanGate(ctx)
	gate.open(plan)
	return l.progressGated(gate, srcs, pre)
}

// planGate hands the plan to a progress load that starts before the plan
// is ready. Documents parsed before then wait, up to a budget.
type planGate struct {
	ctx   context.Context // the load's: when done, the load stops
	ready chan struct{}   // closed when plan is set
	plan  *Plan           // nil: no plan, the load is abandoned
	slots [][]int32       // slotTable(plan)
	hints *idHints        // for unknown ids
	// budget is how many more YAML nodes may wait for the plan.
	budget atomic.Int64
}

// pendingNodes bounds the YAML nodes parsed ahead of the plan: some
// 60,000 records, about 75 MB of node trees, or the work of one core for
// the time a national plan takes to decode.
var pendingNodes int64 = 300_000

func newPlanGate(ctx context.Context) *planGate {
	g := &planGate{ctx: ctx, ready: make(chan struct{})}
	g.budget.Store(pendingNodes)
	return g
}

func (g *planGate) open(plan *Plan) {
	g.plan = plan
	if plan != nil {
		g.slots = slotTable(plan)
		g.hints = newIDHints(plan)
	}
	close(g.ready)
}

// get returns the plan if it is ready.
func (g *planGate) get() (*Plan, bool) {
	select {
	case <-g.ready:
		return g.plan, true
	default:
		return nil, false
	}
}

func (g *planGate) wait() *Plan {
	<-g.ready
	return g.plan
}

// hold takes n nodes from the budget, if it has them.
func (g *planGate) hold(n int64) bool {
	for {
		b := g.budget.Load()
		if b < n {
			return false
		}
		if g.budget.CompareAndSwap(b, b-n) {
			return true
		}
	}
}

func countNodes(n *yaml.Node) int64 {
	c := int64(1)
	for _, k := range n.Content {
		c += countNodes(k)
	}
	return c
}

// progressGated is progress for a plan that gate hands over, perhaps
// later. It returns nil when the gate opens with no plan.
func (l *Loader) progressGated(gate *planGate, srcs []source, pre Problems) (*Ledger, Problems) {
	if gate.ctx.Err() != nil {
		<-gate.ready
		return nil, Problems{cancelled(gate.ctx, srcs, 0)}
	}
	w := l.decodeAll(gate, srcs)
	plan := gate.wait()
	if plan == nil {
		w.abandon()
		return nil, nil
	}
	if plan.unread {
		// Nothing of the plan was read: checking progress against it
		// would give a problem a record, all saying the same.
		w.abandon()
		return newLedger(plan), Problems{fileProblem(plan.File, ErrReference, CodePlanCouldNotRead, len(srcs))}
	}
	led := newLedger(plan)
	// Each file's problems are kept apart and laid out once at the end,
	// so that a flood of a million problems is copied once, not grown.
	parts := []probChunk{chunkOf(pre...)}
	for i := range srcs {
		res, ok := w.next(gate.ctx, i)
		if !ok {
			w.abandon()
			return nil, append(expand(parts), cancelled(gate.ctx, srcs, i))
		}
		if len(res.pending) > 0 || len(res.sheets) > 0 || res.d != nil {
			l.finishFile(gate, res)
		}
		led.merge(&res.recBatch)
		parts = append(parts, res.probs...)
		led.stats.Entries += res.entries
		led.stats.Rejected += res.bad
		for j := range res.parts {
			b := &res.parts[j]
			led.merge(b)
			led.stats.Entries += b.entries
			led.stats.Rejected += b.bad
			res.parts[j] = recBatch{} // merged: let it go
		}
	}
	w.wg.Wait()
	led.stats.Files = len(srcs)
	for _, s := range srcs {
		led.files = append(led.files, s.name)
	}
	return led, led.finish(parts, srcs)
}

// decoding is the files of a load being decoded in parallel, to be
// merged in load order. At most l.workers() files are decoded at once,
// and at most window results wait for the merge, so memory stays bounded
// however many files there are. Before the plan is ready, parsed
// documents wait too, up to the gate's budget.
type decoding struct {
	results  []chan *fileResult // file i's result, once decoded
	ahead    chan struct{}      // a slot for each file launched and not yet merged
	wg       sync.WaitGroup     // the files under way
	stop     chan struct{}      // closed to stop launching
	launched chan struct{}      // closed when launching is over
}

func (l *Loader) decodeAll(gate *planGate, srcs []source) *decoding {
	w := &decoding{
		results:  make([]chan *fileResult, len(srcs)),
		ahead:    make(chan struct{}, max(window, l.workers())),
		stop:     make(chan struct{}),
		launched: make(chan struct{}),
	}
	for i := range w.results {
		w.results[i] = make(chan *fileResult, 1)
	}
	work := make(chan struct{}, l.workers())
	go func() {
		defer close(w.launched)
		for i, src := range srcs {
			select {
			case w.ahead <- struct{}{}:
			case <-w.stop:
				return
			case <-gate.ctx.Done():
				return
			}
			select {
			case work <- struct{}{}:
			case <-w.stop:
				return
			case <-gate.ctx.Done():
				return
			}
			w.wg.Add(1)
			go func() {
				defer w.wg.Done()
				res := l.decodeProgressFile(gate, src)
				<-work
				w.results[i] <- res
			}()
		}
	}()
	return w
}

// next waits for file i's result, which frees its slot for another file.
// It returns false when ctx is done first, or file i was cut short by it.
func (w *decoding) next(ctx context.Context, i int) (*fileResult, bool) {
	var res *fileResult
	select {
	case res = <-w.results[i]:
	case <-ctx.Done():
		return nil, false
	}
	w.results[i] = nil
	<-w.ahead
	return res, !res.cut
}

// cancelled is the problem of a load that ctx stopped before file i of
// srcs was merged: its Err is ctx's error.
func cancelled(ctx context.Context, srcs []source, i int) Problem {
	name := ""
	if i < len(srcs) {
		name = srcs[i].name
	}
	p := fileProblem(name, ErrSyntax, CodeLoadingWasStoppedFile, ctx.Err(), max(len(srcs)-i-1, 0))
	p.Err = ctx.Err()
	return p
}

// abandon stops launching, and lets the files under way finish.
func (w *decoding) abandon() {
	close(w.stop)
	<-w.launched
	w.wg.Wait()
}

// sortLoadOrder puts a load's problems in load order: by file, then
// position, problems at one place in the order they were found. Each
// file's problems come sorted and files in load order, so usually only
// the index's problems (duplicates, conflicts, falls) need to move: the
// sort looks up each problem's file once, and moves problems only when
// they are out of order.
func sortLoadOrder(probs Problems, srcs []source) {
	if len(probs) < 2 {
		return
	}
	fileNo := make(map[string]int, len(srcs))
	for i, s := range srcs {
		fileNo[s.name] = i
	}
	type key struct{ file, line, col, seq int }
	last, lastNo := "", -1
	keyOf := func(i int) key {
		p := &probs[i]
		if p.File != last || lastNo < 0 {
			last, lastNo = p.File, fileNo[p.File]
		}
		return key{lastNo, p.Line, p.Column, i}
	}
	cmp := func(a, b key) int {
		if a.file != b.file {
			return a.file - b.file
		}
		if a.line != b.line {
			return a.line - b.line
		}
		if a.col != b.col {
			return a.col - b.col
		}
		return a.seq - b.seq
	}
	// Most often sorted already: check that first, without the keys (a
	// million problems' keys are 32 MB).
	sorted := true
	for i, prev := 1, keyOf(0); i < len(probs) && sorted; i++ {
		k := keyOf(i)
		sorted = cmp(prev, k) < 0
		prev = k
	}
	if sorted {
		return
	}
	keys := make([]key, len(probs))
	for i := range probs {
		keys[i] = keyOf(i)
	}
	slices.SortFunc(keys, cmp) // seq makes it stable
	moved := make(Problems, len(probs))
	for i, k := range keys {
		moved[i] = probs[k.seq]
	}
	copy(probs, moved)
}

// merge appends a file's records, rebasing their indexes.
func (l *Ledger) merge(res *recBatch) {
	docBase := int32(len(l.docs))
	bigBase := int64(len(l.bigs))
	extBase := int32(len(l.exts))
	l.docs = append(l.docs, res.docs...)
	l.bigs = append(l.bigs, res.bigs...)
	l.exts = append(l.exts, res.exts...)
	l.ents = append(l.ents, res.ents...)
	for _, c := range res.recs {
		for i := range c {
			r := &c[i]
			r.doc += docBase
			if r.ve == fixed.NoExp {
				r.vm += bigBase
			}
			if r.de == fixed.NoExp {
				r.dm += bigBase
			}
			if r.ext != 0 {
				r.ext += extBase
			}
		}
		l.recs.add(c)
	}
}

// parallelFor calls fn(i) for i in [0, n), on up to GOMAXPROCS goroutines
// when parallel, else in order on this one.
func parallelFor(n int, parallel bool, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if !parallel || workers < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			fn(i)
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// decodeProgressFile reads one progress file: every document, every
// record. It runs on its own goroutine.
//
// Documents parsed before the plan is ready wait in res.pending while the
// gate's budget lasts; after that the file waits for the plan. A file
// that ends with documents still waiting is finished by finishFile.
func (l *Loader) decodeProgressFile(gate *planGate, src source) *fileResult {
	if isWorkbook(src.name) {
		return l.decodeWorkbook(gate, src)
	}
	res := &fileResult{}
	if gate.ctx.Err() != nil {
		res.cut = true
		return res
	}
	text, bad := l.read(src)
	if bad != nil {
		res.probs = []probChunk{chunkOf(*bad)}
		return res
	}
	size, line := yamlx.LargestDocument(text)
	// A document over the limit is streamed when it can be, whatever its
	// size: only yaml.v3's whole trees are limited.
	if (size >= streamMin || size > l.Limits.documentBytes()) && l.decodeStreamed(gate, src.name, text, res) {
		return res
	}
	if size > l.Limits.documentBytes() {
		res.probs = []probChunk{chunkOf(documentTooLarge(src.name, line, size, l.Limits.documentBytes()))}
		return res
	}
	if l.decodeSplit(gate, src.name, text, res) {
		return res
	}
	d := &decoder{file: src.name, lim: l.Limits, read: l.asWritten}
	plan, ready := gate.get()
	if ready {
		if plan == nil {
			return res // abandoned
		}
		d.slots, d.hints = gate.slots, gate.hints
	}
	tail := l.stream(d, text, progressWhat, func(doc *yaml.Node) {
		if res.cut = res.cut || gate.ctx.Err() != nil; res.cut {
			return // the rest is read, not walked: yaml.v3 cannot be stopped
		}
		if !ready {
			if plan, ready = gate.get(); !ready {
				if n := countNodes(doc); gate.hold(n) {
					res.pending = append(res.pending, doc)
					res.held += n
					return
				}
				plan, ready = gate.wait(), true
			}
			if plan == nil {
				return
			}
			d.slots, d.hints = gate.slots, gate.hints
			l.walkPending(gate, d, res)
		}
		if plan != nil {
			d.progressDocument(plan, doc, &res.recBatch)
		}
	})
	if len(res.pending) > 0 {
		res.d, res.tail = d, tail // for finishFile
		return res
	}
	if tail != nil {
		d.probs.add(*tail)
	}
	res.probs = d.probs.chunks()
	return res
}

// walkPending walks the documents that waited for the plan, and gives
// their nodes back to the budget.
func (l *Loader) walkPending(gate *planGate, d *decoder, res *fileResult) {
	for i, doc := range res.pending {
		d.progressDocument(gate.plan, doc, &res.recBatch)
		res.pending[i] = nil
	}
	for i := range res.sheets {
		d.walkSheet(gate.plan, &res.sheets[i], &res.recBatch)
	}
	res.pending, res.sheets = nil, nil
	gate.budget.Add(res.held)
	res.held = 0
}

// finishFile walks a file's documents that waited for the plan, now that
// it is ready, and adds the problem that ended the file.
func (l *Loader) finishFile(gate *planGate, res *fileResult) {
	d := res.d
	d.slots, d.hints = gate.slots, gate.hints
	l.walkPending(gate, d, res)
	if res.tail != nil {
		d.probs.add(*res.tail)
	}
	res.probs = d.probs.chunks()
	res.d, res.tail = nil, nil
}
