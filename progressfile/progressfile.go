// Package progressfile adds records to the progress files of a directory
// safely, when many writers (forms, scripts, clerks) add at once:
//
//   - Writers of one file take turns, whatever progress directory each
//     was given (the directory, a parent of it, or a link to either):
//     each holds an advisory lock (flock(2), or LockFileEx on Windows) on
//     the file .renewal-lock in the folder that holds the progress file,
//     once symbolic links are followed, while it checks and writes. While
//     it checks, a writer also holds the lock of its progress directory
//     (the same file when the progress file lies directly in it), so that
//     writers of one directory never both add records that conflict, in
//     one file or in two. Locks are taken directory first, then the
//     file's folder, which lies inside it, so no two writers can wait on
//     each other.
//   - Under the locks the writer loads the directory as it is then and
//     checks the new records against it with renewal.Ledger.With.
//   - The records are appended to the file as a new "---" document in the
//     canonical layout (renewal.Addition.Document); the file's existing
//     bytes are kept exactly, comments and layout included. A file that
//     does not end in a line break gets one first, in the file's own
//     style (CRLF when its first line ends so).
//   - The new file is written to a temporary file in the same folder,
//     synced, renamed over the old one, and the folder synced: a reader
//     sees the old file or the new one, never a part of one.
//
// Nothing is written to a file a load would not read, or outside the
// directory. A file's name must end in .yaml or .yml, in lower case, and
// be none that a load skips (an Excel lock file ~$…, a macOS ._… file):
// the loader's own rule decides. A file named through a symbolic link is
// the file the link leads to, which must lie inside the directory; that
// file is written (the link stays a link) and its folder's lock is taken,
// so a writer through the link and one through the file's own name take
// turns. A file whose owner may not write it (mode 0444, or Windows'
// read-only attribute) is refused, not replaced: read-only marks a file
// closed.
//
// The lock file, the old file and the temporary file are opened without
// following a symbolic link and without waiting on a named pipe: a lock
// path that is a link, a FIFO or anything but a regular file is refused
// at once, whatever the wait. (Elsewhere than Linux, macOS and the BSDs
// this is an Lstat before the open.)
//
// Temporary files are named after the file, the writer's process id and a
// random number, end in ".renewal-tmp", and are created exclusively; the
// lock file is ".renewal-lock", so a load (which reads *.yaml, *.yml and
// *.xlsx) never reads one. A writer killed at any point leaves the old file
// or the new one, and perhaps a temporary file, which the next writer into
// that folder removes (it holds the folder's lock, which every writer of a
// temporary file there holds). It cannot leave a stale lock: the lock
// belongs to the open file, and the kernel releases it when the process
// ends, however it ends. The lock file stays; its presence means nothing.
//
// Folders that a file needs are made only for records that pass: when the
// file's folder does not exist, the records are checked before anything
// is made (there is nothing there to lock yet), and checked again under
// the locks once the folders are made.
package progressfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/escape"
	readers "github.com/citybureau/renewal/internal/source"
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

// ErrLocked is returned, with the context's error, when another writer
// held a lock for as long as the context allowed: nothing was written.
var ErrLocked = errors.New("another writer holds the lock")

// errHeld is acquire's error when the context ends before the lock is
// free.
var errHeld = errors.New("lock held")

// LockedError says which lock another writer held and how long the
// writer waited, for a program to word it in its own language: errors.As
// finds it in Append's error. It is ErrLocked and the context's error.
type LockedError struct {
	// File is the file or directory whose lock was held, as loads name it.
	File string
	// Waited is how long the writer waited for it.
	Waited time.Duration
	cause  error
}

// Error says it in English, one line.
func (e *LockedError) Error() string {
	return escape.OneLine(fmt.Sprintf("another writer holds the lock on %s; gave up after waiting %v", e.File, e.Waited))
}

// Unwrap returns ErrLocked and the context's error.
func (e *LockedError) Unwrap() []error { return []error{ErrLocked, e.cause} }

// fileError is an error of a file: its message, one line, and its cause
// for errors.Is.
type fileError struct {
	msg   string
	cause error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return e.cause }

func fileErrorf(cause error, format string, a ...any) error {
	return &fileError{msg: escape.OneLine(fmt.Sprintf(format, a...)), cause: cause}
}

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
	// At is each new record's position in File, or, for an entry
	// already recorded, the position of the record that has it.
	At []renewal.Position
	// Already tells which entries were already recorded, and so not
	// written again: the directory had a record of the same target,
	// district and date with the same figures (or an earlier entry of
	// the same call gave them).
	Already []bool
	// Problems are the problems the records raise: warnings only, when
	// they were written.
	Problems renewal.Problems
	// Ledger is the directory's records with the new ones.
	Ledger *renewal.Ledger

	line int // the line the appended document's "---" takes in File
}

