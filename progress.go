package renewal

import (
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/unit"
)

// Record is one reported figure: what a district (or the city) had done
// of a target by a date. Figures are cumulative as of Date, converted to
// the target's unit; percentages are fractions.
type Record struct {
	Position
	Target   *Target
	District *District // nil for a city-level record
	Date     Date
	// Value is the figure of a count or level record.
	Value decimal.Decimal
	// Numerator and Denominator are the parts of a ratio record.
	Numerator, Denominator decimal.Decimal
	// Done is the day a milestone was done, for a milestone record.
	Done Date
	// Unit is the unit the record was written in when it named one.
	Unit string
	Note string
	// Correction is the reason given when this record replaces an earlier
	// one for the same target, district and date.
	Correction string
	// Source is the file's `source`: who reported.
	Source string
}

// Stats counts what a progress load did with the record entries it read.
// Entries = Records + Rejected + Duplicates + Replaced: every entry is
// counted, or named in a problem.
type Stats struct {
	Files      int // files read
	Entries    int // record entries read
	Records    int // records counted in the ledger
	Rejected   int // entries not counted because of an error
	Duplicates int // exact repeats, counted once (each named in a warning)
	Replaced   int // records replaced by a later correction (each named in a warning)
}

// Ledger holds the records of a progress load, indexed for evaluation: for
// each target and district the records are sorted by date, so the record
// in force on any day is a binary search away. A Ledger is read-only once
// loaded and safe to share between goroutines.
type Ledger struct {
	plan  *Plan
	recs  recStore
	bigs  []decimal.Decimal // figures too large for a rec, see num.go
	exts  []recExt          // the rare text fields of records
	docs  []docInfo
	slots [][][]int32 // [target][slot] → record handles sorted by date
	// dates mirrors slots with each record's date, so that finding the
	// record in force reads a few contiguous dates, not records scattered
	// over the whole ledger.
	dates  [][][]Date
	latest Date
	stats  Stats
	// warnings are the load's warnings, for reports.
	warnings Problems
}

// rec is the compact form of a Record: 56 bytes and no pointers, so that a
// national ledger of a million records is small and costs the garbage
// collector nothing to scan. Figures are m × 10^e (see num.go); text
// fields live in the ledger's exts.
type rec struct {
	vm, dm     int64 // value or numerator; denominator: coefficients
	date, done Date
	target     int32
	slot       int32 // 0 for the city, i+1 for allocation i
	doc        int32
	line, col  int32
	ext        int32 // 1 + index in exts; 0 for none
	ve, de     int8  // exponents of vm and dm; bigExp: an index in bigs
	gone       bool  // dropped as a duplicate or replaced
}

type recExt struct{ unit, note, correction string }

// recStore holds records in chunks of at most chunkSize, in load order. A
// record's handle is its chunk number and its place in the chunk, so
// handles rise in load order. Chunks let a load grow without copying (or
// briefly doubling) a slice of a million records.
type recStore struct {
	chunks [][]rec
}

const (
	chunkBits = 12
	chunkSize = 1 << chunkBits
)

func (s *recStore) at(h int32) *rec { return &s.chunks[h>>chunkBits][h&(chunkSize-1)] }

// add appends records in load order: a full chunk is taken over as it is,
// others are copied into the last chunk while it has room.
func (s *recStore) add(c []rec) {
	for len(c) > 0 {
		if len(c) >= chunkSize {
			s.chunks = append(s.chunks, c[:chunkSize:chunkSize])
			c = c[chunkSize:]
			continue
		}
		n := len(s.chunks)
		if n == 0 || len(s.chunks[n-1]) == cap(s.chunks[n-1]) {
			s.chunks = append(s.chunks, make([]rec, 0, chunkSize))
			n++
		}
		last := s.chunks[n-1]
		k := min(len(c), cap(last)-len(last))
		s.chunks[n-1] = append(last, c[:k]...)
		c = c[k:]
	}
}

