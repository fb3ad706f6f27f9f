package renewal

import (
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

	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/yamlx"
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
}

// Default limits.
const (
	DefaultFileBytes   = 64 << 20
	DefaultScalarBytes = 64 << 10
	DefaultMappingKeys = 10000
)

func (l Limits) fileBytes() int64 {
	if l.FileBytes > 0 {
		return l.FileBytes
	}
	return DefaultFileBytes
}

func (l Limits) scalarBytes() int {
	if l.ScalarBytes > 0 {
		return l.ScalarBytes
	}
	return DefaultScalarBytes
}

func (l Limits) mappingKeys() int {
	if l.MappingKeys > 0 {
		return l.MappingKeys
	}
	return DefaultMappingKeys
}

// Loader loads plans and progress with chosen limits. The zero Loader uses
// the default limits and decodes up to GOMAXPROCS files at once; the
// package-level functions use it.
type Loader struct {
	Limits Limits
	// Workers is how many files are decoded at once; 0 means GOMAXPROCS.
	// The load order, and so every result, is the same whatever it is.
	Workers int
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
// Loader. Each path is a file, or a directory whose *.yaml and *.yml files
// are read recursively in lexical path order.
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
func LoadFiles(planPath string, progressPaths ...string) (plan *Plan, planProblems Problems, ledger *Ledger, progressProblems Problems) {
	return (&Loader{}).LoadFiles(planPath, progressPaths...)
}

// LoadFiles is LoadPlanFile followed by LoadProgressFiles, with the same
// results, only sooner: the progress files are read and parsed while the
// plan is decoded, and checked against it once it is ready. (A bounded
// number of parsed documents wait for the plan; the rest wait to be
// parsed.) When the plan has errors the progress is not checked: ledger
// and progressProblems are nil.
func (l *Loader) LoadFiles(planPath string, progressPaths ...string) (plan *Plan, planProblems Problems, ledger *Ledger, progressProblems Problems) {
	gate := newPlanGate()
	go func() {
		p, probs := l.LoadPlanFile(planPath)
		plan, planProblems = p, probs
		if probs.HasErrors() {
			p = nil
		}
		gate.open(p)
	}()
	var srcs []source
	var probs Problems
	for _, p := range progressPaths {
		s, pr := osSources(p)
		srcs = append(srcs, s...)
		probs = append(probs, pr...)
	}
	ledger, progressProblems = l.progressGated(gate, srcs, probs)
	<-gate.ready // plan and planProblems are set
	return plan, planProblems, ledger, progressProblems
}

// LoadPlan loads the plan file name from fsys.
func (l *Loader) LoadPlan(fsys fs.FS, name string) (*Plan, Problems) {
	return l.plan(source{name: name, open: func() (io.ReadCloser, error) { return fsys.Open(name) }})
}

// LoadPlanFile loads the plan file at an operating-system path.
func (l *Loader) LoadPlanFile(path string) (*Plan, Problems) {
	return l.plan(osSource(path))
}

// ReadPlan reads a plan from r; name is used in problems.
func (l *Loader) ReadPlan(name string, r io.Reader) (*Plan, Problems) {
	return l.plan(readerSource(name, r))
}

// LoadProgress loads progress files for plan from fsys.
func (l *Loader) LoadProgress(plan *Plan, fsys fs.FS, paths ...string) (*Ledger, Problems) {
	var srcs []source
	var probs Problems
	for _, p := range paths {
		s, pr := fsSources(fsys, p)
		srcs = append(srcs, s...)
		probs = append(probs, pr...)
	}
	return l.progress(plan, srcs, probs)
}

// LoadProgressFiles loads progress files for plan from operating-system
// paths.
func (l *Loader) LoadProgressFiles(plan *Plan, paths ...string) (*Ledger, Problems) {
	var srcs []source
	var probs Problems
	for _, p := range paths {
		s, pr := osSources(p)
		srcs = append(srcs, s...)
		probs = append(probs, pr...)
	}
	return l.progress(plan, srcs, probs)
}

// ReadProgress reads one progress stream for plan from r.
func (l *Loader) ReadProgress(plan *Plan, name string, r io.Reader) (*Ledger, Problems) {
	return l.progress(plan, []source{readerSource(name, r)}, nil)
}

// source is one input file: its name in problems and how to open it.
type source struct {
	name string
	open func() (io.ReadCloser, error)
}

func readerSource(name string, r io.Reader) source {
	return source{name: name, open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }}
}

func osSource(p string) source {
	return source{name: p, open: func() (io.ReadCloser, error) { return os.Open(p) }}
}

func isYAML(name string) bool {
	ext := path.Ext(name) // as SPEC says: *.yaml and *.yml, case and all
	return ext == ".yaml" || ext == ".yml"
}

