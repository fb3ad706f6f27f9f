package renewal

import (
	"context"
	"io"
	"io/fs"
	"slices"

	"gopkg.in/yaml.v3"
)

// Limits bound the work one input may cause, so that a hostile or broken
// file is refused with a clear problem instead of exhausting memory or
// time. A zero field takes its default.
type Limits struct {
	// FileBytes is the largest file read: 64 MiB by default.
	FileBytes int64
	// ScalarBytes is the longest single value (a name, a note, a figure's
	// text): 64 KiB by default. A figure is further held to 30
	// significant digits.
	ScalarBytes int
	// MappingKeys is the most keys one mapping may hold: 10,000 by
	// default. (Records are list items, so this does not limit them.)
	MappingKeys int
	// Rows is the most rows with values a workbook's 填报 sheet may hold:
	// 0 means the reader's default, 10,000 for xlsx.
	Rows int
	// DocumentBytes is the largest document of a progress file, from
	// one "---" or "..." line to the next, that yaml.v3 reads: 8 MiB by
	// default. yaml.v3 holds a whole document's node tree at once, some
	// 50 bytes of memory for each byte of a dense one, so a 16 MiB
	// document of short records needs about 800 MB. A document of plain
	// records (names, numbers, dates and quoted text without escapes, no
	// anchors or block scalars: what exports and the templates write, in
	// block style or as a one-line flow list, in a block mapping or one
	// flow mapping) is read by the package's own reader a batch of
	// records at a time and has no limit but FileBytes; a larger one that
	// needs yaml.v3 is refused before it is parsed, with a problem naming
	// this limit: split it into documents with "---" lines (each may
	// repeat the district and date). A plan is one document and is held
	// to FileBytes only: a plan of 300,000 targets in 20 MB takes some
	// 900 MB to load.
	DocumentBytes int
}

// Default limits.
const (
	DefaultFileBytes     = 64 << 20
	DefaultScalarBytes   = 64 << 10
	DefaultMappingKeys   = 10000
	DefaultDocumentBytes = 8 << 20
)

func (l Limits) fileBytes() int64   { return positiveOr(l.FileBytes, DefaultFileBytes) }
func (l Limits) scalarBytes() int   { return positiveOr(l.ScalarBytes, DefaultScalarBytes) }
func (l Limits) documentBytes() int { return positiveOr(l.DocumentBytes, DefaultDocumentBytes) }
func (l Limits) mappingKeys() int   { return positiveOr(l.MappingKeys, DefaultMappingKeys) }

// positiveOr is a limit as set, or its default d where it is 0 or less:
// the one rule of every field of Limits.
func positiveOr[T int | int64](v, d T) T {
	if v > 0 {
		return v
	}
	return d
}

// Loader loads plans and progress with chosen limits. The zero Loader uses
// the default limits and decodes up to GOMAXPROCS files at once; the
// package-level functions use it.
type Loader struct {
	Limits Limits
	// Workers is how many files are decoded at once; 0 means GOMAXPROCS.
	// The load order, and so every result, is the same whatever it is.
	Workers int

	asWritten bool // a ReadEntries load: entries as written, no records
}

// LoadPlan loads the plan file name from fsys with the default Loader.
func LoadPlan(fsys fs.FS, name string) (*Plan, Problems) {
	return (&Loader{}).LoadPlan(fsys, name)
}

// LoadPlanFile loads the plan file at an operating-system path with the
// default Loader. Problems name the file by the path as given.
func LoadPlanFile(path string) (*Plan, Problems) {
	return (&Loader{}).LoadPlanFile(path)
}

// ReadPlan reads a plan from r with the default Loader; name is used in
// problems.
func ReadPlan(name string, r io.Reader) (*Plan, Problems) {
	return (&Loader{}).ReadPlan(name, r)
}

// LoadProgress loads progress files for plan from fsys with the default
// Loader. Each path is a file, or a directory whose *.yaml, *.yml and
// *.xlsx files are read recursively in lexical path order.
func LoadProgress(plan *Plan, fsys fs.FS, paths ...string) (*Ledger, Problems) {
	return (&Loader{}).LoadProgress(plan, fsys, paths...)
}

// LoadProgressFiles is LoadProgress for operating-system paths. Problems
// name files by the paths as given.
func LoadProgressFiles(plan *Plan, paths ...string) (*Ledger, Problems) {
	return (&Loader{}).LoadProgressFiles(plan, paths...)
}

// ReadProgress reads one progress stream for plan from r with the default
// Loader; name is used in problems.
func ReadProgress(plan *Plan, name string, r io.Reader) (*Ledger, Problems) {
	return (&Loader{}).ReadProgress(plan, name, r)
}

// LoadFiles loads the plan file at planPath and progress for it from
// progressPaths with the default Loader; see Loader.LoadFiles.
func LoadFiles(planPath string, progressPaths ...string) (*Plan, *Ledger, Problems) {
	return (&Loader{}).LoadFiles(planPath, progressPaths...)
}

// LoadFiles is LoadPlanFile followed by LoadProgressFiles, with the same
// results in one list of problems (the plan's, then the progress's), only
// sooner: the progress files are read and parsed while the plan is
// decoded, and checked against it once it is ready. (A bounded number of
// parsed documents wait for the plan; the rest wait to be parsed.) When
// the plan has errors the progress is not checked: the problems are the
// plan's alone, and the ledger is empty (evaluating it makes a report
// that holds the plan's errors). The plan and the ledger are never nil.
func (l *Loader) LoadFiles(planPath string, progressPaths ...string) (*Plan, *Ledger, Problems) {
	return l.LoadFilesContext(context.Background(), planPath, progressPaths...)
}

