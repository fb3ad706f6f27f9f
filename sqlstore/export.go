package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/progressfile"
)

// Export writes every record of the store to dir as progress files, so
// that loading dir gives the same figures and problems as loading the
// store: a district's records to <district id>.yaml and city-wide records
// to _city.yaml, the names the recorder uses, each in id order, one
// "---" document for each run of rows from one source. dir must be
// absent (it is made) or empty. Each file is created exclusively, never
// over another: two district ids that a file system may not tell apart
// (T1 and t1, on macOS or Windows) are an error before anything is
// written. It returns the files written, in order.
//
// A row whose district cannot name a file, or whose date is not a date,
// cannot be written as it is: such rows are an error naming each, and
// nothing is written.
func (s *Store) Export(ctx context.Context, dir string) ([]string, error) {
	rows, err := s.Rows(ctx)
	if err != nil {
		return nil, err
	}
	type file struct {
		name string
		rows []Row
	}
	files := map[string]*file{}
	folded := map[string]string{}
	var errs []error
	for _, r := range rows {
		if r.District != "" && !fileID(r.District) {
			errs = append(errs, fmt.Errorf("%s: district %q cannot name a file: want letters, digits, '-', '_' and '.', beginning with a letter or a digit", r.Position(), r.District))
			continue
		}
		name := progressfile.DefaultFile(r.District)
		f := files[name]
		if f == nil {
			key := strings.ToLower(strings.ToUpper(name))
			if other, ok := folded[key]; ok {
				errs = append(errs, fmt.Errorf("%s: district %q would write %s, which a file system that ignores case cannot tell from %s", r.Position(), r.District, name, other))
				continue
			}
			folded[key] = name
			f = &file{name: name}
			files[name] = f
		}
		f.rows = append(f.rows, r)
	}
	docs := map[string][]byte{}
	for name, f := range files {
		text, ferrs := document(filepath.Join(dir, name), f.rows)
		errs = append(errs, ferrs...)
		docs[name] = text
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(docs))
	for name := range docs {
		names = append(names, name)
	}
	slices.Sort(names)
	var written []string
	for _, name := range names {
		path := filepath.Join(dir, name)
		if err := writeNew(path, docs[name]); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// document renders one file's rows: a document for each run of rows from
// one source.
func document(file string, rows []Row) ([]byte, []error) {
	var out []byte
	var errs []error
	line := 1
	for len(rows) > 0 {
		n := 1
		for n < len(rows) && rows[n].Source == rows[0].Source {
			n++
		}
		add := renewal.Addition{File: file, Line: line, Source: rows[0].Source}
		for _, r := range rows[:n] {
			e, err := rowEntry(r)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			add.Entries = append(add.Entries, e)
		}
		doc, _ := add.Document()
		out = append(out, doc...)
		line += strings.Count(string(doc), "\n")
		rows = rows[n:]
	}
	return out, errs
}

// rowEntry is a row as an entry, its dates read.
func rowEntry(r Row) (renewal.Entry, error) {
	e := renewal.Entry{Target: r.Target, District: r.District, Value: r.Value, Numerator: r.Numerator,
		Denominator: r.Denominator, Unit: r.Unit, Note: r.Note, Correction: r.Correction}
	var err error
	if r.Date != "" {
		if e.Date, err = renewal.ParseDate(r.Date); err != nil {
			return e, fmt.Errorf("%s: date %q: %v", r.Position(), r.Date, err)
		}
	}
	if r.Done != "" {
		if e.Done, err = renewal.ParseDate(r.Done); err != nil {
			return e, fmt.Errorf("%s: done %q: %v", r.Position(), r.Done, err)
		}
	}
	return e, nil
}

// fileID reports whether a district id can name a file as it is: an
// identifier of the plan's form (letters and marks, digits, '-', '_' and
// '.', beginning with a letter or a digit, at most 64 characters), so no
// path separator, no leading dot.
func fileID(id string) bool {
	if id == "" || utf8.RuneCountInString(id) > 64 || !utf8.ValidString(id) {
		return false
	}
	for i, r := range id {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !word && (i == 0 || !unicode.IsMark(r) && r != '-' && r != '_' && r != '.') {
			return false
		}
	}
	return true
}

// emptyDir makes dir, or checks that it is an empty directory.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty: export writes to a new or empty directory, never over files", dir)
	}
	return nil
}

// writeNew writes a file that must not exist yet, and syncs it.
func writeNew(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s exists already (a district id that differs only in case from another's?); export never writes over a file", path)
		}
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