// all calls fn with every record's handle, in load order.
func (s *recStore) all(fn func(h int32, r *rec) bool) {
	for ci, c := range s.chunks {
		for i := range c {
			if !fn(int32(ci<<chunkBits|i), &c[i]) {
				return
			}
		}
	}
}

// value returns a record's value (or numerator) as a decimal.
func (l *Ledger) value(r *rec) decimal.Decimal { return l.num(r.vm, r.ve) }

// den returns a ratio record's denominator.
func (l *Ledger) den(r *rec) decimal.Decimal { return l.num(r.dm, r.de) }

func (l *Ledger) num(m int64, e int8) decimal.Decimal {
	if e == bigExp {
		return l.bigs[m]
	}
	if m == 0 {
		return decimal.Decimal{}
	}
	return decimal.New(m, int32(e))
}

// fixValue returns a record's value as a fix, unless it is in bigs.
func fixNum(m int64, e int8) (fix, bool) {
	return fix{m, int32(e)}, e != bigExp
}

func (l *Ledger) ext(r *rec) *recExt {
	if r.ext == 0 {
		return nil
	}
	return &l.exts[r.ext-1]
}

type docInfo struct {
	file   string
	fileNo int
	source string
}

// Plan returns the plan the ledger was loaded for.
func (l *Ledger) Plan() *Plan { return l.plan }

// Len returns the number of records counted.
func (l *Ledger) Len() int { return l.stats.Records }

// Stats returns what the load did with each entry it read.
func (l *Ledger) Stats() Stats { return l.stats }

// Latest returns the latest record date, or the zero Date when there are
// no records.
func (l *Ledger) Latest() Date { return l.latest }

// Records returns the counted records in load order.
func (l *Ledger) Records() iter.Seq[Record] {
	return func(yield func(Record) bool) {
		l.recs.all(func(h int32, r *rec) bool {
			return r.gone || yield(l.record(h))
		})
	}
}

func (l *Ledger) record(i int32) Record {
	r := l.recs.at(i)
	t := l.plan.Targets[r.target]
	doc := l.docs[r.doc]
	out := Record{
		Position: Position{File: doc.file, Line: int(r.line), Column: int(r.col)},
		Target:   t,
		Date:     r.date,
		Done:     r.done,
		Source:   doc.source,
	}
	if r.slot > 0 {
		out.District = t.Allocations[r.slot-1].District
	}
	switch t.Kind {
	case Ratio:
		out.Numerator, out.Denominator = l.value(r), l.den(r)
	case Count, Level:
		out.Value = l.value(r)
	}
	if x := l.ext(r); x != nil {
		out.Unit, out.Note, out.Correction = x.unit, x.note, x.correction
	}
	return out
}

func (l *Ledger) pos(i int32) Position {
	r := l.recs.at(i)
	return Position{File: l.docs[r.doc].file, Line: int(r.line), Column: int(r.col)}
}

// InForce returns the record in force on day asOf for target t and
// district d (nil for a city-level record): the latest dated on or before
// asOf. For a milestone it is the record with the earliest done date, if
// that is on or before asOf.
func (l *Ledger) InForce(t *Target, d *District, asOf Date) (Record, bool) {
	if i := l.inForce(t, d, asOf); i >= 0 {
		return l.record(i), true
	}
	return Record{}, false
}

func (l *Ledger) inForce(t *Target, d *District, asOf Date) int32 {
	if t == nil || t.plan != l.plan {
		return -1
	}
	s := 0
	if d != nil {
		i, ok := t.alloc[d.index]
		if !ok {
			return -1
		}
		s = i + 1
	}
	var dates []Date
	if t.index < len(l.dates) && s < len(l.dates[t.index]) {
		dates = l.dates[t.index][s]
	}
	return l.inForceIn(t, l.slots[t.index][s], dates, asOf)
}