// New reports whether p is a problem of the records Append was given,
// rather than of a record of the directory: it lies in the document that
// Append was to add to File. When the records were refused, that
// document was never written, so a program names such a problem as the
// new record's, not by its line.
func (r *Result) New(p renewal.Problem) bool {
	return r != nil && r.line > 0 && p.File == r.File && p.Line >= r.line
}

// fault is called at each step of Append; tests make it end the process
// there, as a killed writer would.
var fault = func(step string) {}

// retry is how often a writer tries a lock another holds.
const retry = 10 * time.Millisecond

// Append checks the entries, from source, against the plan and the
// records of the directory as they are once the locks are held, and, if
// they have no errors, appends them to file as one document. file is an
// operating-system path inside Dir, created with its folders (and Dir)
// if need be; "" means Dir's DefaultFile for the first entry's district.
// It waits for the locks as long as ctx allows.
//
// With errors in the records it returns ErrRefused and the problems in
// the Result. When another writer holds a lock until ctx is done, the
// error is ErrLocked (and ctx's error), and says which file and how long
// it waited. A file that is read-only is refused with an error that is
// fs.ErrPermission. Any other error means nothing was written, or for an
// error syncing the folder after the rename, that the write may not yet
// be durable.
func (w *Writer) Append(ctx context.Context, file, source string, entries ...renewal.Entry) (*Result, error) {
	if file == "" && len(entries) > 0 {
		file = filepath.Join(w.Dir, DefaultFile(entries[0].District))
	}
	dir, path, name, err := w.place(file)
	if err != nil {
		return nil, err
	}
	var created []string
	if _, err := os.Lstat(filepath.Dir(path)); errors.Is(err, fs.ErrNotExist) {
		// No folder, so no file and no lock yet: refused records make
		// no folder.
		if c, err := w.check(name, nil, source, entries); err != nil || len(c.add.Entries) == 0 {
			return c.res, err // refused, or nothing new to write
		}
		if created, err = mkdirs(filepath.Dir(path)); err != nil {
			return nil, err
		}
		if dir, path, name, err = w.place(file); err != nil {
			return nil, err
		}
	}
	folder := filepath.Dir(path)
	unlock, err := w.lock(ctx, dir, folder, name)
	if err != nil {
		return nil, err
	}
	defer unlock()
	fault("locked")

	removeTemps(folder)
	old, mode, err := readOld(path, name)
	if err != nil {
		return nil, err
	}
	c, err := w.check(name, old, source, entries)
	if err != nil || len(c.add.Entries) == 0 {
		return c.res, err // refused, or nothing new to write
	}
	res := c.res
	doc, at := c.add.Document()
	if c.crlf {
		doc = bytes.ReplaceAll(doc, []byte("\n"), []byte("\r\n"))
	}
	for i, j := range c.written {
		res.At[j] = at[i]
	}
	for i, j := range c.sameAs {
		if j >= 0 {
			res.At[i] = res.At[j]
		}
	}
	if err := write(path, name, old, c.lead, doc, mode); err != nil {
		return nil, err
	}
	for _, d := range created {
		if err := syncDir(filepath.Dir(d)); err != nil {
			return res, err
		}
	}
	return res, nil
}

// checked is what check found: the Result so far, and what to append.
type checked struct {
	res  *Result
	add  renewal.Addition
	lead []byte
	crlf bool
	// written maps the addition's entries to Append's; sameAs gives, for
	// an entry that repeats an earlier one of the call, that one's
	// index, and -1 for every other.
	written, sameAs []int
}

// check loads the directory and checks the entries as appended to the
// file name, whose bytes are old (nil when it does not exist). It
// returns ErrRefused when the records have errors, or the file a YAML
// error that a new document could become part of.
func (w *Writer) check(name string, old []byte, source string, entries []renewal.Entry) (checked, error) {
	loader := w.Loader
	if loader == nil {
		loader = &renewal.Loader{}
	}
	ledger, loaded := loader.LoadProgressFiles(w.Plan, w.Dir)
	c := checked{res: &Result{File: name}}
	for _, p := range loaded {
		if p.File == name && errors.Is(p, renewal.ErrSyntax) {
			// A document appended after a YAML error could be read as a
			// part of what is broken.
			c.res.Problems = append(c.res.Problems, p)
		}
	}
	if len(c.res.Problems) > 0 {
		return c, ErrRefused
	}
	var line int
	line, c.lead, c.crlf = end(old)
	c.res.line = max(line, 1)
	c.res.At = make([]renewal.Position, len(entries))
	c.res.Already = make([]bool, len(entries))
	var add []renewal.Entry
	c.sameAs = recorded(w.Plan, ledger, entries, c.res)
	for i, e := range entries {
		if !c.res.Already[i] {
			add = append(add, e)
			c.written = append(c.written, i)
		}
	}
	c.add = renewal.Addition{File: name, Line: line, Source: source, Entries: add}
	if len(add) == 0 && len(entries) > 0 {
		c.res.Ledger, c.res.line = ledger, 0
		return c, nil
	}
	c.res.Ledger, c.res.Problems = ledger.With(c.add)
	if c.res.Problems.HasErrors() {
		c.res.Ledger = nil
		return c, ErrRefused
	}
	return c, nil
}

