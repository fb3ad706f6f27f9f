package renewal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/citybureau/renewal/internal/fixed"
	"github.com/citybureau/renewal/internal/yamlx"
	"gopkg.in/yaml.v3"
)

// fileResult is what decoding one progress file gives: its records and
// its problems.
type fileResult struct {
	recBatch
	probs []Problems // in chunks; see problemList
	cut   bool       // the load's context stopped it part way
	// parts are the records of a file decoded in parallel batches
	// (decodeSplit), after recBatch, in order.
	parts []recBatch

	// A file parsed before the plan was ready: its documents still to
	// walk, the nodes they hold of the budget, its decoder and the
	// problem that ends it.
	pending []*yaml.Node
	held    int64
	d       *decoder
	tail    *Problem
}

// source is one input file: its name in problems and how to open it.
type source struct {
	name string
	open func() (io.ReadCloser, error)
}

func readerSource(name string, r io.Reader) source {
	return source{name: name, open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }}
}

func isYAML(name string) bool {
	ext := path.Ext(name) // as SPEC says: *.yaml and *.yml, case and all
	return ext == ".yaml" || ext == ".yml"
}

func fileProblem(name string, class error, format string, args ...any) Problem {
	return Problem{Position: Position{File: name, Line: 1, Column: 1}, Class: class, Message: oneLine(fmt.Sprintf(format, args...))}
}

// readProblem is the problem of a file that cannot be read: it keeps the
// cause (an *fs.PathError, fs.ErrNotExist under it) for errors.Is and
// errors.As, and says it once.
func readProblem(name string, err error) Problem {
	p := fileProblem(name, ErrSyntax, "cannot read: %v", unwrapPathError(err))
	p.Err = err
	return p
}

// tree is where a load finds the files its paths name: an fs.FS, or the
// operating system's files (osTree).
type tree struct {
	stat func(name string) (fs.FileInfo, error)
	walk func(root string, fn fs.WalkDirFunc) error
	open func(name string) (io.ReadCloser, error)
	// clean puts a path in the tree's form; names in problems keep it.
	clean func(name string) string
}

func fsTree(fsys fs.FS) tree {
	return tree{
		stat: func(n string) (fs.FileInfo, error) { return fs.Stat(fsys, n) },
		walk: func(root string, fn fs.WalkDirFunc) error { return fs.WalkDir(fsys, root, fn) },
		open: func(n string) (io.ReadCloser, error) {
			// An fs.FS has no non-blocking open: look before opening, so
			// that a FIFO in an os.DirFS is never opened.
			if info, err := fs.Stat(fsys, n); err == nil && !info.Mode().IsRegular() {
				return nil, notRegular(n, info.Mode())
			}
			f, err := fsys.Open(n)
			if err != nil {
				return nil, err
			}
			return regularOnly(n, f)
		},
		clean: func(n string) string {
			return path.Clean(strings.TrimPrefix(filepath.ToSlash(n), "./"))
		},
	}
}

// osTree is the operating system's files; names keep the form the caller
// gave. Files are opened without blocking (a FIFO's open waits for a
// writer) and read only when they are regular files.
var osTree = tree{
	stat:  os.Stat,
	walk:  filepath.WalkDir,
	open:  openRegular,
	clean: func(n string) string { return n },
}

func openRegular(name string) (io.ReadCloser, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	return regularOnly(name, f)
}

// regularOnly returns f if it is a regular file, else closes it and
// returns an error that names what it is.
func regularOnly(name string, f fs.File) (io.ReadCloser, error) {
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(name, info.Mode())
	}
	return f, nil
}

// errNotRegular is the cause of a problem with a path that names neither
// a regular file nor a directory.
var errNotRegular = errors.New("not a regular file")

func notRegular(name string, m fs.FileMode) error {
	what := "not a regular file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO), not a regular file"
	case m&fs.ModeSocket != 0:
		what = "a socket, not a regular file"
	case m&fs.ModeDevice != 0:
		what = "a device, not a regular file"
	case m.IsDir():
		what = "a directory, not a regular file"
	}
	return &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("%w: it is %s", errNotRegular, what)}
}