// inForceIn is inForce among the handles of one slot, and their dates
// (see Ledger.dates; nil to read them from the records).
func (l *Ledger) inForceIn(t *Target, idx []int32, dates []Date, asOf Date) int32 {
	if t.Kind == Milestone {
		best := int32(-1)
		var bestDone Date
		for _, i := range idx {
			if r := l.recs.at(i); !r.done.After(asOf) && (best < 0 || r.done.Before(bestDone)) {
				best, bestDone = i, r.done
			}
		}
		return best
	}
	// idx is sorted by date: find the last one on or before asOf.
	lo, hi := 0, len(idx)
	if len(dates) == len(idx) {
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if dates[m].After(asOf) {
				hi = m
			} else {
				lo = m + 1
			}
		}
	} else {
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if l.recs.at(idx[m]).date.After(asOf) {
				hi = m
			} else {
				lo = m + 1
			}
		}
	}
	if lo == 0 {
		return -1
	}
	return idx[lo-1]
}

// Keys of a progress document and of a record.
var (
	progressKeys = []string{"district", "date", "source", "records"}
	recordKeys   = []string{"target", "district", "date", "value", "numerator", "denominator", "done", "unit", "note", "correction"}
)

const (
	rTarget = iota
	rDistrict
	rDate
	rValue
	rNumerator
	rDenominator
	rDone
	rUnit
	rNote
	rCorrection
)

// fileResult is what decoding one progress file gives. The doc, bigs and
// exts indexes in its records are local to the file until it is merged.
type fileResult struct {
	fileNo  int
	recs    [][]rec // in chunks of at most chunkSize
	bigs    []decimal.Decimal
	exts    []recExt
	docs    []docInfo
	probs   Problems
	entries int
	bad     int

	// A file parsed before the plan was ready: its documents still to
	// walk, the nodes they hold of the budget, its decoder and the
	// problem that ends it.
	pending []*yaml.Node
	held    int64
	d       *decoder
	tail    *Problem
}

func (res *fileResult) addRec(r rec) {
	n := len(res.recs)
	if n == 0 || len(res.recs[n-1]) == chunkSize {
		res.recs = append(res.recs, nil)
		n++
	}
	res.recs[n-1] = append(res.recs[n-1], r)
}

// reserve makes room for n more records in the last chunk, so that a
// document's records are not copied as the chunk grows.
func (res *fileResult) reserve(n int) {
	k := len(res.recs)
	if k > 0 && cap(res.recs[k-1]) >= chunkSize {
		return
	}
	if k == 0 || len(res.recs[k-1]) == 0 {
		if k == 0 {
			res.recs = append(res.recs, nil)
			k++
		}
		res.recs[k-1] = make([]rec, 0, min(n, chunkSize))
		return
	}
	if last := res.recs[k-1]; cap(last)-len(last) < n {
		// Double, so that a file of many documents copies each record a
		// bounded number of times.
		c := min(max(2*cap(last), len(last)+n), chunkSize)
		grown := make([]rec, len(last), c)
		copy(grown, last)
		res.recs[k-1] = grown
	}
}

// ext returns the record's text fields, adding them if it has none.
func (res *fileResult) ext(r *rec) *recExt {
	if r.ext == 0 {
		res.exts = append(res.exts, recExt{})
		r.ext = int32(len(res.exts))
	}
	return &res.exts[r.ext-1]
}

// put stores a figure in a record's compact form.
func (res *fileResult) put(v figVal) (int64, int8) {
	if m, e, ok := v.compact(); ok {
		return m, e
	}
	res.bigs = append(res.bigs, v.dec())
	return int64(len(res.bigs) - 1), bigExp
}

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
			if r.ve == bigExp {
				r.vm += bigBase
			}
			if r.de == bigExp {
				r.dm += bigBase
			}
			if r.ext != 0 {
				r.ext += extBase
			}
		}
		l.recs.add(c)
	}
}

