// Package progressfile adds records to the progress files of a directory
// safely, when many writers (forms, scripts, clerks) add at once:
//
//   - Writers of one progress directory take turns: each holds an
//     advisory lock (flock(2), through github.com/gofrs/flock) on the file
//     .renewal-lock in the directory while it checks and writes.
//   - Under the lock the writer loads the directory as it is then and
//     checks the new records against it with renewal.Ledger.With, so two
//     writers can never both add records that conflict.
//   - The records are appended to the file as a new "---" document in the
//     canonical layout (renewal.Addition.Document); the file's existing
//     bytes are kept exactly, comments and layout included. A file that
//     does not end in a line break gets one first, in the file's own
//     style (CRLF when its first line ends so).
//   - The new file is written to a temporary file in the same folder,
//     synced, renamed over the old one, and the folder synced: a reader
//     sees the old file or the new one, never a part of one.
//
// Temporary files end in ".renewal-tmp" and the lock file is
// ".renewal-lock", so a load (which reads *.yaml, *.yml and *.xlsx) never
// reads one. A writer killed at any point leaves the old file or the new
// one, and perhaps a temporary file, which the next writer into that
// folder removes. It cannot leave a stale lock: a flock lock belongs to
// the open file, and the kernel releases it when the process ends, however
// it ends. The lock file stays; its presence means nothing.
package progressfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/citybureau/renewal"
)

// Names the writer uses in a progress directory.
const (
	// LockFile is the file in the progress directory that writers lock.
	LockFile = ".renewal-lock"
	// TempSuffix ends the name of every temporary file.
	TempSuffix = ".renewal-tmp"
	// CityFile is the default file of city-wide records. Identifiers
	// begin with a letter or a digit, so no district's file can take
	// this name.
	CityFile = "_city.yaml"
)

// ErrRefused is returned when the records have errors: Result.Problems
// lists every one, and nothing was written.
var ErrRefused = errors.New("the records have errors; nothing was written")

// DefaultFile returns the name of a district's default file in the
// progress directory, the district's id with ".yaml", or CityFile for
// city-wide records (district ""). District ids may hold letters of any
// script, digits, "-", "_" and "."; never a path separator.
func DefaultFile(district string) string {
	if district == "" {
		return CityFile
	}
	return district + ".yaml"
}

// Writer adds records to the progress files of one directory.
type Writer struct {
	Plan *renewal.Plan
	// Dir is the progress directory, named as loads name it: problems
	// and positions name files by Dir joined with their path in it.
	Dir string
	// Loader loads the directory under the lock; nil means the default.
	Loader *renewal.Loader
}

// Result is what Append did.
type Result struct {
	// File is the file added to, named as a load of Dir names it.
	File string
	// At is each new record's position in File.
	At []renewal.Position
	// Problems are the problems the records raise: warnings only, when
	// they were written.
	Problems renewal.Problems
	// Ledger is the directory's records with the new ones.
	Ledger *renewal.Ledger
}

// fault is called at each step of Append; tests make it end the process
// there, as a killed writer would.
var fault = func(step string) {}

// Append checks the entries, from source, against the plan and the
// records of the directory as they are once the lock is held, and, if
// they have no errors, appends them to file as one document. file is an
// operating-system path inside Dir, created with its folders if need be;
// "" means Dir's DefaultFile for the first entry's district. It waits for
// the lock as long as ctx allows.
//
// With errors in the records it returns ErrRefused and the problems in
// the Result; any other error means nothing was written, or for an error
// syncing the folder after the rename, that the write may not yet be
// durable.
func (w *Writer) Append(ctx context.Context, file, source string, entries ...renewal.Entry) (*Result, error) {
	if file == "" && len(entries) > 0 {
		file = filepath.Join(w.Dir, DefaultFile(entries[0].District))
	}
	if err := os.MkdirAll(w.Dir, 0o755); err != nil {
		return nil, err
	}
	dir, err := resolve(w.Dir)
	if err != nil {
		return nil, err
	}
	lock := flock.New(filepath.Join(dir, LockFile))
	locked, err := lock.TryLockContext(ctx, 10*time.Millisecond)
	if err != nil || !locked {
		return nil, fmt.Errorf("waiting for the lock on %s: %w", w.Dir, errors.Join(err, ctx.Err()))
	}
	defer lock.Unlock()
	fault("locked")

	path, name, err := w.place(dir, file)
	if err != nil {
		return nil, err
	}
	removeTemps(filepath.Dir(path))
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	loader := w.Loader
	if loader == nil {
		loader = &renewal.Loader{}
	}
	ledger, loaded := loader.LoadProgressFiles(w.Plan, w.Dir)
	res := &Result{File: name}
	for _, p := range loaded {
		if p.File == name && errors.Is(p, renewal.ErrSyntax) {
			// A document appended after a YAML error could be read as a
			// part of what is broken.
			res.Problems = append(res.Problems, p)
		}
	}
	if len(res.Problems) > 0 {
		return res, ErrRefused
	}
	line, lead, crlf := end(old)
	add := renewal.Addition{File: name, Line: line, Source: source, Entries: entries}
	res.Ledger, res.Problems = ledger.With(add)
	if res.Problems.HasErrors() {
		res.Ledger = nil
		return res, ErrRefused
	}
	doc, at := add.Document()
	if crlf {
		doc = bytes.ReplaceAll(doc, []byte("\n"), []byte("\r\n"))
	}
	res.At = at
	created, err := mkdirs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	if err := write(path, old, lead, doc); err != nil {
		return nil, err
	}
	for _, d := range created {
		if err := syncDir(filepath.Dir(d)); err != nil {
			return res, err
		}
	}
	return res, nil
}