// recorded marks, in res, the entries that are recorded already: those
// that give the same figures, read as a load reads them (units
// converted), as a record of the ledger of the same target, district and
// date (At is that record's position), or as an earlier entry of the
// call. It returns, for each entry, the index of the earlier entry it
// repeats, or -1.
func recorded(plan *renewal.Plan, ledger *renewal.Ledger, entries []renewal.Entry, res *Result) []int {
	type slot struct {
		target, district string
		date             renewal.Date
	}
	keyOf := func(r renewal.Record) slot {
		k := slot{r.Target.ID, "", r.Date}
		if r.District != nil {
			k.district = r.District.ID
		}
		return k
	}
	kept := map[slot][]renewal.Record{}
	for r := range ledger.Records() {
		kept[keyOf(r)] = append(kept[keyOf(r)], r)
	}
	sameAs := make([]int, len(entries))
	earlier := map[slot][]int{}
	mine := make([]renewal.Record, len(entries))
	for i, e := range entries {
		sameAs[i] = -1
		one, _ := renewal.LoadEntries(plan, []renewal.Entry{e})
		ok := false
		for r := range one.Records() {
			mine[i], ok = r, true
		}
		if !ok {
			continue // refused, or not a record: the check says why
		}
		k := keyOf(mine[i])
		for _, r := range kept[k] {
			if sameFigures(r, mine[i]) {
				res.Already[i], res.At[i] = true, r.Position
				break
			}
		}
		for _, j := range earlier[k] {
			if !res.Already[i] && sameFigures(mine[j], mine[i]) {
				res.Already[i], res.At[i], sameAs[i] = true, res.At[j], j
			}
		}
		if !res.Already[i] {
			earlier[k] = append(earlier[k], i)
		}
	}
	return sameAs
}

// sameFigures reports whether two records of one target give the same
// figures: what makes a duplicate.
func sameFigures(a, b renewal.Record) bool {
	return a.Value.Equal(b.Value) && a.Numerator.Equal(b.Numerator) && a.Denominator.Equal(b.Denominator) && a.Done == b.Done
}

// lock takes the lock of the progress directory dir (w.Dir resolved),
// then that of folder, the file's folder resolved, which lies in dir or
// is dir; name is the file as loads name it. It returns the release of
// both.
func (w *Writer) lock(ctx context.Context, dir, folder, name string) (func(), error) {
	start := time.Now()
	held := func(what, lockFile string, err error) error {
		if !errors.Is(err, errHeld) {
			return lockProblem(what, lockFile, err)
		}
		waited := time.Since(start)
		if dl, ok := ctx.Deadline(); ok && dl.After(start) && dl.Before(time.Now()) {
			waited = dl.Sub(start) // what it was allowed, not the retry's overshoot
		}
		if r := waited.Round(10 * time.Millisecond); r > 0 {
			waited = r
		}
		return &LockedError{File: what, Waited: waited, cause: ctx.Err()}
	}
	var releases []func()
	release := func() {
		for i := len(releases) - 1; i >= 0; i-- {
			releases[i]()
		}
	}
	if dir != folder {
		r, err := acquire(ctx, filepath.Join(dir, LockFile), retry)
		if err != nil {
			return nil, held("the progress directory "+w.Dir, filepath.Join(w.Dir, LockFile), err)
		}
		releases = append(releases, r)
	}
	r, err := acquire(ctx, filepath.Join(folder, LockFile), retry)
	if err != nil {
		release()
		return nil, held(name, filepath.Join(filepath.Dir(name), LockFile), err)
	}
	releases = append(releases, r)
	return release, nil
}