// index sorts each target and district's records by date, resolves
// records with the same date (duplicates, conflicts, corrections), and
// warns of cumulative figures that go down.
func (l *Ledger) index() Problems {
	var probs Problems
	// Count each slot's records, then lay every slot's handles out in one
	// array, in load order.
	base := make([]int, len(l.slots)+1)
	for ti, slots := range l.slots {
		base[ti+1] = base[ti] + len(slots)
	}
	start := make([]int32, base[len(l.slots)]+1)
	total := 0
	l.recs.all(func(_ int32, r *rec) bool {
		start[base[r.target]+int(r.slot)+1]++
		total++
		return true
	})
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	handles := make([]int32, total)
	next := slices.Clone(start)
	l.recs.all(func(h int32, r *rec) bool {
		k := base[r.target] + int(r.slot)
		handles[next[k]] = h
		next[k]++
		return true
	})
	for ti, slots := range l.slots {
		for si := range slots {
			k := base[ti] + si
			slots[si] = handles[start[k]:start[k+1]:start[k+1]]
		}
	}
	// Targets are independent: index them in parallel, and gather their
	// problems and counts in target order.
	type result struct {
		probs                          Problems
		duplicates, replaced, rejected int
		latest                         Date
	}
	results := make([]result, len(l.slots))
	l.dates = make([][][]Date, len(l.slots))
	parallelFor(len(l.slots), len(l.slots) > 1 && total > 1<<14, func(ti int) {
		res := &results[ti]
		res.probs, res.duplicates, res.replaced, res.rejected, res.latest = l.indexTarget(ti)
	})
	for _, res := range results {
		probs = append(probs, res.probs...)
		l.stats.Duplicates += res.duplicates
		l.stats.Replaced += res.replaced
		l.stats.Rejected += res.rejected
		if res.latest.After(l.latest) {
			l.latest = res.latest
		}
	}
	return probs
}