// source returns the file name in the tree, as it is named.
func (t tree) source(name string) source {
	return source{name: name, open: func() (io.ReadCloser, error) { return t.open(name) }}
}

// sources lists the files that paths name, in order: each path's file,
// or a directory's YAML files in lexical path order.
func (t tree) sources(paths []string) ([]source, Problems) {
	var srcs []source
	var probs Problems
	for _, p := range paths {
		s, pr := t.walkPath(p)
		srcs = append(srcs, s...)
		probs = append(probs, pr...)
	}
	return srcs, probs
}

func (t tree) walkPath(name string) ([]source, Problems) {
	clean := t.clean(name)
	info, err := t.stat(clean)
	if err != nil {
		return nil, Problems{readProblem(name, err)}
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			return nil, Problems{readProblem(name, notRegular(name, info.Mode()))}
		}
		return []source{t.source(clean)}, nil
	}
	var names []string
	var probs Problems
	err = t.walk(clean, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			probs = append(probs, readProblem(p, err))
			return nil
		}
		if de.IsDir() || !isYAML(p) && !isWorkbookFile(p) {
			return nil
		}
		if skip := skipped(p); skip != nil {
			probs = append(probs, *skip)
			return nil
		}
		if m := de.Type(); !m.IsRegular() {
			// A symbolic link is read when it leads to a regular file;
			// a FIFO, socket or device, or a link to one, is named.
			if info, err := t.stat(p); err != nil {
				probs = append(probs, readProblem(p, err))
				return nil
			} else if m = info.Mode(); !m.IsRegular() {
				probs = append(probs, readProblem(p, notRegular(p, m)))
				return nil
			}
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		probs = append(probs, readProblem(name, err))
	}
	if len(names) == 0 && len(probs) == 0 {
		probs = append(probs, Problem{Position: Position{File: name, Line: 1, Column: 1}, Severity: Warning, Class: ErrField,
			Message: oneLine(fmt.Sprintf("directory %s holds no progress files (*.yaml or *.yml); nothing was loaded from it", name))})
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(filepath.ToSlash(a), filepath.ToSlash(b)) })
	srcs := make([]source, len(names))
	for i, n := range names {
		srcs[i] = t.source(n)
	}
	return srcs, probs
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// read returns a file's checked text, or the problem that stops it.
func (l *Loader) read(src source) ([]byte, *Problem) {
	var check yamlx.Checker
	data, bad := l.readBytes(src, &check)
	if bad != nil {
		return nil, bad
	}
	return check.Text(data), nil
}

// readBytes returns a file's bytes, up to the limit, checked as text
// unless check is nil (a workbook), or the problem that stops it.
func (l *Loader) readBytes(src source, check *yamlx.Checker) ([]byte, *Problem) {
	f, err := src.open()
	if err != nil {
		p := readProblem(src.name, err)
		return nil, &p
	}
	defer f.Close()
	limit := l.Limits.fileBytes()
	data, bad, err := readChecked(f, limit+1, check)
	if bad != nil {
		p := Problem{Position: Position{File: src.name, Line: bad.Line, Column: bad.Column}, Class: ErrSyntax, Message: bad.Message}
		return nil, &p
	}
	if err != nil {
		p := readProblem(src.name, err)
		return nil, &p
	}
	if int64(len(data)) > limit {
		p := fileProblem(src.name, ErrSyntax, "the file is larger than the limit of %d bytes", limit)
		return nil, &p
	}
	return data, nil
}

// readChecked reads at most n bytes of r, checking the text as it comes
// (see yamlx.Checker; nil checks nothing), so that a stream of bytes that
// are not text stops at the first bad one. When r can say its size (an *os.File, an
// fs.File), the buffer is sized once instead of grown by doubling, which
// matters for a file of tens of megabytes.
func readChecked(r io.Reader, n int64, check *yamlx.Checker) ([]byte, *yamlx.Error, error) {
	size := int64(512)
	if st, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if info, err := st.Stat(); err == nil && info.Mode().IsRegular() {
			size = min(info.Size()+1, n) // +1: see the end without growing
		}
	}
	buf := make([]byte, 0, max(size, 1))
	lr := io.LimitReader(r, n)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		k, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err != nil && err != io.EOF {
			return buf, nil, err
		}
		if err == io.EOF && int64(len(buf)) >= n {
			return buf, nil, nil // past the limit: the caller says so
		}
		if check != nil {
			if _, bad := check.Check(buf, err == io.EOF); bad != nil {
				return nil, bad, nil
			}
		}
		if err == io.EOF {
			return buf, nil, nil
		}
	}
}