// lockProblem is the error of the lock on what, the file lockFile (as
// loads name files), that could not be opened or locked (not a wait): a
// link or another kind of file is named so.
func lockProblem(what, lockFile string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if info, lerr := os.Lstat(pe.Path); lerr == nil && !info.Mode().IsRegular() {
			return fileErrorf(err, "the lock file %s is %s; a lock file must be a regular file, so nothing was written to %s",
				lockFile, kind(info.Mode()), what)
		}
	}
	return fileErrorf(err, "cannot take the lock on %s: %v", what, err)
}

// kind says what a file that is not a regular file is.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return "a special file"
}

// notRegular is the error of a path that is not a regular file.
func notRegular(p string, m fs.FileMode) error {
	return &fs.PathError{Op: "open", Path: p, Err: fmt.Errorf("%s, not a regular file", kind(m))}
}

// regular returns an error unless f, opened as name, is a regular file.
func regular(f *os.File, name string) error {
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return notRegular(name, info.Mode())
	}
	return nil
}

// readOld reads the file at path (named name in messages), which may not
// exist, without following a link, and returns its bytes and the mode
// the new file keeps. A file its owner may not write is refused.
func readOld(path, name string) ([]byte, fs.FileMode, error) {
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0o644, nil
	}
	if err != nil {
		if info, lerr := os.Lstat(path); lerr == nil && !info.Mode().IsRegular() {
			return nil, 0, fileErrorf(err, "%s is %s, not a regular file; nothing was written", name, kind(info.Mode()))
		}
		return nil, 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if m := info.Mode(); !m.IsRegular() {
		return nil, 0, fileErrorf(notRegular(path, m), "%s is %s, not a regular file; nothing was written", name, kind(m))
	}
	if m := info.Mode().Perm(); m&0o200 == 0 {
		return nil, 0, fileErrorf(fs.ErrPermission, "%s is read-only (mode %04o): a read-only progress file is closed to new records, so nothing was written; make it writable to add to it", name, m)
	}
	old, err := io.ReadAll(f)
	return old, info.Mode().Perm(), err
}

// place returns the progress directory resolved (symbolic links
// followed), where file is once links are followed, and file's name as a
// load of w.Dir names it. It refuses a file outside the directory and
// one a load would not read, by the loader's rule.
func (w *Writer) place(file string) (dir, path, name string, err error) {
	if err := loadable(file, file); err != nil {
		return "", "", "", err
	}
	if dir, err = resolve(w.Dir); err != nil {
		return "", "", "", err
	}
	if path, err = resolve(file); err != nil {
		return "", "", "", err
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", "", fileErrorf(nil, "%s is not inside the progress directory %s", file, w.Dir)
	}
	if err := loadable(path, file); err != nil {
		return "", "", "", err // a link to a name a load skips
	}
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return "", "", "", fileErrorf(nil, "%s is %s, not a regular file", file, kind(info.Mode()))
	}
	return dir, path, filepath.Join(w.Dir, rel), nil
}

// loadable refuses p, named file in messages, when a load of its
// directory would not read it: the loader's rule, shared.
func loadable(p, file string) error {
	if !readers.IsYAML(p) {
		return fileErrorf(nil, "%s: a progress file's name ends in .yaml or .yml (in lower case), or a load does not read it", file)
	}
	switch readers.Left(filepath.Base(p)) {
	case readers.ExcelLock:
		return fileErrorf(nil, "%s: a load skips a file of this name, which Excel and WPS give their lock files (~$…), so nothing was written to it", file)
	case readers.MacResource:
		return fileErrorf(nil, "%s: a load skips a file of this name, which macOS gives the resource files it leaves beside a file it copies (._…), so nothing was written to it", file)
	}
	return nil
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
// Under the folder's lock no other writer is writing one: every writer of
// a temporary file in a folder holds that folder's lock.
func removeTemps(folder string) {
	names, _ := filepath.Glob(filepath.Join(folder, ".*"+TempSuffix))
	for _, n := range names {
		os.Remove(n)
	}
}

// createTemp creates a new temporary file for the file at path, in its
// folder: exclusively, never through a link, and named after the file,
// the process and a random number, so that no two writers share one.
func createTemp(path string) (*os.File, error) {
	for i := 0; ; i++ {
		name := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.%d-%016x%s", filepath.Base(path), os.Getpid(), rand.Uint64(), TempSuffix))
		f, err := openNoFollow(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil || !errors.Is(err, fs.ErrExist) || i == 100 {
			return f, err
		}
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

// write replaces the file at path (named name in messages) with old,
// lead and doc, atomically, in mode.
func write(path, name string, old, lead, doc []byte, mode fs.FileMode) (err error) {
	folder := filepath.Dir(path)
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
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
		return fileErrorf(err, "%s was written, but syncing its folder failed: %v", name, err)
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