// indexTarget is index for one target's slots.
func (l *Ledger) indexTarget(ti int) (probs Problems, duplicates, replaced, rejected int, latest Date) {
	byDate := func(a, b int32) int { return l.recs.at(a).date.Compare(l.recs.at(b).date) }
	slots := l.slots[ti]
	t := l.plan.Targets[ti]
	kepts := 0
	defer func() {
		all := make([]Date, kepts)
		dates := make([][]Date, len(slots))
		for si, idx := range slots {
			dates[si], all = all[:len(idx):len(idx)], all[len(idx):]
			for j, h := range idx {
				dates[si][j] = l.recs.at(h).date
			}
		}
		l.dates[ti] = dates
	}()
	for si, idx := range slots {
		// Stable: records of one date stay in load order. Files are
		// usually read in date order, so most slots are sorted already.
		if !slices.IsSortedFunc(idx, byDate) {
			slices.SortStableFunc(idx, byDate)
		}
		kept := idx[:0]
		for _, i := range idx {
			r := l.recs.at(i)
			if len(kept) == 0 || l.recs.at(kept[len(kept)-1]).date != r.date {
				kept = append(kept, i)
				continue
			}
			k := kept[len(kept)-1]
			prev := l.recs.at(k)
			switch x := l.ext(r); {
			case l.sameFigures(t, prev, r):
				r.gone = true
				duplicates++
				probs = append(probs, l.problem(i, Warning, ErrRule, "duplicate of the record at %s (same target, district, date and figures); counted once", l.pos(k)))
			case x != nil && x.correction != "":
				prev.gone = true
				replaced++
				kept[len(kept)-1] = i
				probs = append(probs, l.problem(i, Warning, ErrRule, "correction (%s) replaces the record at %s: %s → %s", x.correction, l.pos(k), l.figures(t, prev), l.figures(t, r)))
			default:
				r.gone = true
				rejected++
				probs = append(probs, l.problem(i, Error, ErrRule, "conflicts with the record at %s for %s, %s, %s (%s there, %s here); add correction: <reason> to this record to replace that one", l.pos(k), t.ID, slotName(t, si), r.date, l.figures(t, prev), l.figures(t, r)))
			}
		}
		slots[si] = kept
		kepts += len(kept)
		for _, i := range kept {
			if d := l.recs.at(i).date; d.After(latest) {
				latest = d
			}
		}
		if t.Kind == Count && t.Direction == AtLeast {
			for j := 1; j < len(kept); j++ {
				a, b := l.recs.at(kept[j-1]), l.recs.at(kept[j])
				if l.cmpValues(b, a) < 0 {
					probs = append(probs, l.problem(kept[j], Warning, ErrRule, "%s in %s went down from %s on %s (%s) to %s on %s; figures are cumulative, so a fall is usually a misreport", t.ID, slotName(t, si), l.value(a), a.date, l.pos(kept[j-1]), l.value(b), b.date))
				}
			}
		}
	}
	return probs, duplicates, replaced, rejected, latest
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

// cmpValues compares two records' values (or numerators).
func (l *Ledger) cmpValues(a, b *rec) int {
	if fa, ok := fixNum(a.vm, a.ve); ok {
		if fb, ok := fixNum(b.vm, b.ve); ok {
			if c, ok := fa.cmp(fb); ok {
				return c
			}
		}
	}
	return l.value(a).Cmp(l.value(b))
}

func (l *Ledger) cmpDens(a, b *rec) int {
	if fa, ok := fixNum(a.dm, a.de); ok {
		if fb, ok := fixNum(b.dm, b.de); ok {
			if c, ok := fa.cmp(fb); ok {
				return c
			}
		}
	}
	return l.den(a).Cmp(l.den(b))
}

func (l *Ledger) problem(i int32, sev Severity, class error, format string, args ...any) Problem {
	return Problem{Position: l.pos(i), Severity: sev, Class: class, Message: fmt.Sprintf(format, args...)}
}

func (l *Ledger) sameFigures(t *Target, a, b *rec) bool {
	switch t.Kind {
	case Milestone:
		return a.done == b.done
	case Ratio:
		return l.cmpValues(a, b) == 0 && l.cmpDens(a, b) == 0
	}
	return l.cmpValues(a, b) == 0
}

func (l *Ledger) figures(t *Target, r *rec) string {
	switch t.Kind {
	case Milestone:
		return "done " + r.done.String()
	case Ratio:
		return l.value(r).String() + "/" + l.den(r).String()
	}
	return l.value(r).String()
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

func (d *decoder) decodeProgressDoc(plan *Plan, n *yaml.Node, res *fileResult, fileNo int) {
	f, _ := d.fields(n, "a progress document", progressKeys)
	if f == nil {
		return
	}
	docNo := int32(len(res.docs))
	info := docInfo{file: d.file, fileNo: fileNo}
	var defDistrict *District
	var defDate Date
	defDistrictBad, defDateBad := false, false
	if v := f[0]; v != nil {
		if id, ok := d.ref(v, "district"); ok {
			if defDistrict = plan.districts[id]; defDistrict == nil {
				defDistrictBad = true
			}
		} else {
			defDistrictBad = true
		}
	}
	dateProblem := -1 // index of the problem with a malformed default date
	if v := f[1]; v != nil {
		var ok bool
		before := len(d.probs)
		if defDate, ok = d.date(v, "date"); !ok {
			defDateBad = true
			if len(d.probs) > before {
				dateProblem = before
			}
		} else if defDate.Before(plan.Start) || defDate.After(plan.End) {
			defDateBad = true
		}
	}
	if v := f[2]; v != nil {
		info.source, _ = d.scalar(v, "source")
	}
	if f[3] == nil {
		d.errorf(n, ErrField, "the document has no records (write records: [] for none; is the file cut off?)")
		return
	}
	items, ok := d.list(f[3], "records", "records")
	if !ok {
		return
	}
	res.docs = append(res.docs, info)
	res.reserve(len(items))
	usedBadDistrict, usedBadDate := 0, 0
	for _, it := range items {
		res.entries++
		before := len(d.probs)
		r, good, usedDis, usedDate := d.decodeRecord(plan, it, res, defDistrict, f[0], defDate, f[1])
		failed := len(d.probs) > before || !good
		if usedDis && defDistrictBad {
			usedBadDistrict++
			failed = true
		}
		if usedDate && defDateBad {
			usedBadDate++
			failed = true
		}
		if failed {
			res.bad++
			continue
		}
		r.doc = docNo
		res.addRec(r)
	}
	if v := f[0]; v != nil && defDistrictBad && defDistrict == nil && v.Kind == yaml.ScalarNode && v.Value != "" {
		d.errorf(v, ErrReference, "district %q is not a declared district; %s", shorten(v.Value), takers(usedBadDistrict))
	}
	if v := f[1]; v != nil && defDateBad && !defDate.IsZero() {
		d.errorf(v, ErrRule, "date %s is outside the plan period %s to %s; %s", defDate, plan.Start, plan.End, takers(usedBadDate))
	} else if dateProblem >= 0 && usedBadDate > 0 {
		d.probs[dateProblem].Message += "; " + takers(usedBadDate)
	}
}

// slotName names a target's slot for messages: a district id, or
// "city-wide" for slot 0.
func slotName(t *Target, slot int) string {
	if slot == 0 || slot > len(t.Allocations) {
		return "city-wide"
	}
	return t.Allocations[slot-1].District.ID
}

func takers(n int) string {
	switch n {
	case 0:
		return "no record takes it"
	case 1:
		return "the 1 record that takes it is not counted"
	}
	return fmt.Sprintf("the %d records that take it are not counted", n)
}

// slotTable returns, for each target with allocations, each district's
// slot: 1 + the index of its allocation, or 0 for none. A dense table
// answers the question a million times faster than the target's map.
func slotTable(plan *Plan) [][]int32 {
	table := make([][]int32, len(plan.Targets))
	for i, t := range plan.Targets {
		if len(t.Allocations) == 0 {
			continue
		}
		table[i] = make([]int32, len(plan.Districts))
		for k, a := range t.Allocations {
			if a.District != nil && a.District.index < len(plan.Districts) {
				table[i][a.District.index] = int32(k + 1)
			}
		}
	}
	return table
}

// slotOf returns district dis's slot of target t: 1 + the index of its
// allocation, or 0 when it has none.
func (d *decoder) slotOf(t *Target, dis *District) int32 {
	if t.index < len(d.slots) && dis.index < len(d.slots[t.index]) {
		return d.slots[t.index][dis.index]
	}
	if i, has := t.alloc[dis.index]; has {
		return int32(i + 1)
	}
	return 0
}

// decodeRecord reads one record entry, reporting every fault it has. It
// returns ok false when the entry cannot be counted, and whether the
// record took the file's default district and date. Large figures and
// text fields go to res.
func (d *decoder) decodeRecord(plan *Plan, n *yaml.Node, res *fileResult, defDis *District, defDisNode *yaml.Node, defDate Date, defDateNode *yaml.Node) (out rec, ok, usedDis, usedDate bool) {
	f, fieldsOK := d.fieldsInto(n, "a record", recordKeys, d.scratch[:len(recordKeys)])
	if f == nil {
		return rec{}, false, false, false
	}
	r := &out
	r.line, r.col = int32(n.Line), int32(n.Column)
	ok = true
	var t *Target
	if f[rTarget] == nil {
		d.errorf(n, ErrField, "the record has no target, which is required")
		ok = false
	} else if id, good := d.ref(f[rTarget], "target"); good {
		if t = plan.targets[id]; t == nil {
			if plan.broken[id] {
				d.errorf(f[rTarget], ErrReference, "target %q has errors in the plan, so its records cannot be checked", shorten(id))
			} else {
				d.errorf(f[rTarget], ErrReference, "target %q is not a target of plan %s", shorten(id), plan.ID)
			}
			ok = false
		}
	} else {
		ok = false
	}
	// The district: the record's own, else the file's for targets with
	// allocations. A target without allocations takes no district.
	var dis *District
	if v := f[rDistrict]; v != nil {
		if id, good := d.ref(v, "district"); good {
			if dis = plan.districts[id]; dis == nil {
				d.errorf(v, ErrReference, "district %q is not a declared district", shorten(id))
				ok = false
			}
		} else {
			ok = false
		}
	}
	if t != nil {
		disNode := f[rDistrict]
		switch {
		case t.CityWide() && disNode != nil:
			d.errorf(disNode, ErrRule, "target %s has no allocations, so its records are city-wide and take no district", t.ID)
			ok = false
		case t.CityWide():
		case disNode == nil && defDisNode != nil:
			usedDis = true
			dis = defDis
			disNode = defDisNode
		case disNode == nil && t.Kind != Level:
			d.errorf(n, ErrField, "the record has no district, and target %s is split among districts (give district: here or in the file)", t.ID)
			ok = false
		}
		if dis != nil && !t.CityWide() {
			if sl := d.slotOf(t, dis); sl > 0 {
				r.slot = sl
			} else if usedDis {
				d.errorf(n, ErrRule, "the document's district %s has no allocation of target %s (give this record its own district:, or move it)", dis.ID, t.ID)
				ok = false
			} else {
				d.errorf(disNode, ErrRule, "district %s has no allocation of target %s", dis.ID, t.ID)
				ok = false
			}
		}
		r.target = int32(t.index)
	}
	// The date: the record's own, else the file's, else (milestones) the
	// done date.
	if v := f[rDate]; v != nil {
		if dt, good := d.date(v, "date"); good {
			r.date = dt
			if dt.Before(plan.Start) || dt.After(plan.End) {
				d.errorf(v, ErrRule, "date %s is outside the plan period %s to %s", dt, plan.Start, plan.End)
				ok = false
			}
		} else {
			ok = false
		}
	} else if defDateNode != nil {
		usedDate = true
		r.date = defDate
	}
	if v := f[rDone]; v != nil {
		if dt, good := d.date(v, "done"); good {
			r.done = dt
		} else {
			ok = false
		}
	}
	// Fields by kind.
	if t != nil {
		want := kindKeys[t.Kind]
		wrong := false
		for _, k := range [...]int{rValue, rNumerator, rDenominator, rDone} {
			if f[k] != nil && !slices.Contains(want, k) {
				d.errorf(f[k], ErrField, "target %s is a %s, whose records take %s, not %s", t.ID, t.Kind, kindFields(t.Kind), recordKeys[k])
				ok, wrong = false, true
			}
		}
		// A missing field is worth its own problem only when the record
		// did not already give a wrong one in its place.
		for _, k := range want {
			if f[k] == nil && !wrong && fieldsOK {
				d.errorf(n, ErrField, "the record has no %s (target %s is a %s, whose records take %s)", recordKeys[k], t.ID, t.Kind, kindFields(t.Kind))
				ok = false
			} else if f[k] == nil {
				ok = false
			}
		}
		if t.Kind == Milestone && r.date.IsZero() && !r.done.IsZero() {
			r.date = r.done
			if r.date.Before(plan.Start) || r.date.After(plan.End) {
				d.errorf(f[rDone], ErrRule, "done date %s is outside the plan period %s to %s (give the record a date: within the period)", r.done, plan.Start, plan.End)
				ok = false
			}
		}
		if !r.done.IsZero() && !r.date.IsZero() && r.done.After(r.date) {
			d.errorf(f[rDone], ErrRule, "done date %s is after the record's date %s (a record cannot report the future)", r.done, r.date)
			ok = false
		}
		if r.date.IsZero() && t.Kind != Milestone && f[rDate] == nil && defDateNode == nil {
			d.errorf(n, ErrField, "the record has no date (give date: here or in the file)")
			ok = false
		}
		ok = d.recordFigures(t, f, r, res) && ok
	} else {
		// Unknown target: still check that the figures are well formed.
		for _, k := range [...]int{rValue, rNumerator, rDenominator} {
			if f[k] != nil {
				_, good := d.figVal(f[k], recordKeys[k])
				ok = ok && good
			}
		}
	}
	if v := f[rNote]; v != nil {
		s, good := d.scalar(v, "note")
		ok = ok && good
		res.ext(r).note = s
	}
	if v := f[rCorrection]; v != nil {
		s, good := d.text(v, "correction")
		ok = ok && good
		res.ext(r).correction = s
	}
	return out, ok, usedDis, usedDate
}

// kindKeys are the figure keys a record takes, by its target's kind.
var kindKeys = [...][]int{Count: {rValue}, Level: {rValue}, Ratio: {rNumerator, rDenominator}, Milestone: {rDone}}

func kindFields(k Kind) string {
	switch k {
	case Ratio:
		return "numerator and denominator"
	case Milestone:
		return "done"
	}
	return "value"
}

// recordFigures reads a record's figures into the target's unit and
// checks their ranges.
func (d *decoder) recordFigures(t *Target, f []*yaml.Node, r *rec, res *fileResult) bool {
	ok := true
	from := t.Unit
	if v := f[rUnit]; v != nil {
		u, good := d.text(v, "unit")
		switch {
		case !good:
			return false
		case t.Kind == Ratio || t.Kind == Milestone:
			d.errorf(v, ErrField, "target %s is a %s, whose records take no unit", t.ID, t.Kind)
			return false
		case u == t.Unit:
		case unit.Known(u) && unit.Known(t.Unit) && unit.Dimension(u) == unit.Dimension(t.Unit):
			res.ext(r).unit = u
		case unit.Known(u) && unit.Known(t.Unit):
			d.errorf(v, ErrValue, "unit %s is not of the same kind as %s, the unit of target %s", u, t.Unit, t.ID)
			return false
		case t.Unit == "":
			d.errorf(v, ErrValue, "unit %s: target %s has no unit, so its records take none", shorten(u), t.ID)
			return false
		default:
			d.errorf(v, ErrValue, "unit %s is not a unit that converts to %s, the unit of target %s (write the figure in %s)", shorten(u), t.Unit, t.ID, t.Unit)
			return false
		}
		from = u
	}
	read := func(k int) (figVal, bool) {
		v := f[k]
		if v == nil {
			return figVal{}, false
		}
		x, good := d.figVal(v, recordKeys[k])
		if !good {
			return x, false
		}
		pct := len(v.Value) > 0 && v.Value[len(v.Value)-1] == '%'
		switch {
		case t.Kind == Ratio:
			if pct {
				d.errorf(v, ErrValue, "%s %s is a percentage; a ratio record gives the two counts, such as numerator: 38 and denominator: 45", recordKeys[k], v.Value)
				return x, false
			}
			return x, true
		case from == unit.Percent:
			if !pct {
				x = x.shift(-2) // 85 means 85% for a target in %
			}
			return x, true
		case pct && from != "":
			d.errorf(v, ErrValue, "%s %s is a percentage, but target %s is measured in %s", recordKeys[k], v.Value, t.ID, from)
			return x, false
		case pct && t.Kind == Count:
			d.errorf(v, ErrValue, "%s %s is a percentage, but target %s is a count, an additive quantity (give its unit \"%%\" in the plan if it is a share)", recordKeys[k], v.Value, t.ID)
			return x, false
		}
		if from != t.Unit {
			c, _ := unit.Convert(x.dec(), from, t.Unit)
			x = figValOf(c)
		}
		return x, true
	}
	switch t.Kind {
	case Count, Level:
		v, good := read(rValue)
		if !good {
			return false
		}
		if t.Kind == Count && v.sign() < 0 {
			d.errorf(f[rValue], ErrValue, "value %s is negative; a count is a cumulative quantity, 0 or more", f[rValue].Value)
			ok = false
		}
		r.vm, r.ve = res.put(v)
	case Ratio:
		num, g1 := read(rNumerator)
		den, g2 := read(rDenominator)
		if g1 && num.sign() < 0 {
			d.errorf(f[rNumerator], ErrValue, "numerator %s is negative; want 0 or more", f[rNumerator].Value)
			ok = false
		}
		if g2 && den.sign() <= 0 {
			d.errorf(f[rDenominator], ErrValue, "denominator %s is not above 0; want the size of the whole, such as 45", f[rDenominator].Value)
			ok = false
		}
		if g1 && g2 && den.sign() > 0 && num.cmp(den) > 0 {
			d.errorf(f[rNumerator], ErrValue, "numerator %s is above its denominator %s (a share cannot exceed the whole)", f[rNumerator].Value, f[rDenominator].Value)
			ok = false
		}
		ok = ok && g1 && g2
		if ok {
			r.vm, r.ve = res.put(num)
			r.dm, r.de = res.put(den)
		}
	}
	return ok
}