func fileProblem(name string, class error, format string, args ...any) Problem {
	return Problem{Position: Position{File: name, Line: 1, Column: 1}, Class: class, Message: fmt.Sprintf(format, args...)}
}

// fsSources lists the files a path names in fsys: the file itself, or a
// directory's YAML files in lexical path order.
func fsSources(fsys fs.FS, name string) ([]source, Problems) {
	clean := path.Clean(strings.TrimPrefix(filepath.ToSlash(name), "./"))
	info, err := fs.Stat(fsys, clean)
	if err != nil {
		return nil, Problems{fileProblem(name, ErrSyntax, "cannot read: %v", unwrapPathError(err))}
	}
	open := func(n string) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return fsys.Open(n) }
	}
	if !info.IsDir() {
		return []source{{name: clean, open: open(clean)}}, nil
	}
	var names []string
	var probs Problems
	err = fs.WalkDir(fsys, clean, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			probs = append(probs, fileProblem(p, ErrSyntax, "cannot read: %v", unwrapPathError(err)))
			return nil
		}
		if !de.IsDir() && isYAML(p) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		probs = append(probs, fileProblem(name, ErrSyntax, "cannot read: %v", unwrapPathError(err)))
	}
	slices.Sort(names)
	srcs := make([]source, len(names))
	for i, n := range names {
		srcs[i] = source{name: n, open: open(n)}
	}
	return srcs, probs
}

// osSources is fsSources for operating-system paths; names keep the form
// the caller gave.
func osSources(name string) ([]source, Problems) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, Problems{fileProblem(name, ErrSyntax, "cannot read: %v", unwrapPathError(err))}
	}
	if !info.IsDir() {
		return []source{osSource(name)}, nil
	}
	var names []string
	var probs Problems
	_ = filepath.WalkDir(name, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			probs = append(probs, fileProblem(p, ErrSyntax, "cannot read: %v", unwrapPathError(err)))
			return nil
		}
		if !de.IsDir() && isYAML(p) {
			names = append(names, p)
		}
		return nil
	})
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(filepath.ToSlash(a), filepath.ToSlash(b)) })
	srcs := make([]source, len(names))
	for i, n := range names {
		srcs[i] = osSource(n)
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
	f, err := src.open()
	if err != nil {
		p := fileProblem(src.name, ErrSyntax, "cannot read: %v", unwrapPathError(err))
		return nil, &p
	}
	defer f.Close()
	limit := l.Limits.fileBytes()
	data, err := readAll(f, limit+1)
	if err != nil {
		p := fileProblem(src.name, ErrSyntax, "cannot read: %v", unwrapPathError(err))
		return nil, &p
	}
	if int64(len(data)) > limit {
		p := fileProblem(src.name, ErrSyntax, "the file is larger than the limit of %d bytes", limit)
		return nil, &p
	}
	text, bad := yamlx.Prepare(data)
	if bad != nil {
		p := Problem{Position: Position{File: src.name, Line: bad.Line, Column: bad.Column}, Class: ErrSyntax, Message: bad.Message}
		return nil, &p
	}
	return text, nil
}

// readAll reads at most n bytes of r. When r can say its size (an
// *os.File, an fs.File), the buffer is sized once instead of grown by
// doubling, which matters for a file of tens of megabytes.
func readAll(r io.Reader, n int64) ([]byte, error) {
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
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// documents hands each document of a file to fn, and reports syntax
// errors and an empty file.
func (l *Loader) documents(d *decoder, text []byte, what string, fn func(doc *yaml.Node)) {
	if p := l.stream(d, text, what, fn); p != nil {
		d.probs = append(d.probs, *p)
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

func (l *Loader) plan(src source) (*Plan, Problems) {
	text, bad := l.read(src)
	if bad != nil {
		return emptyPlan(src.name), Problems{*bad}
	}
	d := &decoder{file: src.name, lim: l.Limits}
	var p *Plan
	l.documents(d, text, "a plan", func(doc *yaml.Node) {
		if p != nil {
			d.errorf(doc, ErrSyntax, "a plan file holds one document; this is another one")
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
	sortProblems(d.probs)
	p.warnings = d.probs.Warnings()
	return p, d.probs
}

func emptyPlan(name string) *Plan {
	return &Plan{File: name, departments: map[string]*Department{}, districts: map[string]*District{}, targets: map[string]*Target{}, broken: map[string]bool{}}
}

// sortProblems puts one file's problems in the order of their positions.
func sortProblems(ps Problems) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}

func (l *Loader) workers() int {
	if l.Workers > 0 {
		return l.Workers
	}
	return runtime.GOMAXPROCS(0)
}
