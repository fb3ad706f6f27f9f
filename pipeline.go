package renewal

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/citybureau/renewal/internal/fixed"
	"gopkg.in/yaml.v3"
)

// window is how many decoded files may wait to be merged: enough that a
// slow file does not idle the other workers, and that files can be parsed
// ahead while the plan is decoded (see planGate), few enough that
// finished results never pile up: a small file's result is a few KB.
const window = 1024

func (l *Loader) progress(plan *Plan, srcs []source, pre Problems) (*Ledger, Problems) {
	gate := newPlanGate()
	gate.open(plan)
	return l.progressGated(gate, srcs, pre)
}

// planGate hands the plan to a progress load that starts before the plan
// is ready. Documents parsed before then wait, up to a budget.
type planGate struct {
	ready chan struct{} // closed when plan is set
	plan  *Plan         // nil: no plan, the load is abandoned
	slots [][]int32     // slotTable(plan)
	// budget is how many more YAML nodes may wait for the plan.
	budget atomic.Int64
}

// pendingNodes bounds the YAML nodes parsed ahead of the plan: some
// 60,000 records, about 75 MB of node trees, or the work of one core for
// the time a national plan takes to decode.
var pendingNodes int64 = 300_000

func newPlanGate() *planGate {
	g := &planGate{ready: make(chan struct{})}
	g.budget.Store(pendingNodes)
	return g
}

func (g *planGate) open(plan *Plan) {
	g.plan = plan
	if plan != nil {
		g.slots = slotTable(plan)
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
	// Decode files in parallel, merge them in load order. At most
	// l.workers() files are decoded at once, and at most window results
	// wait for the merge, so memory stays bounded however many files
	// there are. Before the plan is ready, parsed documents wait too, up
	// to the gate's budget.
	results := make([]chan *fileResult, len(srcs))
	for i := range results {
		results[i] = make(chan *fileResult, 1)
	}
	work := make(chan struct{}, l.workers())
	ahead := make(chan struct{}, max(window, l.workers()))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	launched := make(chan struct{})
	go func() {
		defer close(launched)
		for i, src := range srcs {
			select {
			case ahead <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case work <- struct{}{}:
			case <-stop:
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := l.decodeProgressFile(gate, src, i)
				<-work
				results[i] <- res
			}()
		}
	}()
	plan := gate.wait()
	if plan == nil {
		// No plan: stop launching, and let the files under way finish.
		close(stop)
		<-launched
		wg.Wait()
		return nil, nil
	}
	led := &Ledger{plan: plan}
	led.slots = make([][][]int32, len(plan.Targets))
	for i, t := range plan.Targets {
		led.slots[i] = make([][]int32, len(t.Allocations)+1)
	}
	probs := pre
	for i := range srcs {
		res := <-results[i]
		results[i] = nil
		<-ahead
		if len(res.pending) > 0 || res.d != nil {
			l.finishFile(gate, res)
		}
		led.merge(res)
		probs = append(probs, res.probs...)
		led.stats.Entries += res.entries
		led.stats.Rejected += res.bad
	}
	wg.Wait()
	led.stats.Files = len(srcs)
	probs = append(probs, led.index()...)
	led.stats.Records = led.stats.Entries - led.stats.Rejected - led.stats.Duplicates - led.stats.Replaced
	// Problems in load order: by file, then position.
	fileNo := map[string]int{}
	for _, d := range led.docs {
		fileNo[d.file] = d.fileNo
	}
	for i, s := range srcs {
		fileNo[s.name] = i
	}
	slices.SortStableFunc(probs, func(a, b Problem) int {
		if fa, fb := fileNo[a.File], fileNo[b.File]; fa != fb {
			return fa - fb
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	led.warnings = probs.Warnings()
	return led, probs
}

// merge appends a file's records, rebasing their indexes.
func (l *Ledger) merge(res *fileResult) {
	docBase := int32(len(l.docs))
	bigBase := int64(len(l.bigs))
	extBase := int32(len(l.exts))
	l.docs = append(l.docs, res.docs...)
	l.bigs = append(l.bigs, res.bigs...)
	l.exts = append(l.exts, res.exts...)
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
func (l *Loader) decodeProgressFile(gate *planGate, src source, fileNo int) *fileResult {
	res := &fileResult{fileNo: fileNo}
	text, bad := l.read(src)
	if bad != nil {
		res.probs = Problems{*bad}
		return res
	}
	d := &decoder{file: src.name, lim: l.Limits}
	plan, ready := gate.get()
	if ready {
		if plan == nil {
			return res // abandoned
		}
		d.slots = gate.slots
	}
	tail := l.stream(d, text, progressWhat, func(doc *yaml.Node) {
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
			d.slots = gate.slots
			l.walkPending(gate, d, res)
		}
		if plan != nil {
			l.walkDoc(plan, d, doc, res)
		}
	})
	if len(res.pending) > 0 {
		res.d, res.tail = d, tail // for finishFile
		return res
	}
	if tail != nil {
		d.probs = append(d.probs, *tail)
	}
	res.probs = d.probs
	return res
}

const progressWhat = "a progress document with records"

func (l *Loader) walkDoc(plan *Plan, d *decoder, doc *yaml.Node, res *fileResult) {
	if root, ok := d.root(doc, progressWhat); ok {
		d.decodeProgressDoc(plan, root, res, res.fileNo)
	}
}

// walkPending walks the documents that waited for the plan, and gives
// their nodes back to the budget.
func (l *Loader) walkPending(gate *planGate, d *decoder, res *fileResult) {
	for i, doc := range res.pending {
		l.walkDoc(gate.plan, d, doc, res)
		res.pending[i] = nil
	}
	res.pending = nil
	gate.budget.Add(res.held)
	res.held = 0
}

// finishFile walks a file's documents that waited for the plan, now that
// it is ready, and adds the problem that ended the file.
func (l *Loader) finishFile(gate *planGate, res *fileResult) {
	d := res.d
	d.slots = gate.slots
	l.walkPending(gate, d, res)
	if res.tail != nil {
		d.probs = append(d.probs, *res.tail)
	}
	res.probs = d.probs
	res.d, res.tail = nil, nil
}