// place returns where file is once symbolic links are followed, and its
// name as a load of w.Dir names it. It refuses a file outside dir (w.Dir
// resolved) and one a load would not read.
func (w *Writer) place(dir, file string) (path, name string, err error) {
	if ext := filepath.Ext(file); ext != ".yaml" && ext != ".yml" {
		return "", "", fmt.Errorf("%s: a progress file's name ends in .yaml or .yml, or a load does not read it", file)
	}
	path, err = resolve(file)
	if err != nil {
		return "", "", err
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", fmt.Errorf("%s is not inside the progress directory %s", file, w.Dir)
	}
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return "", "", fmt.Errorf("%s is not a regular file", file)
	}
	return path, filepath.Join(w.Dir, rel), nil
}

// resolve returns the absolute path p names once symbolic links are
// followed, for as much of it as exists.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// mkdirs makes folder and its missing parents, and returns those it made,
// deepest last.
func mkdirs(folder string) ([]string, error) {
	var missing []string
	for d := folder; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append([]string{d}, missing...)
	}
	return missing, os.MkdirAll(folder, 0o755)
}

// removeTemps removes temporary files left in folder by killed writers.
// Under the lock no other writer is writing one.
func removeTemps(folder string) {
	names, _ := filepath.Glob(filepath.Join(folder, ".*"+TempSuffix))
	for _, n := range names {
		os.Remove(n)
	}
}

// end returns the line that text appended to b starts on, the line break
// to write first (none when b is empty or ends in one), and whether b's
// lines end in CRLF. Line breaks are counted as YAML counts them.
func end(b []byte) (line int, lead []byte, crlf bool) {
	breaks, first := 0, ""
	for i := 0; i < len(b); i++ {
		br := ""
		switch {
		case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
			br = "\r\n"
			i++
		case b[i] == '\r' || b[i] == '\n':
			br = string(b[i])
		case b[i] == 0xE2 && i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xA8 || b[i+2] == 0xA9):
			br = "\u2028"
			i += 2
		}
		if br != "" {
			breaks++
			if first == "" {
				first = br
			}
		}
	}
	crlf = first == "\r\n"
	if len(b) > 0 && !endsInBreak(b) {
		lead = []byte("\n")
		if crlf {
			lead = []byte("\r\n")
		}
		breaks++
	}
	return breaks + 1, lead, crlf
}

func endsInBreak(b []byte) bool {
	c := b[len(b)-1]
	return c == '\n' || c == '\r' || bytes.HasSuffix(b, []byte("\u2028")) || bytes.HasSuffix(b, []byte("\u2029"))
}

// write replaces the file at path with old, lead and doc, atomically.
func write(path string, old, lead, doc []byte) (err error) {
	folder := filepath.Dir(path)
	tmp, err := os.CreateTemp(folder, "."+filepath.Base(path)+".*"+TempSuffix)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	for _, b := range [][]byte{old, lead, doc} {
		if _, err := tmp.Write(b); err != nil {
			return err
		}
	}
	fault("written")
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	fault("synced")
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	fault("renamed")
	if err := syncDir(folder); err != nil {
		return fmt.Errorf("%s was written, but syncing its folder failed: %w", path, err)
	}
	fault("done")
	return nil
}

// syncDir flushes a folder's entries (a rename, a new file) to disk.
func syncDir(folder string) error {
	d, err := os.Open(folder)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}