// LoadFilesContext is LoadFiles that stops when ctx is done; see
// LoadProgressContext for what it then returns. The plan, one document,
// is decoded in full either way.
func (l *Loader) LoadFilesContext(ctx context.Context, planPath string, progressPaths ...string) (*Plan, *Ledger, Problems) {
	var plan *Plan
	var planProblems Problems
	gate := newPlanGate(ctx)
	go func() {
		p, probs := l.LoadPlanFile(planPath)
		plan, planProblems = p, probs
		if probs.HasErrors() {
			p = nil
		}
		gate.open(p)
	}()
	srcs, probs := osTree.sources(progressPaths)
	ledger, progressProblems := l.progressGated(gate, srcs, probs)
	<-gate.ready // plan and planProblems are set
	if ledger == nil {
		ledger = newLedger(plan)
	}
	return plan, ledger, slices.Concat(planProblems, progressProblems)
}

// LoadPlan loads the plan file name from fsys.
func (l *Loader) LoadPlan(fsys fs.FS, name string) (*Plan, Problems) {
	return l.plan(fsTree(fsys).source(name))
}

// LoadPlanFile loads the plan file at an operating-system path.
func (l *Loader) LoadPlanFile(path string) (*Plan, Problems) {
	return l.plan(osTree.source(path))
}

// ReadPlan reads a plan from r; name is used in problems. A nil r is an
// error of class ErrArgument, with an empty plan.
func (l *Loader) ReadPlan(name string, r io.Reader) (*Plan, Problems) {
	if r == nil {
		p := emptyPlan(name)
		p.errors = Problems{argProblem(CodeNilReader, "ReadPlan")}
		return p, p.errors
	}
	return l.plan(readerSource(name, r))
}

// LoadProgress loads progress files for plan from fsys.
func (l *Loader) LoadProgress(plan *Plan, fsys fs.FS, paths ...string) (*Ledger, Problems) {
	return l.LoadProgressContext(context.Background(), plan, fsys, paths...)
}

// LoadProgressContext is LoadProgress that stops when ctx is done (a
// server's request cancelled, a deadline passed). The files under way
// stop at their next document and no more are opened, so it returns
// within about the time one document takes to parse. A load that ctx
// stopped returns a nil Ledger, and its problems end with one whose Err
// is ctx.Err(), naming the first file not loaded: errors.Is(probs.Err(),
// context.Canceled) or context.DeadlineExceeded tells it apart. A load
// that finished before ctx was done returns as LoadProgress does.
func (l *Loader) LoadProgressContext(ctx context.Context, plan *Plan, fsys fs.FS, paths ...string) (*Ledger, Problems) {
	srcs, probs := fsTree(fsys).sources(paths)
	return l.progress(ctx, plan, srcs, probs)
}

// LoadProgressFiles loads progress files for plan from operating-system
// paths.
func (l *Loader) LoadProgressFiles(plan *Plan, paths ...string) (*Ledger, Problems) {
	return l.LoadProgressFilesContext(context.Background(), plan, paths...)
}

// LoadProgressFilesContext is LoadProgressFiles that stops when ctx is
// done, as LoadProgressContext does.
func (l *Loader) LoadProgressFilesContext(ctx context.Context, plan *Plan, paths ...string) (*Ledger, Problems) {
	srcs, probs := osTree.sources(paths)
	return l.progress(ctx, plan, srcs, probs)
}

// ReadProgress reads one progress stream for plan from r. A nil r is an
// error of class ErrArgument, with an empty ledger that holds it.
func (l *Loader) ReadProgress(plan *Plan, name string, r io.Reader) (*Ledger, Problems) {
	if r == nil {
		return l.progress(context.Background(), plan, nil, Problems{argProblem(CodeNilReader, "ReadProgress")})
	}
	return l.progress(context.Background(), plan, []source{readerSource(name, r)}, nil)
}

func (l *Loader) plan(src source) (*Plan, Problems) {
	text, bad := l.read(src)
	if bad != nil {
		p := emptyPlan(src.name)
		p.errors = Problems{*bad}
		return p, p.errors
	}
	d := &decoder{file: src.name, lim: l.Limits}
	var p *Plan
	l.documents(d, text, "a plan", func(doc *yaml.Node) {
		if p != nil {
			d.errorf(doc, ErrSyntax, CodePlanFileHoldsDocument)
			return
		}
		if root, ok := d.root(doc, "a plan"); ok {
			p = d.decodePlan(root)
		} else {
			p = emptyPlan(src.name)
		}
	})
	if p == nil {
		p = emptyPlan(src.name)
	}
	probs := d.probs.problems()
	sortProblems(probs)
	p.warnings, p.errors = probs.Warnings(), probs.Errors()
	return p, probs
}

// emptyPlan is the plan of a file of which nothing could be read.
func emptyPlan(name string) *Plan {
	return &Plan{File: name, unread: true, departments: map[string]*Department{}, districts: map[string]*District{}, targets: map[string]*Target{}, broken: map[string]bool{}}
}

// sortProblems puts one file's problems in the order of their positions.
func sortProblems(ps Problems) {
	cmp := func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	}
	if !slices.IsSortedFunc(ps, cmp) {
		slices.SortStableFunc(ps, cmp)
	}
}
