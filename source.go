package renewal

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	readers "github.com/citybureau/renewal/internal/source"
	"github.com/citybureau/renewal/internal/yamlx"
	"gopkg.in/yaml.v3"
)

// The files of a load: the sources a load reads (files, a directory's
// files, a reader), the walk of a tree that finds them, and reading one
// file's checked text, document by document.

// source is one input file: its name in problems and how to open it.
type source struct {
	name string
	open func() (io.ReadCloser, error)
}

func readerSource(name string, r io.Reader) source {
	return source{name: name, open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }}
}

// isYAML reports whether a file met in a directory is YAML: *.yaml and
// *.yml, case and all (readers.IsYAML, the rule writers share).
func isYAML(name string) bool { return readers.IsYAML(name) }

func fileProblem(name string, class error, code Code, args ...any) Problem {
	return newProblem(Position{File: name, Line: 1, Column: 1}, Error, class, code, args...)
}

// readProblem is the problem of a file that cannot be read: it keeps the
// cause (an *fs.PathError, fs.ErrNotExist under it) for errors.Is and
// errors.As, and says it once.
func readProblem(name string, err error) Problem {
	p := fileProblem(name, ErrSyntax, CodeCannotRead, unwrapPathError(err))
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
		probs = append(probs, newProblem(Position{File: name, Line: 1, Column: 1}, Warning, ErrField, CodeDirectoryEmpty, name))
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
		p := problemAs(Position{File: src.name, Line: bad.Line, Column: bad.Column}, Error, ErrSyntax, CodeYamlSyntax, bad.Message)
		return nil, &p
	}
	if err != nil {
		p := readProblem(src.name, err)
		return nil, &p
	}
	if int64(len(data)) > limit {
		p := fileProblem(src.name, ErrSyntax, CodeFileLargerLimitBytes, limit)
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
	return problemAs(Position{File: name, Line: line, Column: 1}, Error, ErrSyntax, CodeDocumentTooLarge, size, limit)
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
		p := problemAs(Position{File: d.file, Line: err.Line, Column: err.Column}, Error, ErrSyntax, CodeYamlSyntax, err.Message)
		return &p
	}
	if count == 0 {
		p := fileProblem(d.file, ErrSyntax, CodeEmptyFile, what)
		return &p
	}
	return nil
}