func documentTooLarge(name string, line, size, limit int) Problem {
	return Problem{Position: Position{File: name, Line: line, Column: 1}, Class: ErrSyntax,
		Message: fmt.Sprintf("the document starting here is %d bytes, more than the limit of %d bytes a document; split it into documents with --- lines", size, limit)}
}

// documents hands each document of a file to fn, and reports syntax
// errors and an empty file.
func (l *Loader) documents(d *decoder, text []byte, what string, fn func(doc *yaml.Node)) {
	if p := l.stream(d, text, what, fn); p != nil {
		d.probs.add(*p)
	}
}

// stream is documents that returns the problem that ends the file (a
// syntax error, or an empty file) instead of adding it, for a caller that
// has documents still to walk.
func (l *Loader) stream(d *decoder, text []byte, what string, fn func(doc *yaml.Node)) *Problem {
	count := 0
	if err := yamlx.Stream(text, func(doc *yaml.Node) { count++; fn(doc) }); err != nil {
		return &Problem{Position: Position{File: d.file, Line: err.Line, Column: err.Column}, Class: ErrSyntax, Message: err.Message}
	}
	if count == 0 {
		p := fileProblem(d.file, ErrSyntax, "the file is empty; want %s (is it cut off?)", what)
		return &p
	}
	return nil
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
		return newLedger(plan), Problems{fileProblem(plan.File, ErrReference, "the plan could not be read, so the progress (%d files) was not checked", len(srcs))}
	}
	led := newLedger(plan)
	// Each file's problems are kept apart and laid out once at the end,
	// so that a flood of a million problems is copied once, not grown.
	parts := []Problems{pre}
	for i := range srcs {
		res, ok := w.next(gate.ctx, i)
		if !ok {
			w.abandon()
			return nil, append(slices.Concat(parts...), cancelled(gate.ctx, srcs, i))
		}
		if len(res.pending) > 0 || res.d != nil {
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
	parts = append(parts, led.index()...)
	probs := slices.Concat(parts...)
	led.stats.Records = led.stats.Entries - led.stats.Rejected - led.stats.Duplicates - led.stats.Replaced
	sortLoadOrder(probs, srcs)
	led.warnings, led.errors = warningsOf(probs), probs.Errors()
	return led, probs
}

// warningsOf is probs.Warnings(), without a copy when every problem is
// a warning (a million duplicates, say).
func warningsOf(probs Problems) Problems {
	if probs.HasErrors() {
		return probs.Warnings()
	}
	return probs[:len(probs):len(probs)]
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
	p := fileProblem(name, ErrSyntax, "loading was stopped (%v): this file and the %d after it were not loaded", ctx.Err(), max(len(srcs)-i-1, 0))
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
	keys := make([]key, len(probs))
	last, lastNo := "", -1
	for i, p := range probs {
		if p.File != last || lastNo < 0 {
			last, lastNo = p.File, fileNo[p.File]
		}
		keys[i] = key{lastNo, p.Line, p.Column, i}
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
	if slices.IsSortedFunc(keys, cmp) {
		return
	}
	slices.SortFunc(keys, cmp) // seq makes it stable
	sorted := make(Problems, len(probs))
	for i, k := range keys {
		sorted[i] = probs[k.seq]
	}
	copy(probs, sorted)
}

// merge appends a file's records, rebasing their indexes.
func (l *Ledger) merge(res *recBatch) {
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
		res.probs = []Problems{{*bad}}
		return res
	}
	if size, line := yamlx.LargestDocument(text); size > l.Limits.documentBytes() {
		res.probs = []Problems{{documentTooLarge(src.name, line, size, l.Limits.documentBytes())}}
		return res
	}
	if l.decodeSplit(gate, src.name, text, res) {
		return res
	}
	d := &decoder{file: src.name, lim: l.Limits}
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
	res.pending = nil
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
